# Sourced by the build scripts: ccache (when installed) makes a rebuild of unchanged
# sources, in this tree or in another checkout of it (CCACHE_BASEDIR), a cache hit.
# Sets `launcher` to the CMake options that use it.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}"
  # With debug info ccache hashes the build directory by default (hash_dir), so two
  # checkouts never share an object; the paths in the debug info stay relative to the
  # base directory, so sharing loses nothing.
  export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
fi
