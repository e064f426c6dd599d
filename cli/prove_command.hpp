// `meshcheck prove` as a command: checks the options, runs the prover (smt/prover.hpp),
// writes the counterexamples and prints one line per invariant and a summary.
#pragma once

#include <ostream>

#include "smt/prover.hpp"

namespace meshcheck::cli {

// 0 when nothing is VIOLATED (and nothing is an ERROR, and the wall-clock safety net
// never fired), 1 when something is (or it did), 2 for unusable options. With `json`, the
// verdicts are one JSON document on `out` (each as report.json's "prove" object, with its
// id) instead of the text.
int run_prove_command(const smt::ProveOptions& options, std::ostream& out, std::ostream& err, bool json = false);

}  // namespace meshcheck::cli
