// The names the verdicts are printed and reported under.
#include "smt/proof.hpp"

namespace meshcheck::smt {

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
