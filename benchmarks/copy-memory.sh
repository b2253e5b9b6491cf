#!/usr/bin/env bash
# Peak memory of `ferry copy` against `rsync -aH` on the same many-small-files tree (issue 9
# item 13: peak RSS ≤ 64 MB + 100 bytes per file).
#
# For each COUNT in COUNTS: generate COUNT files of 1–4 KiB (uniform, seed 42) in
# COUNT/2000 directories under $WORK (kept for reuse until KEEP=0 removes it at the end),
# then, each into a fresh destination:
#   1. ferry copy SRC DST          (first run: everything is copied)
#   2. ferry copy SRC DST again    (no-change re-run: the manifest is read, nothing copied)
#   3. rsync -aH SRC/ DST/         (first run)
# each under `/usr/bin/time -v`; prints the peak RSS ("Maximum resident set size"), bytes of
# peak RSS per file, and ferry's target (64 MB + 100 B × files), with `uptime` beside it.
# Memory is not timing: the page cache state does not change the RSS figures, so no cache
# dropping here (see copy-protocol.md for the timed benchmark).
#
# Usage: benchmarks/copy-memory.sh      (env: COUNTS="200000 1000000" WORK FERRY_BIN KEEP=1 RSYNC=0)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-/tmp/ferry-copy-memory}"
COUNTS="${COUNTS:-200000 1000000}"
KEEP="${KEEP:-0}"
RSYNC="${RSYNC:-1}"
command -v rsync >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
if [[ -z "${FERRY_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "${SCRATCH:-.build-release}" --product ferry >&2)
    FERRY_BIN="$ROOT/${SCRATCH:-.build-release}/release/ferry"
fi
mkdir -p "$WORK"

generate() {  # count dir
    local count="$1" dir="$2"
    [[ -f "$dir/.complete" ]] && return
    rm -rf "$dir"; mkdir -p "$dir"
    echo "generating $count files in $dir" >&2
    python3 - "$count" "$dir" <<'PY'
import os, random, sys
count, root = int(sys.argv[1]), sys.argv[2]
rng = random.Random(42)
dirs = max(1, count // 2000)
for d in range(dirs):
    os.makedirs(f"{root}/d{d:04d}", exist_ok=True)
block = os.urandom(4096)
for i in range(count):
    with open(f"{root}/d{i % dirs:04d}/f{i:07d}", "wb") as f:
        f.write(block[: rng.randint(1024, 4096)])
PY
    touch "$dir/.complete"
}

peak_kib() {  # command... → prints peak RSS in KiB
    local log; log="$(mktemp)"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "failed: $*" >&2; tail -5 "$log" >&2; rm -f "$log"; return 1; }
    awk -F': ' '/Maximum resident set size/ {print $2}' "$log"
    rm -f "$log"
}

printf '%-9s %-24s %12s %12s %14s   %s\n' files tool "peak MiB" "B/file" "target MiB" load
for count in $COUNTS; do
    src="$WORK/src-$count"
    generate "$count" "$src"
    target_mib=$(python3 -c "print(f'{(64e6 + 100 * $count) / 2**20:.1f}')")
    row() {  # label kib
        local per; per=$(python3 -c "print(f'{$2 * 1024 / $count:.1f}')")
        printf '%-9s %-24s %12s %12s %14s   %s\n' "$count" "$1" "$(python3 -c "print(f'{$2 / 1024:.1f}')")" "$per" \
            "$3" "$(cut -d' ' -f1-3 /proc/loadavg)"
    }
    rm -rf "$WORK/dst" "$WORK/state"
    kib=$(XDG_STATE_HOME="$WORK/state" peak_kib "$FERRY_BIN" copy "$src" "$WORK/dst" --quiet)
    row "ferry copy" "$kib" "$target_mib"
    kib=$(XDG_STATE_HOME="$WORK/state" peak_kib "$FERRY_BIN" copy "$src" "$WORK/dst" --quiet)
    row "ferry copy (re-run)" "$kib" "$target_mib"
    rm -rf "$WORK/dst" "$WORK/state"
    if [[ "$RSYNC" == 1 ]]; then
        kib=$(peak_kib rsync -aH "$src/" "$WORK/dst/")
        row "rsync -aH" "$kib" "-"
        rm -rf "$WORK/dst"
    fi
    [[ "$KEEP" == 1 ]] || rm -rf "$src"
done
