#!/usr/bin/env bash
# The main job on the built-in defaults: installs what is missing, builds, and replays
# every bundled upstream scenario through the `deployed` model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/meshcheck replay tests/traces/upstream/*/*.jsonl
