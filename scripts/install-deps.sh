#!/usr/bin/env bash
# Installs what meshcheck needs to build and test, from Debian's packages. Idempotent:
# packages already present are not fetched again. Run as root (as CI does).
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libboost-dev            # Boost.Multiprecision (exact u128/U256), small_vector
  nlohmann-json3-dev      # JSON (traces, reports)
  libcli11-dev            # the command line
  libz3-dev               # Z3 C++ API (smt/)
  librapidcheck-dev       # property-based and stateful testing (fuzz/)
  libgtest-dev libgmock-dev
  libbenchmark-dev        # Google Benchmark (bench/)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "meshcheck: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
