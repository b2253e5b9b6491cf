#!/usr/bin/env bash
# Rebuilds the committed example reports under reports/ from the scenarios in models/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
swift build -c release --product ferry
for scenario in models/*.yaml; do
  .build/release/ferry plan "$scenario" --quiet >/dev/null
done
echo "reports regenerated under reports/"
