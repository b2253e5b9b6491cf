#!/usr/bin/env bash
# Benchmarks `ferry capacity`: sizing at c ≈ 100,000 and simulator throughput.
#
#   benchmarks/capacity.sh            # builds release into ${SCRATCH:-.build}, then measures
#   FERRY_BIN=path/to/ferry benchmarks/capacity.sh
#
# Targets (issue 5): sizing for c up to 100,000 well under 10 ms of compute; simulator at
# ≥ 1 M customers per second. Compute time is what `ferry capacity -v` reports (the library
# call only, no process start-up); hyperfine gives the whole-process wall time next to a
# `ferry --version` baseline for start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
if [[ -z "${FERRY_BIN:-}" ]]; then
    swift build -c release --scratch-path "$SCRATCH" --product ferry >&2
    FERRY_BIN="$SCRATCH/release/ferry"
fi
CUSTOMERS=${CUSTOMERS:-5000000}

# λ = 2,480,000/s, S = 40 ms: A = 99,200 erlangs, sized to ≈ 99,5xx servers.
SIZE=("$FERRY_BIN" capacity --arrival-rate 2480000/s --service-time 40ms --objective p95=125ms --format json)
SIZE_GROWTH=("$FERRY_BIN" capacity --arrival-rate 2480000/s --service-time 40ms --objective p95=125ms
             --growth 1%/month --months 12 --format json)
SIM=("$FERRY_BIN" capacity --arrival-rate 1200/s --service-time 40ms --servers 52 --service-cv 0.5
     --simulate --customers "$CUSTOMERS" --format json)
SIM_BIG=("$FERRY_BIN" capacity --arrival-rate 2480000/s --service-time 40ms --servers 99600
         --simulate --customers "$CUSTOMERS" --format json)

echo "== compute time reported by ferry -v (library call only)"
for cmd in SIZE SIZE_GROWTH SIM SIM_BIG; do
    declare -n argv=$cmd
    servers=$("${argv[@]}" 2>/dev/null | sed -n 's/^  "servers" : \([0-9]*\).*/\1/p' | tail -1)
    printf '%-12s servers=%-7s ' "$cmd" "$servers"
    "${argv[@]}" -v 2>&1 >/dev/null | tail -1
done

if command -v hyperfine >/dev/null; then
    echo "== whole-process wall time (hyperfine)"
    hyperfine -N --warmup 2 --runs 10 \
        "$FERRY_BIN --version" \
        "${SIZE[*]}" \
        "${SIZE_GROWTH[*]}" \
        "${SIM[*]}"
fi
