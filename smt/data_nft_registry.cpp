// data_nft_registry's transition relation, branch for branch as
// model/data_nft_registry.cpp runs it. Its invariants' predicates are with their
// concrete checks, in invariants/data_nft_registry.cpp.
#include "smt/data_nft_registry.hpp"

#include <map>

#include "model/data_nft_registry.hpp"
#include "mutation/data_nft_registry.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace dnr = model::deployed::data_nft_registry;
using namespace data_nft_registry;
// The mutation sites, as model/data_nft_registry.cpp reads them
// (mutation/data_nft_registry.hpp).
namespace mut = mutation;
using Site = mutation::data_nft_registry::Site;

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), address = c.bv_sort(160), flag = c.bool_sort();
  auto by_id = [&](const z3::sort& range) { return c.array_sort(id, range); };
  return {
      {kExists, by_id(flag)},
      {kTokenId, by_id(id)},
      {kOwner, by_id(address)},
      {kDataUri, by_id(sort_of(c, types::string()))},
      {kPrivacy, by_id(c.bv_sort(8))},
      {kMintedAt, by_id(c.bv_sort(64))},
      {kPrice, by_id(c.bv_sort(128))},
      {kTransferable, by_id(flag)},
      {kCountExists, c.array_sort(address, flag)},
      {kCount, c.array_sort(address, c.bv_sort(128))},
      {kApprovalExists, by_id(flag)},
      {kApproved, by_id(address)},
      {kGrantExists, by_id(c.array_sort(address, flag))},
      {kGranted, by_id(c.array_sort(address, flag))},
      {kTotalSupply, id},
      {kAdmin, address},
      {kOwned, c.array_sort(address, c.bv_sort(kNumberBits))},
      {kSlot, c.array_sort(address, c.array_sort(c.bv_sort(kNumberBits), id)), true},
      {kNumber, by_id(c.bv_sort(kNumberBits)), true},
      // from_model rebuilds the highest id ever minted as total_supply (with the live ids),
      // which only total_supply's write in mint makes exact: without it (mutant
      // mint.supply_write:drop-write) the ghost is history, as the numbering is.
      {kHighest, id, mut::on(Site::kMintSupplyWrite, mut::Op::kDropWrite)},
  };
}

void put2(SymState& s, StateField field, const z3::expr& id, const z3::expr& grantee, const z3::expr& value) {
  s.set(field, z3::store(s[field], id, z3::store(z3::select(s[field], id), grantee, value)));
}

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const dnr::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  u128 highest = s.total_supply;
  for (auto& [token_id, n] : s.nfts.sorted()) {
    z3::expr key = bv_val(c, U256(token_id), 128);
    put(out, kExists, key, c.bool_val(true));
    put(out, kTokenId, key, bv_val(c, U256(n.token_id), 128));
    put(out, kOwner, key, address_val(c, n.owner));
    put(out, kDataUri, key, string_val(c, n.data_uri));
    put(out, kPrivacy, key, c.bv_val(static_cast<unsigned>(n.privacy_level), 8));
    put(out, kMintedAt, key, c.bv_val(static_cast<std::uint64_t>(n.minted_at), 64));
    put(out, kPrice, key, bv_val(c, U256(n.access_price), 128));
    put(out, kTransferable, key, c.bool_val(n.is_transferable));
    if (token_id > highest) highest = token_id;
  }
  for (auto& [owner, count] : s.owner_nft_count.sorted()) {
    z3::expr key = address_val(c, owner);
    put(out, kCountExists, key, c.bool_val(true));
    put(out, kCount, key, bv_val(c, U256(count), 128));
  }
  for (auto& [token_id, approved] : s.approvals.sorted()) {
    z3::expr key = bv_val(c, U256(token_id), 128);
    put(out, kApprovalExists, key, c.bool_val(true));
    put(out, kApproved, key, address_val(c, approved));
  }
  for (auto& [key, granted] : s.granted_access.sorted()) {
    z3::expr id = bv_val(c, U256(key.first), 128), grantee = address_val(c, key.second);
    put2(out, kGrantExists, id, grantee, c.bool_val(true));
    put2(out, kGranted, id, grantee, c.bool_val(granted));
  }
  put_numbering(out, data_nft_registry::Numbering::of(s));
  out.set(kTotalSupply, bv_val(c, U256(s.total_supply), 128));
  out.set(kAdmin, address_val(c, s.admin));
  out.set(kHighest, bv_val(c, U256(highest), 128));
  return out;
}

