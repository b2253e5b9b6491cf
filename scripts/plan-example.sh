#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build Ferry, and plan the
# example scenario into reports/file-estate-10tb/ (no database needed; the embedded SQLite
# default .ferry/ferry.sqlite is used only by calibrations).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
swift build -c release --product ferry
.build/release/ferry plan "${1:-models/file-estate-10tb.yaml}"
