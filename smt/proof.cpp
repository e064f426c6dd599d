// The names the verdicts are printed and reported under, and the assumptions a run may use.
#include "smt/proof.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "invariants/invariant.hpp"

namespace meshcheck::smt {

std::vector<std::string> ProveOptions::assumptions() const {
  std::vector<std::string> out;
  for (auto& a : invariants::assumptions())
    if (std::find(no_assume.begin(), no_assume.end(), a.id) == no_assume.end()) out.push_back(a.id);
  return out;
}

const char* verdict_name(ProofVerdict::Kind kind) {
  using Kind = ProofVerdict::Kind;
  switch (kind) {
    case Kind::Proved: return "PROVED";
    case Kind::Violated: return "VIOLATED";
    case Kind::HoldsToDepth: return "HOLDS TO DEPTH";
    case Kind::Unknown: return "UNKNOWN";
    case Kind::Vacuous: return "VACUOUS";
    case Kind::Error: return "ERROR";
  }
  return "?";
}

std::vector<CostedObligation> obligations_by_cost(const std::vector<ProofVerdict>& verdicts) {
  std::vector<CostedObligation> rows;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (auto& v : verdicts)
    for (auto& o : v.obligations)
      if (seen.insert({o.contract, o.what, o.shared ? std::string() : v.id}).second) rows.push_back({&o, v.id});
  std::stable_sort(rows.begin(), rows.end(), [](const CostedObligation& a, const CostedObligation& b) {
    return a.obligation->rlimit != b.obligation->rlimit ? a.obligation->rlimit > b.obligation->rlimit
                                                        : a.obligation->seconds > b.obligation->seconds;
  });
  return rows;
}

}  // namespace meshcheck::smt
