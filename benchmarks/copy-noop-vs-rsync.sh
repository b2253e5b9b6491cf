#!/usr/bin/env bash
# A no-change re-run of `ferry copy` against rsync's no-op run on the same tree.
#
# Protocol: generate N small files (default 200000, 100 per directory, 256 B-2.3 KiB), copy
# once with each tool, then alternate ferry/rsync no-op runs RUNS times (default 5), warm
# cache, and print each tool's median wall time, CPU (user+sys) and peak RSS from
# /usr/bin/time, and the ratio ferry/rsync. Needs a release build (swift build -c release).
# Like for like: ferry's default keeps hard links, xattrs, ACLs and numeric ids, so rsync runs
# with RSYNC_FLAGS (default "-aHAX --numeric-ids"); for the lighter comparison set
# RSYNC_FLAGS=-a FERRY_FLAGS="--no-xattrs --no-acls --no-hard-links".
# Usage: benchmarks/copy-noop-vs-rsync.sh [N] [RUNS] [WORKDIR]
set -euo pipefail
N=${1:-200000}
RUNS=${2:-5}
WORK=${3:-$(mktemp -d /tmp/ferry-noop.XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FERRY=${FERRY_BIN:-$ROOT/.build/release/ferry}
read -r -a RSYNC_ARGS <<< "${RSYNC_FLAGS:--aHAX --numeric-ids}"
read -r -a FERRY_ARGS <<< "${FERRY_FLAGS:-}"
export XDG_STATE_HOME=$WORK/state
cd "$WORK"
if [ ! -d src ]; then
  python3 - "$N" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = f"src/d{i // 1000:04d}/e{(i // 100) % 10}"
    if i % 100 == 0:
        os.makedirs(d, exist_ok=True)
    with open(f"{d}/f{i}.bin", "wb") as f:
        f.write(os.urandom(256 + (i * 37) % 2048))
PY
fi
"$FERRY" copy src dst-ferry --quiet ${FERRY_ARGS[@]+"${FERRY_ARGS[@]}"} >/dev/null
rsync "${RSYNC_ARGS[@]}" src/ dst-rsync/
: > times.txt
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "ferry %e %U %S %M" -a -o times.txt "$FERRY" copy src dst-ferry --quiet ${FERRY_ARGS[@]+"${FERRY_ARGS[@]}"} >/dev/null
  /usr/bin/time -f "rsync %e %U %S %M" -a -o times.txt rsync "${RSYNC_ARGS[@]}" src/ dst-rsync/
done
python3 - times.txt <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for tool in ("ferry", "rsync"):
    r = [list(map(float, x[1:])) for x in rows if x[0] == tool]
    wall = statistics.median(x[0] for x in r); cpu = statistics.median(x[1] + x[2] for x in r)
    rss = statistics.median(x[3] for x in r) / 1024
    med[tool] = wall
    print(f"{tool}: median wall {wall:.2f} s, cpu {cpu:.2f} s, peak RSS {rss:.1f} MiB ({len(r)} runs)")
print(f"ratio ferry/rsync (median wall): {med['ferry'] / med['rsync']:.2f}")
PY
