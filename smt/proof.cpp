// The names the verdicts are printed and reported under, and the assumptions a run may use.
#include "smt/proof.hpp"

#include <algorithm>

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

}  // namespace meshcheck::smt
