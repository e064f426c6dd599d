#!/usr/bin/env bash
# The main job on the built-in defaults: installs what is missing, builds, and runs
# `meshcheck report` (both profiles side by side: the deployed contracts and the design's
# spec, with the composed spec prover's proofs; seed 1, default budget) over the six
# contracts, with every bundled upstream scenario replayed too. The reports go to
# meshcheck-report/.
# Exit status: 0 nothing violated, 1 something violated (the deployed contracts do break
# invariants of the catalog), 2 unusable input.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
traces=()
for t in tests/traces/upstream/*/*.jsonl; do traces+=(--trace "$t"); done
status=0
./build/meshcheck report --out meshcheck-report --seed 1 --budget default --jobs 2 --prove-spec "${traces[@]}" ||
  status=$?
if ((status < 2)); then
  echo "meshcheck: the reports are in $PWD/meshcheck-report/: report.md (read it first), report.html (open it in a"
  echo "browser), report.json, junit.xml, report.sarif; counterexample traces in meshcheck-report/counterexamples/"
fi
exit "$status"
