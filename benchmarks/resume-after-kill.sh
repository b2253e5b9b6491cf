#!/usr/bin/env bash
# Resume inside a large file: kill -9 a `ferry copy` of one SIZE_MIB file about half-way, re-run
# it, and count the bytes the re-run moves into the target.
#
# Protocol:
# - SRC holds one file of SIZE_MIB MiB (default 2048) of random bytes, generated once.
# - Run 1: `ferry copy SRC DST` in the background; the script polls the manifest's resume
#   journal (table partial_range) every 0.1 s and sends SIGKILL once the recorded ranges
#   reach KILL_AT_PERCENT % of the file (default 50). (A benchmark may poll; the tests use a
#   deterministic crash point through the syscall seam instead.)
# - Run 2: the same command under `strace -f -e trace=copy_file_range,pwrite64`; the bytes
#   moved into the target are the sum of the results of copy_file_range and of pwrite64
#   calls of at least 64 KiB (the manifest's own SQLite writes are smaller pages).
# - Reported: bytes recorded before the kill, bytes the re-run moved, their share of the
#   file (target: ≤ 60 %), and that the result is byte-identical (cmp).
#
# Usage: benchmarks/resume-after-kill.sh     (env: SIZE_MIB KILL_AT_PERCENT WORK FERRY_BIN)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-$ROOT/benchmarks/work}"
SIZE_MIB="${SIZE_MIB:-2048}"
KILL_AT_PERCENT="${KILL_AT_PERCENT:-50}"
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }
if [[ -z "${FERRY_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "${SCRATCH:-.build-release}" --product ferry >&2)
    FERRY_BIN="$ROOT/${SCRATCH:-.build-release}/release/ferry"
fi

SRC="$WORK/resume-src"
DST="$WORK/resume-dst"
mkdir -p "$SRC"
if [[ ! -f "$SRC/big.bin" || $(stat -c %s "$SRC/big.bin") -ne $((SIZE_MIB << 20)) ]]; then
    echo "generating $SIZE_MIB MiB" >&2
    head -c $((SIZE_MIB << 20)) /dev/urandom >"$SRC/big.bin"
fi
rm -rf "$DST"
size=$((SIZE_MIB << 20))
target=$((size * KILL_AT_PERCENT / 100))

recorded() {
    python3 - "$DST/.ferry-manifest.sqlite" <<'PY'
import sqlite3, sys
try:
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=1)
    print(db.execute("SELECT COALESCE(SUM(length), 0) FROM partial_range").fetchone()[0])
except Exception:
    print(0)
PY
}

"$FERRY_BIN" copy "$SRC" "$DST" --quiet >/dev/null 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    done_bytes=$(recorded)
    if ((done_bytes >= target)); then
        kill -9 "$pid"
        break
    fi
    sleep 0.1
done
wait "$pid" 2>/dev/null || true
before=$(recorded)
[[ -f "$DST/big.bin" ]] && { echo "the copy finished before the kill point" >&2; exit 1; }

trace="$WORK/resume-strace.txt"
strace -f -e trace=copy_file_range,pwrite64 -o "$trace" "$FERRY_BIN" copy "$SRC" "$DST" --quiet >/dev/null
# With -f, a call may be split into "<unfinished ...>" and "<... resumed> ... = N" lines:
# count only lines that end in "= N".
moved=$(awk '$(NF-1) == "=" && /copy_file_range/ { if ($NF + 0 > 0) s += $NF }
             $(NF-1) == "=" && /pwrite64/ { if ($NF + 0 >= 65536) s += $NF }
             END { printf "%.0f", s }' "$trace")
cmp "$SRC/big.bin" "$DST/big.bin"
echo "file: $size bytes; recorded before kill -9: $before bytes ($((before * 100 / size)) %)"
echo "re-run moved $moved bytes = $(python3 -c "print(f'{$moved / $size * 100:.1f}')") % of the file (target ≤ 60 %); result identical (cmp)"
echo "load: $(uptime)"
