// The spec prover's solvers (solver.hpp).
#include "smt/spec/solver.hpp"

#include <cstdio>
#include <cstdlib>

namespace meshcheck::smt::spec {

namespace {

// Whether `m` satisfies every assertion of `s`, bv2int read exactly.
bool satisfies_all(const z3::model& m, const z3::solver& s) {
  const z3::expr_vector assertions = s.assertions();
  for (unsigned i = 0; i < assertions.size(); ++i)
    if (!m.eval(assertions[i], true).is_true()) return false;
  return true;
}

// A sat of `s` with its model when the model satisfies s's assertions, else unknown.
Checked confirmed(z3::solver& s, Answer a) {
  if (a.result != z3::sat) return Checked{a, std::nullopt};
  z3::model m = s.get_model();
  if (satisfies_all(m, s)) return Checked{a, m};
  a.result = z3::unknown;
  a.reason = "Z3 answered sat with a model that does not satisfy the query";
  return Checked{a, std::nullopt};
}

}  // namespace

z3::solver spec_solver(z3::context& c, Bv2Int bv2int) {
  z3::solver s(c);
  // Set before the first assertion: Z3 reads them when it sets the query up.
  z3::params p(c);
  p.set("relevancy", 0u);
  p.set("bv.enable_int2bv", bv2int == Bv2Int::kExact);
  s.set(p);
  return s;
}

z3::solver make_spec_solver(z3::context& c, const QueryLimits& limits, Bv2Int bv2int) {
  z3::solver s = spec_solver(c, bv2int);
  set_limits(s, limits);
  return s;
}

Checked check_confirmed(z3::solver& s, const QueryLimits& limits, AskAgain again) {
  const Answer raw = check(s, limits);
  const Checked first = confirmed(s, raw);
  const Answer& a = first.answer;
  if (a.result != z3::unknown || a.safety_net) return first;
  const bool failed_sat = raw.result == z3::sat;  // and its model failed
  if (!failed_sat && again != AskAgain::kFailedSatOrUnknown) return first;
  z3::solver exact = make_spec_solver(s.ctx(), limits, Bv2Int::kExact);
  exact.add(s.assertions());
  Checked out = confirmed(exact, check(exact, limits));
  if (std::getenv("MESHCHECK_SPEC_TRACE"))
    std::fprintf(stderr, "  asked again with bv2int exact, after %s %llu: %s %llu %.2f s\n",
                 failed_sat ? "sat" : a.text().c_str(), (unsigned long long)a.rlimit, out.answer.text().c_str(),
                 (unsigned long long)out.answer.rlimit, out.answer.seconds);
  out.answer.rlimit += a.rlimit;
  out.answer.seconds += a.seconds;
  return out;
}

}  // namespace meshcheck::smt::spec
