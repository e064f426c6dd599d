#!/usr/bin/env bash
# Configures and builds meshcheck into build/ (Release with debug info), 2 jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache (when installed) makes a rebuild of unchanged sources, in this tree or in another
# checkout of it (CCACHE_BASEDIR), a cache hit.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null
cmake --build build -j2
