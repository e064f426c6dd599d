#!/usr/bin/env bash
# The figures of issue 12 section 4, side by side with a previous build in one run:
# `meshcheck prove --jobs 2` and the default `meshcheck report --seed 1 --jobs 2`, each
# run N times per binary (interleaved, so a shared machine's load falls on both alike),
# with the median wall time, user+sys CPU time, and the new/old ratio.
#
#   bash bench/prove_report_timing.sh NEW_BINARY [OLD_BINARY] [N]
#   bash bench/prove_report_timing.sh build/meshcheck /work/main/build/meshcheck 3
#
# The prove run's slowest obligations: NEW_BINARY prove --jobs 2 --slowest 20.
set -euo pipefail
new=${1:?the meshcheck binary to measure}
old=${2:-}
n=${3:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a command; appends "wall cpu" (seconds) to the file $1.
measure() {
  local into=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$tmp/cpu" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  # (time writes "Command exited with non-zero status N" first when the command fails)
  echo "$(echo "$t1 - $t0" | bc) $(tail -n 1 "$tmp/cpu" | awk '{print $1 + $2}')" >>"$into"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for i in $(seq "$n"); do
  for which in new old; do
    bin=${!which}
    [ -n "$bin" ] || continue
    measure "$tmp/$which.prove" "$bin" prove --jobs 2 --out "$tmp/$which-prove-out"
    measure "$tmp/$which.report" "$bin" report --seed 1 --jobs 2 --out "$tmp/$which-report-out"
  done
done

printf '%-8s %-7s %12s %12s\n' binary job "wall (s)" "cpu (s)"
for which in new old; do
  [ -f "$tmp/$which.prove" ] || continue
  for job in prove report; do
    w=$(cut -d' ' -f1 "$tmp/$which.$job" | median)
    c=$(cut -d' ' -f2 "$tmp/$which.$job" | median)
    printf '%-8s %-7s %12.1f %12.1f\n' "$which" "$job" "$w" "$c"
    echo "$w" >"$tmp/$which.$job.median"
  done
done
if [ -n "$old" ]; then
  for job in prove report; do
    echo "$job: new/old wall = $(echo "scale=2; $(cat "$tmp/new.$job.median") / $(cat "$tmp/old.$job.median")" | bc)"
  done
fi
