#!/usr/bin/env bash
# Installs what Ferry needs on Debian/Ubuntu: the C libraries it links (GSL, GLPK, SQLite,
# xxHash). Idempotent: installs only what is missing; uses sudo only when not root.
set -euo pipefail

packages=(libgsl-dev libglpk-dev libsqlite3-dev libxxhash-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# S3 tests and benchmarks: moto_server (an S3-protocol server run on 127.0.0.1 by the tests),
# pinned; rclone and the AWS CLI are only needed by benchmarks/s3-vs-peers.sh.
if ! command -v moto_server >/dev/null 2>&1; then
  echo "setup: installing moto[server]==5.2.1 (pip)" >&2
  python3 -m pip install --quiet 'moto[server]==5.2.1'
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
