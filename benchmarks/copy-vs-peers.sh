#!/usr/bin/env bash
# Compare `ferry copy` with cp -a, rsync -a and rclone copy on the same data, same run.
#
# Profiles (generated once into $WORK, deterministic, reused by later runs):
#   small  SMALL_COUNT files of 1–SMALL_MAX_KIB KiB (uniform), 100 directories
#          (default 200,000 files of 1–16 KiB)
#   large  LARGE_COUNT files of LARGE_MIB MiB each                     (default 4 × 1024)
#   mixed  MIXED_COUNT files, lognormal sizes (median 128 KiB, σ = 2, capped at 512 MiB)
#
# Protocol (stated again in benchmarks/copy-protocol.md):
# - Each timed run is `<tool> SRC DST; sync` into a fresh DST: the `sync` is inside the
#   timing, so every tool pays for its writeback.
# - Before each run: a never-used DST for profiles of ≥ 10,000 files (kept until the profile
#   ends; KEEP_TARGETS=0 turns this off), else the previous DST removed; `sync`, then
#   `echo 3 > /proc/sys/vm/drop_caches` (cold page
#   cache for every tool, every run). Without the right to drop caches the script stops,
#   unless ALLOW_WARM=1 (then every source file is read once before every run, and the
#   report says so).
# - Tools run interleaved (ferry, cp, rsync, rclone, ferry, …), REPS ≥ 3 times; the table
#   shows medians and tool/ferry ratios (ratio > 1: ferry is faster).
# - Peers: cp -a, rsync -a, rclone copy --transfers 8 (rclone's default is 4).
# - The machine may be shared: `uptime` is recorded beside every run, and the load range
#   is printed with the table.
#
# Usage: benchmarks/copy-vs-peers.sh            (env: REPS PROFILES WORK FERRY_BIN ...)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-$ROOT/benchmarks/work}"
REPS="${REPS:-3}"
PROFILES="${PROFILES:-small large mixed}"
SMALL_COUNT="${SMALL_COUNT:-200000}"
SMALL_MAX_KIB="${SMALL_MAX_KIB:-16}"
LARGE_COUNT="${LARGE_COUNT:-4}"
LARGE_MIB="${LARGE_MIB:-1024}"
MIXED_COUNT="${MIXED_COUNT:-2000}"
TOOLS="${TOOLS:-ferry ferry-verify cp rsync rclone}"

# --- tools ---------------------------------------------------------------------------
need_apt=()
command -v rsync >/dev/null || need_apt+=(rsync)
command -v rclone >/dev/null || need_apt+=(rclone)
if ((${#need_apt[@]})); then
    echo "installing ${need_apt[*]} from Debian packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [[ -z "${FERRY_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "${SCRATCH:-.build-release}" --product ferry >&2)
    FERRY_BIN="$ROOT/${SCRATCH:-.build-release}/release/ferry"
fi

# --- data ----------------------------------------------------------------------------
generate() {  # profile dir
    local profile="$1" dir="$2"
    [[ -f "$dir/.complete" ]] && return
    rm -rf "$dir"; mkdir -p "$dir"
    echo "generating profile '$profile' in $dir" >&2
    python3 - "$profile" "$dir" "$SMALL_COUNT" "$LARGE_COUNT" "$LARGE_MIB" "$MIXED_COUNT" "$SMALL_MAX_KIB" <<'PY'
import os, random, sys
profile, root = sys.argv[1], sys.argv[2]
small_n, large_n, large_mib, mixed_n, small_max_kib = map(int, sys.argv[3:8])
rng = random.Random(42)
block = os.urandom(8 << 20)  # 8 MiB of random bytes, sliced at random offsets per file

def write(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, len(block))
            start = rng.randrange(0, len(block) - n + 1)
            f.write(block[start:start + n])
            left -= n

if profile == "small":
    for i in range(small_n):
        write(f"{root}/d{i % 100:03d}/f{i:06d}.bin", rng.randint(1024, small_max_kib * 1024))
elif profile == "large":
    for i in range(large_n):
        write(f"{root}/large{i}.bin", large_mib << 20)
elif profile == "mixed":
    import math
    for i in range(mixed_n):
        size = int(min(512 << 20, rng.lognormvariate(math.log(128 << 10), 2.0)))
        write(f"{root}/g{i % 20:02d}/h{i % 7}/m{i:05d}.bin", size)
PY
    touch "$dir/.complete"
}

# --- one timed run -------------------------------------------------------------------
CACHE_MODE=""
prepare_cache() {  # src
    sync
    if echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
        CACHE_MODE="dropped before every run (sync; echo 3 > /proc/sys/vm/drop_caches)"
    elif [[ "${ALLOW_WARM:-0}" != 1 ]]; then
        echo "cannot drop the page cache (need root); set ALLOW_WARM=1 to run warm" >&2
        exit 1
    else
        CACHE_MODE="could not drop caches: warmed equally (every source file read once before every run)"
        find "$1" -type f -print0 | xargs -0 cat >/dev/null
    fi
}

run_tool() {  # tool src dst
    local tool="$1" src="$2" dst="$3"
    case "$tool" in
        ferry)        "$FERRY_BIN" copy "$src" "$dst" --manifest "$WORK/manifest.sqlite" --quiet >/dev/null ;;
        ferry-verify) "$FERRY_BIN" copy "$src" "$dst" --manifest "$WORK/manifest.sqlite" --verify --quiet >/dev/null ;;
        cp)           cp -a "$src" "$dst" ;;
        rsync)        rsync -a "$src/" "$dst/" ;;
        rclone)       rclone copy --config /dev/null --transfers 8 "$src" "$dst" ;;
    esac
    sync
}

