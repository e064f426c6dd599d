#!/usr/bin/env bash
# Raw replay throughput, meshcheck against @polkadot/api-contract on the same calls:
# writes the six-contract workload as a raw trace (SCALE input, output and events),
# replays it with `meshcheck replay --metadata` pinned to one core, at CALLS/4 and
# CALLS calls so that memory growth shows, without and with the invariant catalog;
# then decodes the same CALLS calls with @polkadot/api-contract in Node
# (js/decode_bench.mjs). Rates are per second of wall time and per second of CPU time
# (the second is what one core does when the machine is shared). Peak RSS grows with
# the number of calls because the workload's world does: it creates jobs, providers,
# tokens and intents and never deletes them; replay itself holds one line at a time.
#
#   bash bench/raw_throughput.sh [BUILD_DIR (build)] [CALLS (1000000)]
#
# The metadata is the deployed contracts' (../shared/abis) when present, otherwise
# synthesized from the model (polkadot.js then reads the synthesized files).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
calls=${2:-1000000}
work=$(mktemp -d /tmp/meshcheck-raw-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
abis=../shared/abis
[[ -f $abis/payment_escrow.json ]] || abis=$work/abis  # meshcheck_bench synthesizes it there
echo "metadata: $abis"

for n in $((calls / 4)) "$calls"; do
  "$build/meshcheck_bench" --write-raw-trace "$n" "$work/raw-$n.jsonl" "$abis"
  for invariants in --no-invariants ""; do
    # Exit 1 with the catalog: the workload breaks N-BURN on every burn (the deployed
    # data_nft_registry keeps a burnt token's grants); 2 would be an unreadable trace.
    status=0
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" taskset -c 0 "$build/meshcheck" replay -q $invariants \
      --metadata "$abis" "$work/raw-$n.jsonl" > "$work/report" || status=$?
    if ((status == 2)) || { [[ -n $invariants ]] && ((status != 0)); }; then
      head -5 "$work/report"
      echo "meshcheck replay failed ($status)"
      exit 1
    fi
    read -r wall user sys rss_kb < <(tail -n 1 "$work/time")  # (after "Command exited with non-zero status 1")
    awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v kb="$rss_kb" -v inv="${invariants:-with invariants}" \
      'BEGIN { c = u + s; printf "meshcheck replay (%s): %d calls, %.2f s wall = %.0f calls/s, %.2f s CPU = %.0f calls/CPU-s, peak RSS %.1f MB\n", inv, n, w, n / w, c, n / c, kb / 1024 }'
  done
done
node js/decode_bench.mjs "$abis" "$work/raw-$calls.jsonl" | node -e '
  const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`@polkadot/api-contract decode: ${j.calls} calls (${j.events} events), ${j.seconds} s wall = ${j.calls_per_s} calls/s, ` +
              `${j.cpu_seconds} s CPU = ${j.calls_per_cpu_s} calls/CPU-s, RSS ${j.rss_mb} MB`)'
