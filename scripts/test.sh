#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite (unit, integration and end-to-end
# tests of the built `ferry` binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
. scripts/env.sh
swift build --product ferry
swift test
