#!/usr/bin/env bash
# `ferry scan` against `find | wc -l` and `du -s` on the same trees, warm cache, same session.
#
# Each tool runs once untimed (to warm the page and dentry caches), then REPS timed runs
# interleaved; the table shows median seconds, ferry's entries/s, and peer/ferry ratios
# (ratio > 1: ferry is faster). find and du do less than ferry scan (find only lists names,
# du only sums blocks), so they are the floor a full inventory is measured against.
# Target: ≥ 50,000 entries/s with a warm cache.
#
# Usage: benchmarks/scan-vs-find.sh [TREE ...]   (default /usr/include /usr/lib /usr/share)
#        env: REPS (default 5), FERRY_BIN (default: release build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPS="${REPS:-5}"
trees=("$@")
[ ${#trees[@]} -gt 0 ] || trees=(/usr/include /usr/lib /usr/share)
if [[ -z "${FERRY_BIN:-}" ]]; then
    (cd "$ROOT" && . scripts/env.sh && swift build -c release --scratch-path "${SCRATCH:-.build-release}" --product ferry >&2)
    FERRY_BIN="$ROOT/${SCRATCH:-.build-release}/release/ferry"
fi
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "# scan-vs-find ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| tree | entries | ferry scan s | entries/s | find\|wc s | du -s s | find/ferry | du/ferry |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for tree in "${trees[@]}"; do
    out=$(mktemp)
    "$FERRY_BIN" scan "$tree" --out "$out" --quiet >/dev/null 2>&1 || true
    find "$tree" 2>/dev/null | wc -l >/dev/null; du -s "$tree" >/dev/null 2>&1 || true
    fs=(); fi=(); ds=()
    for _ in $(seq "$REPS"); do
        t0=$(now); "$FERRY_BIN" scan "$tree" --out "$out" --quiet >/dev/null 2>&1 || true; t1=$(now)
        entries=$(find "$tree" 2>/dev/null | wc -l); t2=$(now)
        du -s "$tree" >/dev/null 2>&1 || true; t3=$(now)
        fs+=("$(echo "$t1 - $t0" | bc -l)"); fi+=("$(echo "$t2 - $t1" | bc -l)"); ds+=("$(echo "$t3 - $t2" | bc -l)")
    done
    f=$(printf '%s\n' "${fs[@]}" | median); g=$(printf '%s\n' "${fi[@]}" | median); d=$(printf '%s\n' "${ds[@]}" | median)
    scanned=$(sed -n 's/^  "entries" : \([0-9]*\).*/\1/p' "$out" | head -1)
    awk -v t="$tree" -v n="$scanned" -v e="$entries" -v f="$f" -v g="$g" -v d="$d" 'BEGIN {
        printf "| %s | %d (find %d) | %.3f | %.0f | %.3f | %.3f | %.2f | %.2f |\n", t, n, e, f, n / f, g, d, g / f, d / f }'
    rm -f "$out"
done
echo
echo "Timed from process start to exit (ferry includes writing its JSON). Medians of $REPS runs."
