#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/libfuzzer/) and only the libraries they link, with
# clang and -fsanitize=fuzzer,address,undefined, into build-fuzz/, 2 jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache.sh
cmake -S . -B build-fuzz -G Ninja -DMESHCHECK_LIBFUZZER=ON -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" "$@" >/dev/null
cmake --build build-fuzz -j2
