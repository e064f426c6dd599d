#!/usr/bin/env bash
# Installs what meshcheck needs to build and test, from Debian's packages. Idempotent:
# packages already present are not fetched again. Run as root (as CI does).
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  ccache                  # rebuilds of unchanged sources are cache hits (scripts/build.sh)
  libboost-dev            # Boost.Multiprecision (exact u128/U256), small_vector
  nlohmann-json3-dev      # JSON (traces, reports)
  libcli11-dev            # the command line
  libz3-dev               # Z3 C++ API (smt/)
  librapidcheck-dev       # property-based and stateful testing (fuzz/)
  libgtest-dev libgmock-dev
  libbenchmark-dev        # Google Benchmark (bench/)
  libb2-dev               # BLAKE2b: ink! selectors, event topics, SS58 checksums (abi/)
  libsecp256k1-dev        # secp256k1 ECDSA with key recovery: the spec profile's attestations (model/spec/crypto/)
  libsimdjson-dev         # simdjson: the fast path of raw replay (trace/fast_raw.cpp)
  libgoogle-perftools-dev # tcmalloc for meshcheck and the benchmarks (the fuzzer allocates a lot)
  clang libclang-rt-14-dev  # the libFuzzer targets (fuzz/libfuzzer/, scripts/build-fuzz.sh)
  chromium                # headless browser: the report.html test (tests/report_test.cpp)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for the polkadot.js cross-check (tests/abi_polkadot_test.cpp); a
# node that is already there (from any source) will do.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "meshcheck: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The npm packages pinned by js/package-lock.json (@polkadot/api-contract; ajv, the SARIF
# Multitool, junit2json and playwright-core for the report checks), again only when the
# lock changed since the last install.
js="$(dirname "$0")/../js"
if [[ ! -d "$js/node_modules/@polkadot/api-contract" || "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]]; then
  echo "meshcheck: npm ci in js/"
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