// A DataNFT as the seven expressions of its fields.
struct Nft {
  z3::expr token_id, owner, data_uri, privacy_level, minted_at, access_price, is_transferable;
};
Nft read_nft(const SymState& s, const z3::expr& key) {
  return {at(s, kTokenId, key), at(s, kOwner, key), at(s, kDataUri, key),     at(s, kPrivacy, key),
          at(s, kMintedAt, key), at(s, kPrice, key), at(s, kTransferable, key)};
}

// The ghost numbering's hook (smt/data_nft_registry.hpp), Z3 form; its concrete form is
// Numbering::on_write, below. Token `key`, when live, leaves its owner: the owner's
// count drops by one, and when the token numbered last is that owner's live token (it
// always is in a run; see the header), it takes key's number; the freed entries go back
// to their defaults.
void unnumber(SymState& s, const z3::expr& key) {
  z3::context& c = s.ctx();
  z3::expr live = at(s, kExists, key);
  z3::expr owner = at(s, kOwner, key);
  z3::expr n = at(s, kOwned, owner);
  z3::expr last = n - c.bv_val(1, kNumberBits);
  z3::expr i = at(s, kNumber, key);
  z3::expr slots = at(s, kSlot, owner);
  z3::expr moved = z3::select(slots, last);
  z3::expr moves = at(s, kExists, moved) && at(s, kOwner, moved) == owner && at(s, kNumber, moved) == last;
  z3::expr renumbered = z3::store(z3::store(slots, i, z3::ite(moves, moved, c.bv_val(0, 128))), last, c.bv_val(0, 128));
  put(s, kSlot, owner, z3::ite(live, renumbered, slots));
  // `moved` first: when it is `key` itself, key's entry ends at the default.
  z3::expr numbers = z3::store(z3::ite(moves, z3::store(s[kNumber], moved, i), s[kNumber]), key, c.bv_val(0, kNumberBits));
  s.set(kNumber, z3::ite(live, numbers, s[kNumber]));
  put(s, kOwned, owner, n - z3::ite(live, c.bv_val(1, kNumberBits), c.bv_val(0, kNumberBits)));
}
// Token `key` arrives at `owner`: it takes the next number.
void number(SymState& s, const z3::expr& key, const z3::expr& owner) {
  z3::expr n = at(s, kOwned, owner);
  put(s, kSlot, owner, z3::store(at(s, kSlot, owner), n, key));
  put(s, kNumber, key, n);
  put(s, kOwned, owner, n + s.ctx().bv_val(1, kNumberBits));
}
// `self.nfts.insert(key, n)`, with the hook: a live token that keeps its owner keeps its
// number; otherwise it leaves its old owner (when live) and arrives at its new one.
void write_nft(SymState& s, const z3::expr& key, const Nft& n) {
  z3::expr keeps = at(s, kExists, key) && at(s, kOwner, key) == n.owner;
  SymState moved = s;
  unnumber(moved, key);
  number(moved, key, n.owner);
  for (StateField f : {kSlot, kNumber}) s.set(f, z3::ite(keeps, s[f], moved[f]));
  // The count as a sum: -1 for the old owner when live, +1 for the new one (nets to 0
  // when they are the same).
  s.set(kOwned, moved[kOwned]);
  put(s, kExists, key, s.ctx().bool_val(true));
  put(s, kTokenId, key, n.token_id);
  put(s, kOwner, key, n.owner);
  put(s, kDataUri, key, n.data_uri);
  put(s, kPrivacy, key, n.privacy_level);
  put(s, kMintedAt, key, n.minted_at);
  put(s, kPrice, key, n.access_price);
  put(s, kTransferable, key, n.is_transferable);
}
// `self.nfts.erase(key)`: the defaults go back, as from_model leaves an absent key; the
// token leaves its owner's numbering.
void erase_nft(SymState& s, const z3::expr& key) {
  unnumber(s, key);
  for (StateField f : {kExists, kTokenId, kOwner, kDataUri, kPrivacy, kMintedAt, kPrice, kTransferable})
    put(s, f, key, zero_of(s[f].get_sort().array_range()));
}

// `owner_nft_count.insert(owner, n)` (count_of, in the header, is its get_or(owner, 0)).
void write_count(SymState& s, const z3::expr& owner, const z3::expr& n) {
  put(s, kCountExists, owner, s.ctx().bool_val(true));
  put(s, kCount, owner, n);
}

