#!/usr/bin/env bash
# A short libFuzzer run, as ctest does it: run.sh FUZZER SEED_CORPUS WORK_DIR SECONDS.
# Every seed is run first, then FUZZER mutates for SECONDS; new inputs go to
# WORK_DIR/new (the committed corpus is only read), a crash to WORK_DIR/crash-*.
# Exit 0 no crash, 1 a crash, a leak, a timeout or an out-of-memory; 77 (ctest: skipped)
# when FUZZER has not been built (scripts/build-fuzz.sh).
set -uo pipefail
fuzzer=$1 corpus=$2 work=$3 seconds=$4
if [[ ! -x $fuzzer ]]; then
  echo "$fuzzer is not built (scripts/build-fuzz.sh builds it with clang); skipped"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work/new"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/" "$work/new" "$corpus" 2>&1 |
  grep -v -E '^#[0-9]+.*(NEW|REDUCE|pulse)|NEW_FUNC|# Uses: ' # progress lines; keep the summary and any report
status=${PIPESTATUS[0]}
((status == 0)) || echo "FAILED: $fuzzer exited $status; the input is in $work/ (crash-*, timeout-*, oom-*, leak-*)"
exit "$status"
