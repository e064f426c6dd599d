#!/usr/bin/env bash
# A short libFuzzer run, as ctest does it: run.sh FUZZER SEED_CORPUS WORK_DIR SECONDS.
# Every seed is run first, then FUZZER mutates for SECONDS; new inputs go to
# WORK_DIR/new (the committed corpus is only read), a crash to WORK_DIR/crash-*.
# Exit 0 no crash, 1 a crash, a leak, a timeout or an out-of-memory; 77 (ctest: skipped)
# when FUZZER has not been built (scripts/build-fuzz.sh).
#
# The mutation seed is MESHCHECK_LIBFUZZER_SEED, 1 unless set, so that CI explores the
# same inputs on every run and a red CI can be reproduced here; set it to 0 (libFuzzer
# then picks a random seed) to explore, e.g. for an hour:
#   MESHCHECK_LIBFUZZER_SEED=0 bash fuzz/libfuzzer/run.sh build-fuzz/fuzz/libfuzzer/trace_line_fuzzer \
#     fuzz/libfuzzer/corpus/trace_line_fuzzer /tmp/trace_line_fuzzer 3600
set -uo pipefail
fuzzer=$1 corpus=$2 work=$3 seconds=$4
if [[ ! -x $fuzzer ]]; then
  echo "$fuzzer is not built (scripts/build-fuzz.sh builds it with clang); skipped"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work/new"
"$fuzzer" -seed="${MESHCHECK_LIBFUZZER_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/" "$work/new" "$corpus" 2>&1 |
  grep -v -E '^#[0-9]+.*(NEW|REDUCE|pulse)|NEW_FUNC|# Uses: ' # progress lines; keep the summary and any report
status=${PIPESTATUS[0]}
((status == 0)) || echo "FAILED: $fuzzer exited $status; the input is in $work/ (crash-*, timeout-*, oom-*, leak-*)"
exit "$status"
