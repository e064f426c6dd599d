// The spec profile's values as the rest of meshcheck sees them: the ink! type of each
// concrete C++ type a spec message takes or returns (a TypeRef), and the conversions
// between the concrete domain and model::Value (traces, reports) and from flattened
// leaves (events, frames and returns as the executor records them, record.hpp).
//
// Everything follows from the C++ types; what C++ cannot say is declared once beside
// them, in the bridge's table of each contract: the Rust name and field names of a
// record (RecordInfo, their number checked against its `tie`), the name and variant
// names of an enum (EnumInfo).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/spec/domain/record.hpp"
#include "model/value.hpp"

namespace meshcheck::model::spec::bridge {

// The Rust name of a record and its fields' names, in `tie` order (no name: a tuple,
// whose fields' names only document them). A field named "" is
// spliced: its own fields stand in its place (ProviderInfo is Provider's fields, then
// provider and eligible).
template <class T> struct RecordInfo;
// The Rust name of a unit enum and its variants' names, in declaration order.
template <class E> struct EnumInfo;

template <class T> struct IsOption : std::false_type {};
template <class T> struct IsOption<Option<Concrete, T>> : std::true_type {
  using Inner = T;
};
template <class T> struct IsBoundedVec : std::false_type {};
template <class T, std::size_t N> struct IsBoundedVec<BoundedVec<Concrete, T, N>> : std::true_type {
  using Item = T;
  static constexpr std::size_t kBound = N;
};
template <class T> struct IsByteArray : std::false_type {};
template <std::size_t N> struct IsByteArray<ByteArray<N>> : std::true_type {
  static constexpr std::size_t kLength = N;
};

template <class T> using TieOf = decltype(T::tie(std::declval<T&>()));
template <class T, std::size_t I> using FieldType = std::remove_cvref_t<std::tuple_element_t<I, TieOf<T>>>;
template <class T> inline constexpr std::size_t kFieldCount = std::tuple_size_v<TieOf<T>>;

template <class T> constexpr void check_record_info() {
  static_assert(RecordInfo<T>::kFields.size() == kFieldCount<T>,
                "RecordInfo: one name per field of the record's tie, in order");
}

// --- ink! types ----------------------------------------------------------------------
template <class T> TypeRef type_of();

template <class T> void record_fields(std::vector<Field>& out) {
  check_record_info<T>();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using F = FieldType<T, J>;
      std::string_view name = RecordInfo<T>::kFields[J];
      if constexpr (Record<F> && !IsOption<F>::value && !IsBoundedVec<F>::value) {
        if (name.empty()) return record_fields<F>(out);
      }
      out.push_back(Field{std::string(name), type_of<F>()});
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<kFieldCount<T>>{});
}

template <class T> TypeRef type_of() {
  if constexpr (std::is_same_v<T, bool>) return types::boolean();
  else if constexpr (std::is_same_v<T, u8>) return types::u8();
  else if constexpr (std::is_same_v<T, std::int32_t>) return types::i32();
  else if constexpr (std::is_same_v<T, u32>) return types::u32();
  else if constexpr (std::is_same_v<T, u64>) return types::u64();
  else if constexpr (std::is_same_v<T, u128>) return types::u128();
  else if constexpr (std::is_same_v<T, U256>) return types::u256();
  else if constexpr (std::is_same_v<T, std::string>) return types::string();
  else if constexpr (std::is_same_v<T, Address>) return types::h160();  // spec R1: all ink! 6
  else if constexpr (IsByteArray<T>::value) return types::byte_array(IsByteArray<T>::kLength);
  else if constexpr (std::is_enum_v<T>) {
    static const TypeRef t = types::unit_enum(
        std::string(EnumInfo<T>::kName),
        std::vector<std::string>(EnumInfo<T>::kVariants.begin(), EnumInfo<T>::kVariants.end()));
    return t;
  } else if constexpr (IsOption<T>::value) {
    static const TypeRef t = types::option(type_of<typename IsOption<T>::Inner>());
    return t;
  } else if constexpr (IsBoundedVec<T>::value) {
    static const TypeRef t = types::vec(type_of<typename IsBoundedVec<T>::Item>());
    return t;
  } else if constexpr (Record<T>) {
    static const TypeRef t = [] {
      std::vector<Field> fields;
      record_fields<T>(fields);
      if (RecordInfo<T>::kName.empty()) {  // a tuple: get_batch_stats' (u32, u128, bool)
        std::vector<TypeRef> elems;
        for (auto& f : fields) elems.push_back(f.type);
        return types::tuple(std::move(elems));
      }
      return types::struct_(std::string(RecordInfo<T>::kName), std::move(fields));
    }();
    return t;
  } else {
    static_assert(sizeof(T) == 0, "type_of: a type the spec bridge does not know");
  }
}

