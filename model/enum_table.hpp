// A value for each enumerator of an enum, written next to the enumerator it belongs to.
//
// Two parallel lists (an enum and, elsewhere, the texts or functions that go with its
// enumerators, tied only by position) drift apart silently when one of them gains,
// loses or reorders an entry. An EnumTable pairs them entry by entry instead, and checks
// the pairing when the program is compiled.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

namespace meshcheck::model {

// An enum whose enumerators are 0, 1, 2, ... in declaration order, followed by kCount
// (their number).
template <class E>
concept CountedEnum = std::is_enum_v<E> && requires { E::kCount; };

template <CountedEnum E>
constexpr std::size_t index_of(E e) {
  return static_cast<std::size_t>(e);
}

// Every enumerator of E but kCount, in declaration order.
template <CountedEnum E>
constexpr std::array<E, index_of(E::kCount)> all_of() {
  std::array<E, index_of(E::kCount)> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
  return out;
}

// {{E::kA, a}, {E::kB, b}, ...}: a T for every enumerator of E. Built at compile time,
// and the build fails unless the entries name all of E's enumerators, in declaration
// order, each once.
template <CountedEnum E, class T>
class EnumTable {
 public:
  static constexpr std::size_t kSize = index_of(E::kCount);
  struct Entry {
    E key;
    T value;
  };

  // A forgotten entry becomes a default one (key 0) at the end, so it fails the same
  // check as a misplaced one.
  consteval EnumTable(const Entry (&entries)[kSize]) {
    for (std::size_t i = 0; i < kSize; ++i) {
      // Not a constant expression, so it stops the build here, at the entry it names.
      if (index_of(entries[i].key) != i) throw "EnumTable: an entry is missing, repeated or out of declaration order";
      values_[i] = entries[i].value;
    }
  }

  constexpr const T& operator[](E key) const { return values_[index_of(key)]; }
  constexpr const std::array<T, kSize>& values() const { return values_; }

 private:
  std::array<T, kSize> values_{};
};

}  // namespace meshcheck::model