check_copy() {  # src dst: same file count and bytes (the manifest and marker excluded)
    local a b
    a=$(cd "$1" && find . -type f ! -name .complete -printf '%s %p\n' | sort | md5sum)
    b=$(cd "$2" && find . -type f ! -name '.ferry-manifest.sqlite*' ! -name .complete -printf '%s %p\n' | sort | md5sum)
    [[ "$a" == "$b" ]] || { echo "MISMATCH: $2 differs from $1 (sizes/names)" >&2; return 1; }
}

RESULTS="${RESULTS:-$WORK/results.tsv}"
mkdir -p "$WORK"
: >"$RESULTS"
for profile in $PROFILES; do
    src="$WORK/data-$profile"
    generate "$profile" "$src"
    files=$(find "$src" -type f ! -name .complete | wc -l)
    bytes=$(find "$src" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')
    echo "profile $profile: $files files, $bytes bytes" >&2
    keep=0; [ "${KEEP_TARGETS:-1}" = 1 ] && [ "$files" -ge 10000 ] && keep=1
    for rep in $(seq 1 "$REPS"); do
        for tool in $TOOLS; do
            # Many-file profiles get a never-used DST, kept until the profile ends: on ext4 without
            # a journal an rm -rf just before a copy makes its inode allocations skip the recently
            # deleted ones, up to 4x slower (fs/ext4/ialloc.c, recently_deleted). Profiles of few
            # large files reuse one DST (the cost is per inode; keeping 4 GiB × runs would not fit).
            if [ "$keep" = 1 ]; then dst="$WORK/out-$profile-$tool-$rep"; else dst="$WORK/out-$profile-$tool"; rm -rf "$dst"; fi
            rm -f "$WORK"/manifest.sqlite*  # every ferry run starts without a manifest, as a first copy
            prepare_cache "$src"
            start=$(date +%s.%N)
            run_tool "$tool" "$src" "$dst"
            end=$(date +%s.%N)
            secs=$(echo "$end - $start" | bc -l)
            [[ $rep == 1 ]] && check_copy "$src" "$dst"
            load=$(cut -d' ' -f1 /proc/loadavg)
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$profile" "$tool" "$rep" "$secs" "$bytes" "$load" >>"$RESULTS"
            printf '  %-7s %-13s rep %d: %8.3f s  (load %s)\n' "$profile" "$tool" "$rep" "$secs" "$load" >&2
        done
    done
    rm -rf "$WORK"/out-"$profile"-*
done

# --- report --------------------------------------------------------------------------
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM," \
     "$(stat -f -c %T "$WORK") filesystem, kernel $(uname -r); ferry default streams = 2 × CPUs"
echo "Page cache: $CACHE_MODE. Each time includes 'sync'. Reps: $REPS, interleaved (median shown)."
echo "Load: $(uptime)"
echo "Versions: $(cp --version | head -1); $(rsync --version | head -1 | cut -c1-30); $(rclone version 2>/dev/null | head -1)"
python3 - "$RESULTS" <<'PY'
import statistics, sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
times = collections.defaultdict(list); size = {}
loads = []
for profile, tool, rep, secs, nbytes, load in rows:
    times[(profile, tool)].append(float(secs)); size[profile] = int(nbytes); loads.append(float(load))
print(f"1-minute load average beside the runs: {min(loads):.2f}–{max(loads):.2f} (median {statistics.median(loads):.2f})")
profiles = list(dict.fromkeys(r[0] for r in rows)); tools = list(dict.fromkeys(r[1] for r in rows))
print()
print("| profile | tool | median s | MB/s | tool / ferry (time) |")
print("|---|---|---:|---:|---:|")
for p in profiles:
    ferry = statistics.median(times[(p, "ferry")]) if (p, "ferry") in times else None
    for t in tools:
        if (p, t) not in times: continue
        m = statistics.median(times[(p, t)])
        ratio = f"{m / ferry:.2f}×" if ferry else "–"
        print(f"| {p} | {t} | {m:.3f} | {size[p] / m / 1e6:.0f} | {ratio} |")
print()
print("Targets: small ≤ 0.67 × rsync; large ≤ 1.0 × cp; ahead of rclone everywhere; ferry-verify ≤ 1.3 × rsync.")
for p in profiles:
    med = {t: statistics.median(times[(p, t)]) for t in tools if (p, t) in times}
    if "ferry" not in med: continue
    if p == "small" and "rsync" in med:
        r = med["ferry"] / med["rsync"]
        print(f"- small: ferry / rsync = {r:.2f} → {'met' if r <= 0.67 else 'MISSED'}")
    if p == "large" and "cp" in med:
        r = med["ferry"] / med["cp"]
        print(f"- large: ferry / cp = {r:.2f} → {'met' if r <= 1.0 else 'MISSED'}")
    if "rclone" in med:
        r = med["ferry"] / med["rclone"]
        print(f"- {p}: ferry / rclone = {r:.2f} → {'met' if r < 1.0 else 'MISSED'}")
for p in profiles:
    med = {t: statistics.median(times[(p, t)]) for t in tools if (p, t) in times}
    peers = {t: v for t, v in med.items() if t in ("cp", "rsync", "rclone")}
    if "ferry" in med and peers:
        best = min(peers, key=peers.get)
        ok = "met" if med["ferry"] <= peers[best] else "MISSED"
        print(f"- {p}: ferry {med['ferry']:.3f} s vs fastest peer {best} {peers[best]:.3f} s → {ok}")
    if "ferry-verify" in med and "rsync" in med:
        r = med["ferry-verify"] / med["rsync"]
        print(f"- {p}: ferry --verify / rsync -a = {r:.2f} → {'met' if r <= 1.3 else 'MISSED'}")
PY
