#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build-fuzz.sh   # the libFuzzer targets (clang), run briefly by ctest
bash scripts/build.sh -DMESHCHECK_LIBFUZZER_DIR="$PWD/build-fuzz"
ctest --test-dir build --output-on-failure -j2
