// Selectors and topics, computed by ink!'s rules rather than only read from metadata,
// so that they can be checked against it and so that the model can emit its events
// byte for byte as the chain would.
//
// - A message or constructor selector is the first 4 bytes of BLAKE2b-256 of its
//   label. A trait message's label in the metadata is already "Trait::message", which
//   is exactly the string ink! hashes for it; an explicit #[ink(selector = ...)] does
//   not follow the rule and shows up as a mismatch.
// - An event's signature topic is BLAKE2b-256 of "Name(T1,T2,...)" where each Ti is the
//   field type as written in the source; the metadata keeps that as displayName (path
//   segments joined by "::"). displayName drops generic arguments and is empty for an
//   array, so for those the type is written out from the registry as Rust writes it
//   without spaces (`Option<u128>`, `Vec<u128>`, `[u8;33]`); an alias inside a generic
//   (`Option<Hash32>`) cannot be recovered that way, and no event of either profile has
//   one. The deployed contracts' events have no generic or array field; the spec
//   profile's phala `JobSubmitted` has an `Option<u128>` and mev's `BatchCreated` a
//   `Vec<u128>`.
// - An indexed field's topic is its SCALE encoding zero-padded to 32 bytes, or the
//   BLAKE2b-256 of the encoding when that is longer than 32 bytes (ink! 5's
//   TopicsBuilder and ink! 6's Ink-ABI TopicEncoder share the rule).
#pragma once

#include <string>

#include "abi/metadata.hpp"

namespace meshcheck::abi {

Selector compute_selector(std::string_view label);
std::string event_signature(const AbiEvent& event);  // "Deposited(u128,AccountId,AccountId,u128)"
Hash32 compute_signature_topic(const AbiEvent& event);
Hash32 field_topic(TypeRef type, const Value& value);

// Every place where a computed selector or signature topic differs from the
// metadata's, as "message NAME: selector 0x... in the metadata, 0x... computed".
std::vector<std::string> check_computed_hashes(const Metadata& m);

}  // namespace meshcheck::abi
