#!/usr/bin/env bash
# Benchmarks `ferry time` as a whole process (target < 50 ms) and a 1,000,000-sample Monte
# Carlo (target < 1 s), with hyperfine (installed from Debian when missing). Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || sudo apt-get install -y -qq hyperfine; }
swift build -c release --product ferry >/dev/null
bin=.build/release/ferry
hyperfine --warmup 3 --runs 30 --export-markdown /tmp/ferry-time-bench.md \
  "$bin time --size 10TB --rate 100MB/s --format json" \
  "$bin time --size 10TB --bandwidth 1Gbps --efficiency 0.8 --files 2000000 --per-file 5ms --streams 16 --change-rate 200GB/day --max-downtime 2h" \
  "$bin time --size 10TB --bandwidth 1Gbps --efficiency 0.8 --files 2000000 --per-file 5ms --streams 16 --change-rate 200GB/day --max-downtime 2h --rate-cv 0.15 --samples 1000000 --format json"
cat /tmp/ferry-time-bench.md