// --- to model::Value -------------------------------------------------------------------
template <class T> Value to_value(const T& v);

template <class T> void record_values(const T& v, Value::Seq& out) {
  check_record_info<T>();
  auto tied = T::tie(v);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using F = FieldType<T, J>;
      if constexpr (Record<F> && !IsOption<F>::value && !IsBoundedVec<F>::value) {
        if (RecordInfo<T>::kFields[J].empty()) return record_values(std::get<J>(tied), out);
      }
      out.push_back(to_value(std::get<J>(tied)));
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<kFieldCount<T>>{});
}

template <class T> Value to_value(const T& v) {
  if constexpr (std::is_same_v<T, std::int32_t>) return Value(U256(static_cast<std::uint32_t>(v)));
  else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, u8> || std::is_same_v<T, u32> ||
                     std::is_same_v<T, u64> || std::is_same_v<T, u128> || std::is_same_v<T, U256> ||
                     std::is_same_v<T, std::string> || std::is_same_v<T, Address>)
    return Value(v);
  else if constexpr (IsByteArray<T>::value)
    return Value(std::string(reinterpret_cast<const char*>(v.bytes.data()), v.bytes.size()));
  else if constexpr (std::is_enum_v<T>) return Value::variant(static_cast<u32>(v));
  else if constexpr (IsOption<T>::value) return v.some ? Value::some(to_value(v.value)) : Value::none();
  else if constexpr (IsBoundedVec<T>::value) {
    Value::Seq items;
    for (u32 i = 0; i < v.len; ++i) items.push_back(to_value(v.items[i]));
    return Value(std::move(items));
  } else {
    Value::Seq items;
    record_values(v, items);
    return Value(std::move(items));
  }
}

// --- from model::Value (already checked against type_of<T>()) ---------------------------
// A value the model cannot hold (a Vec past its bound).
struct BoundError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T> T from_value(const Value& v);

template <class T> void record_from_values(T& out, const Value::Seq& items, std::size_t& at) {
  check_record_info<T>();
  auto tied = T::tie(out);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using F = FieldType<T, J>;
      if constexpr (Record<F> && !IsOption<F>::value && !IsBoundedVec<F>::value) {
        if (RecordInfo<T>::kFields[J].empty()) return record_from_values(std::get<J>(tied), items, at);
      }
      std::get<J>(tied) = from_value<F>(items.at(at++));
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<kFieldCount<T>>{});
}

template <class T> T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, bool>) return v.as_bool();
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(v.as_int()));
  else if constexpr (std::is_same_v<T, u8> || std::is_same_v<T, u32> || std::is_same_v<T, u64>)
    return static_cast<T>(v.as_int());
  else if constexpr (std::is_same_v<T, u128>) return u128(v.as_int());
  else if constexpr (std::is_same_v<T, U256>) return v.as_int();
  else if constexpr (std::is_same_v<T, std::string>) return v.as_string();
  else if constexpr (std::is_same_v<T, Address>) return v.as_address();
  else if constexpr (IsByteArray<T>::value) {
    // Any N (Hash32, PubKey33, Sig65): the trace reader has checked the length against
    // type_of<T>() (2N hex digits), so a shorter string here is a caller's bug: at() throws.
    T out;
    const std::string& s = v.as_string();
    for (std::size_t i = 0; i < out.bytes.size(); ++i) out.bytes[i] = static_cast<u8>(s.at(i));
    return out;
  } else if constexpr (std::is_enum_v<T>) return static_cast<T>(v.as_enum().index);
  else if constexpr (IsOption<T>::value) {
    const auto& e = v.as_enum();
    if (e.index == 0) return T::none();
    return T::of(from_value<typename IsOption<T>::Inner>(e.fields.at(0)));
  } else if constexpr (IsBoundedVec<T>::value) {
    const auto& items = v.as_seq();
    if (items.size() > IsBoundedVec<T>::kBound)
      throw BoundError("a Vec of " + std::to_string(items.size()) + " items; the spec model holds at most " +
                       std::to_string(IsBoundedVec<T>::kBound));
    T out;
    out.len = static_cast<u32>(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.items[i] = from_value<typename IsBoundedVec<T>::Item>(items[i]);
    return out;
  } else {
    T out{};
    std::size_t at = 0;
    record_from_values(out, v.as_seq(), at);
    return out;
  }
}

