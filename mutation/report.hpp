// mutation.json and mutation.md: the score per profile, contract and engine, the mutant ×
// invariant matrix, and every survivor with its site, change and a suggested invariant or
// test. Both depend only on the mutants' results (no times, no shard), so the merge of
// shards' files is the file one run writes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace meshcheck::mutation {

// The document of a run: `settings` (budget, engines), `baselines` (per contract),
// `results` (one entry per mutant, any order): sorted into the catalog's order, with
// the summary computed.
nlohmann::json document(const std::string& profile, const nlohmann::json& settings, const nlohmann::json& baselines,
                        nlohmann::json results);

// Merges shards' documents; "" in `error` or why they cannot be merged.
nlohmann::json merge(const std::vector<nlohmann::json>& docs, std::string& error);

std::string markdown(const nlohmann::json& doc);

// A test or invariant that would catch a surviving mutant, from its operator and site.
std::string suggestion(const nlohmann::json& mutant);

// The survivors without an accepted equivalence reason.
std::size_t unexplained_survivors(const nlohmann::json& doc);

}  // namespace meshcheck::mutation
