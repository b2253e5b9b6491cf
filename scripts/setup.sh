#!/usr/bin/env bash
# Installs what Ferry needs on Debian/Ubuntu. Idempotent: installs only what is missing; uses
# sudo only when not root.
#
#   scripts/setup.sh           the C libraries Ferry links (GSL, GLPK, SQLite, xxHash)
#   scripts/setup.sh --tests   also what the test suite uses: rsvg-convert (charts → PNG),
#                              rsync/attr/acl (copy fidelity is compared with rsync -aHAX),
#                              headless Chromium (plan.html), moto_server (S3 on 127.0.0.1)
set -euo pipefail

for_tests=0
[ "${1:-}" = "--tests" ] && for_tests=1

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

packages=(libgsl-dev libglpk-dev libsqlite3-dev libxxhash-dev pkg-config)
if [ $for_tests = 1 ]; then
  # librsvg2-bin: rsvg-convert, which the chart tests use to render every SVG to PNG.
  # rsync, attr, acl: the copy fidelity tests compare against rsync -aHAX with getfattr/getfacl.
  packages+=(librsvg2-bin rsync attr acl)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ $for_tests = 1 ]; then
  # Headless Chromium renders plan.html in the report tests (Debian's `chromium`). Optional:
  # when it cannot be installed the HTML rendering test says so and is skipped.
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "setup: installing chromium (headless rendering of plan.html in tests)" >&2
    { "${as_root[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium >/dev/null; } \
      || echo "setup: chromium could not be installed; the plan.html rendering test will be skipped" >&2
  fi
  # S3 tests: moto_server (an S3-protocol server the tests run on 127.0.0.1), pinned. rclone
  # and the AWS CLI are only needed by benchmarks/s3-vs-peers.sh.
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "setup: installing moto[server]==5.2.1 (pip)" >&2
    python3 -m pip install --quiet 'moto[server]==5.2.1'
  fi
fi

# Swift: use the one on PATH, else the toolchain in /opt/swift.
if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "setup: add /opt/swift/usr/bin to PATH" >&2
  else
    echo "setup: Swift 6 is required (https://www.swift.org/install/linux/)" >&2
    exit 1
  fi
fi