// --- from flattened leaves ---------------------------------------------------------------
// The executor records events, frames' arguments and returns as leaves; a table that
// declares other types than a message emits is a bug, named here.
[[noreturn]] inline void leaf_mismatch(const char* expected) {
  throw std::logic_error(std::string("spec bridge: a declared type does not match the recorded leaves (expected ") +
                         expected + ")");
}

template <class T> T from_leaves(const std::vector<ConcreteLeaf>& leaves, std::size_t& at) {
  auto next = [&](unsigned width, const char* what) -> const ConcreteLeaf& {
    if (at >= leaves.size() || leaves[at].width != width) leaf_mismatch(what);
    return leaves[at++];
  };
  if constexpr (std::is_same_v<T, bool>) return next(0, "bool").v != 0;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(next(32, "i32").v));
  else if constexpr (ConcreteUint<T>) return static_cast<T>(next(kBits<T>, "an integer").v);
  else if constexpr (std::is_same_v<T, std::string>) return next(kStringLeaf, "String").text;
  else if constexpr (std::is_same_v<T, Address>) {
    U256 v = next(160, "H160").v;
    Address a = Address::filled(AddressKind::H160, 0);
    for (int i = 19; i >= 0; --i, v >>= 8) a.bytes[i] = static_cast<u8>(v & 0xff);
    return a;
  } else if constexpr (IsByteArray<T>::value) {
    constexpr std::size_t n = IsByteArray<T>::kLength;
    T out;
    if constexpr (n <= 32) {
      U256 v = next(unsigned(8 * n), "a byte array").v;
      for (int i = int(n) - 1; i >= 0; --i, v >>= 8) out.bytes[i] = static_cast<u8>(v & 0xff);
    } else {
      // Wider than a U256 (PubKey33, Sig65): the leaf carries the bytes, in order, in
      // `text` (concrete.hpp leaf_of); `v` is unused.
      const std::string& text = next(unsigned(8 * n), "a wide byte array").text;
      if (text.size() != n) leaf_mismatch("a wide byte array's bytes in its text");
      for (std::size_t i = 0; i < n; ++i) out.bytes[i] = static_cast<u8>(text[i]);
    }
    return out;
  } else if constexpr (std::is_enum_v<T>) return static_cast<T>(static_cast<unsigned>(next(8, "an enum").v));
  else if constexpr (IsOption<T>::value) {
    T out;
    out.some = from_leaves<bool>(leaves, at);
    out.value = from_leaves<typename IsOption<T>::Inner>(leaves, at);
    return out;
  } else if constexpr (IsBoundedVec<T>::value) {
    T out;
    out.len = from_leaves<u32>(leaves, at);
    for (auto& item : out.items) item = from_leaves<typename IsBoundedVec<T>::Item>(leaves, at);
    return out;
  } else {
    T out{};
    std::apply([&](auto&... f) { ((f = from_leaves<std::remove_cvref_t<decltype(f)>>(leaves, at)), ...); },
               T::tie(out));
    return out;
  }
}

// All of `leaves` as one T, as a model::Value.
template <class T> Value value_from_leaves(const std::vector<ConcreteLeaf>& leaves, std::size_t& at) {
  return to_value(from_leaves<T>(leaves, at));
}

}  // namespace meshcheck::model::spec::bridge