z3::expr u128_max(z3::context& c) { return bv_val(c, U256(kU128Max), 128); }


const model::EventSpec* event(const char* name) { return dnr::spec().event(name); }

std::vector<SymBranch> mint(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  // Payable, but the value sent is never looked at: it stays in the contract (pre holds it).
  z3::context& c = pre.ctx();
  const z3::expr& data_uri = args[0].expr();
  const z3::expr& privacy_level = args[1].expr();
  const z3::expr& access_price = args[2].expr();
  const z3::expr& is_transferable = args[3].expr();
  const z3::expr& caller = env.caller;
  z3::expr supply_saturated = pre[kTotalSupply] == u128_max(c);
  z3::expr token_id = mut::add(Site::kMintSupply, pre[kTotalSupply], c.bv_val(1, 128));
  SymState post = pre;
  // Once total_supply saturates this overwrites token u128::MAX, whoever owns it.
  if (mut::writes(Site::kMintWrite))
    write_nft(post, token_id,
              {token_id, caller, data_uri, privacy_level, env.timestamp, access_price, is_transferable});
  z3::expr count = count_of(post, caller);
  z3::expr count_saturated = count == u128_max(c);
  if (mut::writes(Site::kMintCountWrite))
    write_count(post, caller, mut::add(Site::kMintCount, count, c.bv_val(1, 128)));
  if (mut::writes(Site::kMintSupplyWrite)) post.set(kTotalSupply, token_id);
  post.set(kHighest, z3::ite(z3::ugt(token_id, pre[kHighest]), token_id, pre[kHighest]));
  std::vector<SymEvent> minted;
  if (mut::emits(Site::kMintEvent))
    minted = {{event("NFTMinted"),
               {u128_value(token_id), h160_value(mut::field(Site::kMintEvent, caller)), string_value(data_uri),
                scalar_value(types::u8(), privacy_level)}}};
  using Branch = dnr::MintBranch;
  std::vector<SymBranch> out;
  // The saturation markers come with the outcome; the first that applies names the branch.
  for (auto [name, guard] : {std::pair<BranchName, z3::expr>{Branch::kSupplySaturated, supply_saturated},
                             {Branch::kCountSaturated, !supply_saturated && count_saturated},
                             {Branch::kOk, !supply_saturated && !count_saturated}}) {
    SymBranch b = returns(name, guard, post, u128_value(token_id));
    b.events = minted;
    out.push_back(std::move(b));
  }
  return out;
}

// The guards most messages start with: the token is live, and the caller owns it.
// Returns the failing branches (of the message's branch enum `Branch`) and the condition
// to go on.
// `not_owner` is the message's mutation site of the second refusal.
template <model::BranchEnum Branch>
z3::expr owner_guards(std::vector<SymBranch>& out, const SymState& pre, const SymEnv& env, const z3::expr& token_id,
                      Site not_owner) {
  z3::expr live = at(pre, kExists, token_id);
  z3::expr owner = mut::allows(not_owner, at(pre, kOwner, token_id) == env.caller);
  out.push_back(returns(Branch::kNoToken, !live, pre, false));
  out.push_back(returns(Branch::kNotOwner, live && !owner, pre, false));
  return live && owner;
}

