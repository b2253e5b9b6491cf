#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build Ferry, and plan the
# example scenario into reports/file-estate-10tb/ (no database needed; the embedded SQLite
# default .ferry/ferry.sqlite is used only by calibrations).
#
# A debug build: planning takes under a second either way, while an optimised build of the
# S3 dependencies (two copies of BoringSSL) takes many minutes on a small machine. The
# benchmarks build their own release binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
swift build --product ferry
.build/debug/ferry plan "${1:-models/file-estate-10tb.yaml}"
