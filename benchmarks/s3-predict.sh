#!/usr/bin/env bash
# Calibrates the S3 path model through the WAN emulator and predicts a held-out tree:
# `ferry bench --target s3://…` sweeps streams over uploads of small-files and large-files
# samples (moto_server on 127.0.0.1 behind benchmarks/tools/wanproxy.py), fits per-request
# latency, per-stream rate and path bandwidth, then uploads a held-out `mixed` sample at the
# largest stream count and compares the prediction with the measured time. Target: ≤ 15 %.
# Then the same through the plan: `ferry calibrate` stores the S3 path calibration from the
# run, and `ferry plan` of a scenario describing the held-out upload (its files and bytes, the
# streams, `target: { kind: s3, calibration: latest }`, the path's bandwidth) predicts it.
#
#   benchmarks/s3-predict.sh [--rtt-ms 40] [--rate-mbit 200] [--streams 2,4,8,16] [--repetitions 1]
#                            [--fit-profile PROFILE:SCALE]... (fitted besides small-files and large-files)
set -euo pipefail
cd "$(dirname "$0")/.."
RTT_MS=40; RATE_MBIT=200; STREAMS=2,4,8,16; REPS=1; EXTRA=(); SMALL=small-files:0.1; LARGE=large-files:0.25; HOLD=mixed:0.05
while [ $# -gt 0 ]; do
  case "$1" in
    --rtt-ms) RTT_MS=$2; shift 2 ;;
    --rate-mbit) RATE_MBIT=$2; shift 2 ;;
    --streams) STREAMS=$2; shift 2 ;;
    --repetitions) REPS=$2; shift 2 ;;
    --fit-profile) EXTRA+=(--profile "$2"); shift 2 ;;
    --hold-out) HOLD=$2; shift 2 ;;
    *) echo "usage: $0 [--rtt-ms MS] [--rate-mbit MBIT] [--streams LIST] [--repetitions N] [--fit-profile PROFILE:SCALE] [--hold-out PROFILE:SCALE]" >&2; exit 64 ;;
  esac
done
FERRY=${FERRY_BIN:-.build/debug/ferry}
[ -x "$FERRY" ] || { echo "build ferry first (swift build)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/ferry-s3-predict.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do python3 -c "import socket;socket.create_connection(('127.0.0.1',$MOTO_PORT),1)" 2>/dev/null && break; sleep 0.2; done
python3 benchmarks/tools/wanproxy.py --upstream-port "$MOTO_PORT" --port-file "$WORK/proxy.port" \
  --delay-ms "$(python3 -c "print($RTT_MS/2)")" --total-rate "$(python3 -c "print(int($RATE_MBIT*1e6/8))")" >"$WORK/proxy.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$WORK/proxy.port")" HOME="$WORK/home" XDG_STATE_HOME="$WORK/state"
mkdir -p "$HOME"
python3 -c "
import urllib.request; urllib.request.urlopen(urllib.request.Request('$AWS_ENDPOINT_URL/bench', method='PUT'))" >/dev/null
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg); emulator ${RTT_MS} ms RTT, ${RATE_MBIT} Mbit/s total"
"$FERRY" bench --target s3://bench/cal --profile "$SMALL" --profile "$LARGE" "${EXTRA[@]}" --streams "$STREAMS" --repetitions "$REPS" \
  --hold-out "$HOLD" --scratch "$WORK/scratch" --db "$WORK/ferry.sqlite" --format json | tee "$WORK/out.json" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(f\"measured RTT median {d['rtt_seconds_median']*1000:.1f} ms (min {d['rtt_seconds_min']*1000:.1f} ms)\")
for s in d['samples']:
    print(f\"  {s['profile']:<12} N={s['streams']:<3} files={s['files']:<5} requests={s['requests']:<5} bytes={s['bytes']:<11} {s['seconds']:.3f} s\")
f = d['fit']
print(f\"fit: request latency {f['request_latency_seconds']*1000:.1f} ms, stream rate {f['stream_rate_bytes_per_second']/1e6:.2f} MB/s, \"
      f\"path {('%.2f MB/s' % (f['path_bandwidth_bytes_per_second']/1e6)) if f['path_bandwidth_bytes_per_second'] else 'not limiting'}, \"
      f\"fixed {f['fixed_seconds']:.3f} s, rms {f['rms_relative_error']*100:.1f} %\")
h = d['hold_out']
print(f\"hold-out {h['profile']} N={h['streams']} files={h['files']} requests={h['requests']} bytes={h['bytes']}: \"
      f\"measured {h['measured_seconds']:.3f} s, predicted {h['predicted_seconds']:.3f} s, error {h['relative_error']*100:+.1f} % \"
      f\"(target ≤ 15 %), bottleneck: {h['bottleneck']}\")
"
"$FERRY" calibrate --db "$WORK/ferry.sqlite" --format json > "$WORK/cal.json" || true
python3 - "$WORK" "$RATE_MBIT" <<'PY'
import json, sys, subprocess, os
work, rate = sys.argv[1], float(sys.argv[2])
d = json.load(open(f"{work}/out.json")); c = json.load(open(f"{work}/cal.json")); h = d["hold_out"]
print(f"ferry calibrate: S3 path calibration {c['id']}: a {c['request_latency_seconds']*1000:.1f} ms, "
      f"λ {c['request_rate_limit_per_second'] or 'none'}, rms {c['rms_relative_error']*100:.1f} %, failures {c['failures'] or 'none'}")
# The plan of the held-out upload: the same files, bytes and streams over the path's bandwidth.
bw = c["path_bandwidth_bytes_per_second"]
network = f"{{ rate: {bw:.0f}B/s }}" if bw else f"{{ bandwidth: {rate:g}Mbit/s }}"
open(f"{work}/hold.yaml", "w").write(
    f"name: s3-hold-out\ndata: {{ size: {h['bytes']}B, files: {h['files']} }}\nnetwork: {network}\n"
    f"copy: {{ streams: {h['streams']} }}\ntarget: {{ kind: s3, calibration: {c['id']} }}\n")
out = subprocess.run([os.environ.get("FERRY_BIN", ".build/debug/ferry"), "plan", f"{work}/hold.yaml", "--db", f"{work}/ferry.sqlite",
                      "--no-write", "--format", "json"], capture_output=True, text=True)
if out.returncode != 0:
    print("ferry plan failed:", out.stderr); sys.exit(0)
p = json.loads(out.stdout)
err = (p["seconds"] - h["measured_seconds"]) / h["measured_seconds"]
print(f"ferry plan of the held-out upload: {p['seconds']:.3f} s vs measured {h['measured_seconds']:.3f} s: "
      f"error {err*100:+.1f} % (target ≤ 15 %), bottleneck {p['bottleneck']}, requests {p['object_store']['requests']:.0f}")
PY
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