std::vector<SymBranch> transfer(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& token_id = args[0].expr();
  const z3::expr& to = args[1].expr();
  const z3::expr& caller = env.caller;
  using Branch = dnr::TransferBranch;
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, token_id, Site::kTransferNotOwner);
  Nft n = read_nft(pre, token_id);
  z3::expr transferable = mut::allows(Site::kTransferNotTransferable, n.is_transferable);
  out.push_back(returns(Branch::kNotTransferable, go && !transferable, pre, false));
  go = go && transferable;
  // The sender's count is written before the receiver's is read: a transfer to oneself
  // nets to zero.
  SymState post = pre;
  z3::expr sender_count = count_of(post, caller);
  z3::expr sender_zero = sender_count == c.bv_val(0, 128);
  if (mut::writes(Site::kTransferSenderWrite))
    write_count(post, caller, mut::sub(Site::kTransferSenderCount, sender_count, c.bv_val(1, 128)));
  z3::expr receiver_count = count_of(post, to);
  z3::expr receiver_saturated = receiver_count == u128_max(c);
  if (mut::writes(Site::kTransferReceiverWrite))
    write_count(post, to, mut::add(Site::kTransferReceiverCount, receiver_count, c.bv_val(1, 128)));
  n.owner = to;
  if (mut::writes(Site::kTransferWrite)) write_nft(post, token_id, n);
  if (mut::writes(Site::kTransferApprovalErase)) {
    put(post, kApprovalExists, token_id, c.bool_val(false));
    put(post, kApproved, token_id, zero_of(to.get_sort()));
  }
  std::vector<SymEvent> transferred;
  if (mut::emits(Site::kTransferEvent))
    transferred = {{event("NFTTransferred"),
                    {u128_value(token_id), h160_value(caller), h160_value(mut::field(Site::kTransferEvent, to))}}};
  const bool returned = mut::returned(Site::kTransferReturn, true);
  for (auto [name, guard] : {std::pair<BranchName, z3::expr>{Branch::kSenderCountZero, go && sender_zero},
                             {Branch::kReceiverCountSaturated, go && !sender_zero && receiver_saturated},
                             {Branch::kOk, go && !sender_zero && !receiver_saturated}}) {
    SymBranch b = returns(name, guard, post, returned);
    b.events = transferred;
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<SymBranch> approve(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& token_id = args[0].expr();
  const z3::expr& approved = args[1].expr();
  using Branch = dnr::ApproveBranch;
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, token_id, Site::kApproveNotOwner);
  SymState post = pre;
  if (mut::writes(Site::kApproveWrite)) {
    put(post, kApprovalExists, token_id, c.bool_val(true));
    put(post, kApproved, token_id, approved);
  }
  SymBranch ok = returns(Branch::kOk, go, post, mut::returned(Site::kApproveReturn, true));
  if (mut::emits(Site::kApproveEvent))
    ok.events = {{event("NFTApproved"),
                  {u128_value(token_id), h160_value(env.caller), h160_value(mut::field(Site::kApproveEvent, approved))}}};
  out.push_back(std::move(ok));
  return out;
}

std::vector<SymBranch> grant_access(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& token_id = args[0].expr();
  const z3::expr& grantee = args[1].expr();
  using Branch = dnr::GrantAccessBranch;
  std::vector<SymBranch> out;
  // Both refusals before the narrowing keep the value sent (pre holds it).
  z3::expr go = owner_guards<Branch>(out, pre, env, token_id, Site::kGrantNotOwner);
  // Narrowed only here, after the owner check: a non-owner's oversized value is kept.
  z3::expr above = z3::ugt(env.value, bv_val(c, kU128MaxAsU256, 256));
  out.push_back(revert_branch(Branch::kValueAboveU128, go && above, pre));
  go = go && !above;
  z3::expr payment = env.value.extract(127, 0);
  z3::expr below_price = mut::less(Site::kGrantBelowPrice, payment, at(pre, kPrice, token_id), false);
  out.push_back(returns(Branch::kBelowPrice, go && below_price, pre, false));
  SymState post = pre;
  if (mut::writes(Site::kGrantWrite)) {
    put2(post, kGrantExists, token_id, grantee, c.bool_val(true));
    put2(post, kGranted, token_id, grantee, c.bool_val(true));
  }
  SymBranch ok = returns(Branch::kOk, go && !below_price, post, mut::returned(Site::kGrantReturn, true));
  if (mut::emits(Site::kGrantEvent))
    ok.events = {{event("AccessGranted"),
                  {u128_value(token_id), h160_value(grantee), u128_value(mut::field(Site::kGrantEvent, payment))}}};
  out.push_back(std::move(ok));
  return out;
}

