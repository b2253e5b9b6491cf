#!/usr/bin/env bash
# Uploads the same small-file and large-file trees to an S3-protocol server (moto_server on
# 127.0.0.1) through the WAN emulator (benchmarks/tools/wanproxy.py: one-way delay and a total
# bandwidth cap) with ferry, `rclone copy` (defaults) and `aws s3 cp --recursive` (defaults),
# REPEAT times each, fresh prefix every run, and prints medians and ratios.
#
#   benchmarks/s3-vs-peers.sh [--rtt-ms 40] [--rate-mbit 200] [--repeat 3] [--small N] [--large N]
#
# Needs: a built ferry (swift build), moto_server, rclone, aws (scripts/setup.sh installs moto).
# The machine is shared: the script prints the load average before and after; compare ratios
# from one session, not absolute times across sessions.
set -euo pipefail
cd "$(dirname "$0")/.."

RTT_MS=40; RATE_MBIT=200; REPEAT=3; SMALL=1000; SMALL_SIZE=16384; LARGE=4; LARGE_MIB=64
while [ $# -gt 0 ]; do
  case "$1" in
    --rtt-ms) RTT_MS=$2; shift 2 ;;
    --rate-mbit) RATE_MBIT=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --large) LARGE=$2; shift 2 ;;
    *) echo "usage: $0 [--rtt-ms MS] [--rate-mbit MBIT] [--repeat N] [--small FILES] [--large FILES]" >&2; exit 64 ;;
  esac
done

FERRY=${FERRY_BIN:-.build/debug/ferry}
[ -x "$FERRY" ] || { echo "build ferry first (swift build)" >&2; exit 1; }
for tool in moto_server rclone aws python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup.sh)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/ferry-s3-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do python3 -c "import socket;socket.create_connection(('127.0.0.1',$MOTO_PORT),1)" 2>/dev/null && break; sleep 0.2; done

ONE_WAY=$(python3 -c "print($RTT_MS/2)")
BYTES_PER_S=$(python3 -c "print(int($RATE_MBIT*1e6/8))")
python3 benchmarks/tools/wanproxy.py --upstream-port "$MOTO_PORT" --port-file "$WORK/proxy.port" \
  --delay-ms "$ONE_WAY" --total-rate "$BYTES_PER_S" >"$WORK/proxy.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
ENDPOINT="http://127.0.0.1:$(cat "$WORK/proxy.port")"

# Plain http on loopback: a CA bundle from the environment would only make rclone fail to start.
unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$ENDPOINT"
export HOME="$WORK/home" XDG_STATE_HOME="$WORK/state"; mkdir -p "$HOME"
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="$ENDPOINT" \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench \
  RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
aws s3 mb s3://bench >/dev/null

# Measured round trip through the emulator: the fastest of 5 HEAD requests on the bucket.
MEASURED_RTT=$(python3 - "$ENDPOINT" <<'PY'
import http.client, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1]); best = 1e9
c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
for _ in range(6):
    t = time.perf_counter(); c.request("HEAD", "/bench"); c.getresponse().read(); best = min(best, time.perf_counter() - t)
print(f"{best*1000:.1f}")
PY
)

python3 - "$WORK" "$SMALL" "$SMALL_SIZE" "$LARGE" "$LARGE_MIB" <<'PY'
import os, random, sys
work, small, small_size, large, large_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
r = random.Random(11)
for i in range(small):
    d = f"{work}/small/d{i % 20:02d}"; os.makedirs(d, exist_ok=True)
    open(f"{d}/f{i:05d}", "wb").write(r.randbytes(small_size))
os.makedirs(f"{work}/large", exist_ok=True)
for i in range(large):
    open(f"{work}/large/l{i}", "wb").write(r.randbytes(large_mib << 20))
PY

run_tool() {  # tool dataset prefix → seconds
  local tool=$1 data=$2 prefix=$3 start end
  start=$(date +%s.%N)
  case "$tool" in
    ferry) "$FERRY" copy "$WORK/$data" "s3://bench/$prefix" --format json --quiet >"$WORK/last.json" ;;
    rclone) rclone copy "$WORK/$data" "bench:bench/$prefix" ;;
    aws) aws s3 cp --recursive --only-show-errors "$WORK/$data" "s3://bench/$prefix" ;;
  esac || { echo "$tool failed on $data" >&2; exit 1; }
  # Every tool must have written every file.
  local want got
  want=$(find "$WORK/$data" -type f | wc -l)
  got=$(aws s3 ls --recursive "s3://bench/$prefix/" | wc -l)
  [ "$want" -eq "$got" ] || { echo "$tool wrote $got of $want objects" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end-$start:.3f}')"
}

median() { python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.3f}')" "$@"; }

echo "# S3 upload through the WAN emulator: RTT target ${RTT_MS} ms (measured ${MEASURED_RTT} ms), ${RATE_MBIT} Mbit/s total"
echo "# small: ${SMALL} files × ${SMALL_SIZE} B; large: ${LARGE} files × ${LARGE_MIB} MiB; ${REPEAT} runs each, medians"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $($FERRY --version 2>/dev/null || echo ferry), $(rclone version | head -1), $(aws --version 2>&1 | cut -d' ' -f1)"
declare -A RESULT
for data in small large; do
  for tool in ferry rclone aws; do
    times=()
    for run in $(seq "$REPEAT"); do
      t=$(run_tool "$tool" "$data" "$tool-$data-$run") || exit 1
      times+=("$t")
    done
    RESULT[$tool-$data]=$(median "${times[@]}")
    echo "$data $tool runs: ${times[*]} → median ${RESULT[$tool-$data]} s"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| data | ferry s | rclone s | aws s | rclone/ferry | aws/ferry |\n|---|---|---|---|---|---|\n'
for data in small large; do
  f=${RESULT[ferry-$data]} r=${RESULT[rclone-$data]} a=${RESULT[aws-$data]}
  python3 -c "print(f'| $data | $f | $r | $a | {$r/$f:.2f}× | {$a/$f:.2f}× |')"
done