std::vector<SymBranch> revoke_access(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& token_id = args[0].expr();
  const z3::expr& grantee = args[1].expr();
  z3::expr live = at(pre, kExists, token_id);
  z3::expr by_owner = at(pre, kOwner, token_id) == env.caller;
  z3::expr by_admin = env.caller == pre[kAdmin];
  SymState post = pre;
  if (mut::writes(Site::kRevokeWrite)) {
    put2(post, kGrantExists, token_id, grantee, c.bool_val(false));
    put2(post, kGranted, token_id, grantee, c.bool_val(false));
  }
  std::vector<SymEvent> revoked;
  if (mut::emits(Site::kRevokeEvent))
    revoked = {{event("AccessRevoked"), {u128_value(token_id), h160_value(mut::field(Site::kRevokeEvent, grantee))}}};
  const bool returned = mut::returned(Site::kRevokeReturn, true);
  using Branch = dnr::RevokeAccessBranch;
  if (mut::active_at(Site::kRevokeNotOwnerOrAdmin)) {
    // The guard mutated (the unmutated formulas below are kept term for term: mutation/symbolic.hpp).
    z3::expr refused = mut::guard(Site::kRevokeNotOwnerOrAdmin, !by_owner && !by_admin);
    SymBranch owner = returns(Branch::kByOwner, live && !refused && by_owner, post, returned);
    owner.events = revoked;
    SymBranch admin = returns(Branch::kByAdmin, live && !refused && !by_owner, post, returned);
    admin.events = revoked;
    return {returns(Branch::kNoToken, !live, pre, false),
            returns(Branch::kNotOwnerOrAdmin, live && refused, pre, false), owner, admin};
  }
  SymBranch owner = returns(Branch::kByOwner, live && by_owner, post, returned);
  owner.events = revoked;
  SymBranch admin = returns(Branch::kByAdmin, live && !by_owner && by_admin, post, returned);
  admin.events = revoked;
  return {returns(Branch::kNoToken, !live, pre, false),
          returns(Branch::kNotOwnerOrAdmin, live && !by_owner && !by_admin, pre, false), owner, admin};
}

// update_data_uri and update_access_price (their branch enums are `Branch`): the owner
// rewrites one field of its token.
// Its mutation sites: the owner guard, the write, the event (already corrupted, if so,
// by the caller), the return.
template <model::BranchEnum Branch>
std::vector<SymBranch> update_field(const SymState& pre, const SymEnv& env, const z3::expr& token_id, const Nft& n,
                                    SymEvent updated, Site not_owner, Site write, Site emitted, Site returned) {
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, token_id, not_owner);
  SymState post = pre;
  if (mut::writes(write)) write_nft(post, token_id, n);
  SymBranch ok = returns(Branch::kOk, go, post, mut::returned(returned, true));
  if (mut::emits(emitted)) ok.events = {std::move(updated)};
  out.push_back(std::move(ok));
  return out;
}

std::vector<SymBranch> update_data_uri(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& token_id = args[0].expr();
  const z3::expr& new_uri = args[1].expr();
  Nft n = read_nft(pre, token_id);
  n.data_uri = new_uri;
  return update_field<dnr::UpdateDataUriBranch>(
      pre, env, token_id, n,
      {event("DataURIUpdated"), {u128_value(mut::field(Site::kUriEvent, token_id)), string_value(new_uri)}},
      Site::kUriNotOwner, Site::kUriWrite, Site::kUriEvent, Site::kUriReturn);
}

std::vector<SymBranch> update_access_price(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& token_id = args[0].expr();
  const z3::expr& new_price = args[1].expr();
  Nft n = read_nft(pre, token_id);
  n.access_price = new_price;
  return update_field<dnr::UpdateAccessPriceBranch>(
      pre, env, token_id, n,
      {event("AccessPriceUpdated"), {u128_value(token_id), u128_value(mut::field(Site::kPriceEvent, new_price))}},
      Site::kPriceNotOwner, Site::kPriceWrite, Site::kPriceEvent, Site::kPriceReturn);
}

std::vector<SymBranch> burn(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& token_id = args[0].expr();
  z3::expr live = at(pre, kExists, token_id);
  z3::expr owner = at(pre, kOwner, token_id);
  z3::expr by_owner = owner == env.caller;
  z3::expr by_admin = env.caller == pre[kAdmin];
  // The guard's mutants (the unmutated formulas are kept term for term: mutation/symbolic.hpp).
  const bool mutated = mut::active_at(Site::kBurnNotOwnerOrAdmin);
  z3::expr go = mutated ? live && !mut::guard(Site::kBurnNotOwnerOrAdmin, !by_owner && !by_admin)
                        : live && (by_owner || by_admin);
  // Approvals and access grants of the burnt token are left in storage.
  SymState post = pre;
  if (mut::writes(Site::kBurnWrite)) erase_nft(post, token_id);
  z3::expr count = count_of(post, owner);
  z3::expr count_zero = count == c.bv_val(0, 128);
  if (mut::writes(Site::kBurnCountWrite)) write_count(post, owner, mut::sub(Site::kBurnCount, count, c.bv_val(1, 128)));
  std::vector<SymEvent> burnt;
  if (mut::emits(Site::kBurnEvent))
    burnt = {{event("NFTBurned"), {u128_value(token_id), h160_value(mut::field(Site::kBurnEvent, owner))}}};
  const bool returned = mut::returned(Site::kBurnReturn, true);
  using Branch = dnr::BurnBranch;
  std::vector<SymBranch> out{returns(Branch::kNoToken, !live, pre, false),
                             returns(Branch::kNotOwnerOrAdmin,
                                     mutated ? live && mut::guard(Site::kBurnNotOwnerOrAdmin, !by_owner && !by_admin)
                                             : live && !by_owner && !by_admin,
                                     pre, false)};
  for (auto [name, guard] : {std::pair<BranchName, z3::expr>{Branch::kOwnerCountZero, go && count_zero},
                             {Branch::kByOwner, go && !count_zero && by_owner},
                             {Branch::kByAdmin, go && !count_zero && !by_owner}}) {
    SymBranch b = returns(name, guard, post, returned);
    b.events = burnt;
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = dnr::spec();
  return {
      {spec.message("mint"), mint},
      {spec.message("transfer"), transfer},
      {spec.message("approve"), approve},
      {spec.message("grant_access"), grant_access},
      {spec.message("revoke_access"), revoke_access},
      {spec.message("update_data_uri"), update_data_uri},
      {spec.message("update_access_price"), update_access_price},
      {spec.message("burn"), burn},
  };
}

}  // namespace

namespace data_nft_registry {

Numbering Numbering::of(const dnr::State& state) {
  Numbering out;
  for (auto& entry : state.nfts.sorted()) out.append(entry.second.owner, entry.first);
  return out;
}

// The concrete form of the hook (its Z3 form: unnumber, number and write_nft above).
void Numbering::on_write(const u128& id, const Address* old_owner, const Address* new_owner) {
  if (old_owner && new_owner && *old_owner == *new_owner) return;
  if (old_owner) remove(*old_owner, id);
  if (new_owner) append(*new_owner, id);
}

void Numbering::append(const Address& owner, const u128& id) {
  std::vector<u128>& tokens = slots_[owner];
  number_[id] = tokens.size();
  tokens.push_back(id);
}

void Numbering::remove(const Address& owner, const u128& id) {
  std::vector<u128>& tokens = slots_.at(owner);
  std::size_t i = number_.at(id);
  const u128 moved = tokens.back();
  tokens[i] = moved;
  number_[moved] = i;
  tokens.pop_back();
  number_.erase(id);
  if (tokens.empty()) slots_.erase(owner);
}

const std::vector<u128>& Numbering::tokens_of(const Address& owner) const {
  static const std::vector<u128> none;
  auto it = slots_.find(owner);
  return it == slots_.end() ? none : it->second;
}

z3::expr numbered(const SymState& s) {
  z3::expr k = s.ctx().constant("token", s.ctx().bv_sort(128));
  return z3::forall(k, z3::implies(at(s, kExists, k), z3::select(at(s, kSlot, at(s, kOwner, k)), at(s, kNumber, k)) == k));
}

z3::expr free_slots_empty(const SymState& s) {
  z3::context& c = s.ctx();
  z3::expr owner = c.constant("account", c.bv_sort(160));
  z3::expr i = c.constant("number", c.bv_sort(kNumberBits));
  return z3::forall(owner, i,
                    z3::implies(z3::uge(i, at(s, kOwned, owner)), z3::select(at(s, kSlot, owner), i) == c.bv_val(0, 128)));
}

void put_numbering(SymState& s, const Numbering& numbering) {
  z3::context& c = s.ctx();
  for (StateField f : {kOwned, kSlot, kNumber}) s.set(f, zero_of(s[f].get_sort()));
  for (auto& entry : numbering.owners()) {
    z3::expr owner = address_val(c, entry.first);
    const std::vector<u128>& tokens = entry.second;
    z3::expr slots = at(s, kSlot, owner);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      z3::expr id = bv_val(c, U256(tokens[i]), 128);
      slots = z3::store(slots, c.bv_val(static_cast<std::uint64_t>(i), kNumberBits), id);
      put(s, kNumber, id, c.bv_val(static_cast<std::uint64_t>(i), kNumberBits));
    }
    put(s, kSlot, owner, slots);
    put(s, kOwned, owner, c.bv_val(static_cast<std::uint64_t>(tokens.size()), kNumberBits));
  }
}

}  // namespace data_nft_registry

const ContractEncoding& data_nft_registry_encoding() {
  static const ContractEncoding e{&dnr::spec(), schema, from_model, messages};
  return e;
}

}  // namespace meshcheck::smt
