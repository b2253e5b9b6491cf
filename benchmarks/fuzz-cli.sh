#!/usr/bin/env bash
# Fuzz campaign over every `ferry` command: random flag values, random scenario/problem/CSV
# files and random argument lists, each run with a 10 s timeout, in a scratch directory.
#
# Counts, per command and in total:
#   crash  — killed by a signal or a Swift runtime trap (exit ≥ 128, or 'Fatal error' on stderr)
#   hang   — still running after the timeout
#   nan    — NaN or ∞ printed on stdout (house rule: never in output)
#   bad    — an exit code outside the documented 0 / 1 / 2 / 64
#   (a valid `ferry bench` sweep that outlasts the timeout is listed as "long", not a hang)
# Targets: 0 of each. Exit status 1 when any crash, hang, nan or bad exit occurred.
#
# Usage: benchmarks/fuzz-cli.sh [CASES] [SEED]      (defaults: 5000, 1)
#   FERRY=path/to/ferry   binary to test (default: .build/debug/ferry, built if missing)
#   JOBS=N                parallel runs (default 2)
#   TIMEOUT=S             seconds per run (default 10)
#   KEEP=1                keep the scratch directory (failing inputs are listed in the log)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

CASES="${1:-5000}"
SEED="${2:-1}"
FERRY="${FERRY:-.build/debug/ferry}"
JOBS="${JOBS:-2}"
TIMEOUT="${TIMEOUT:-10}"
if [ ! -x "$FERRY" ]; then swift build -j 1 --product ferry >/dev/null; fi
FERRY="$(cd "$(dirname "$FERRY")" && pwd)/$(basename "$FERRY")"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/ferry-fuzz.XXXXXX")"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$SCRATCH"' EXIT; fi
echo "fuzz-cli: $CASES cases, seed $SEED, $JOBS jobs, ${TIMEOUT}s timeout, binary $FERRY"
echo "scratch: $SCRATCH"

python3 - "$FERRY" "$CASES" "$SEED" "$JOBS" "$TIMEOUT" "$SCRATCH" "$PWD" <<'PY'
import os, random, re, subprocess, sys, time, shutil
from concurrent.futures import ThreadPoolExecutor

ferry, cases, seed, jobs, timeout, scratch, repo = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
rng = random.Random(seed)

# ---- value generators -------------------------------------------------------------------
EXTREME = ["0", "-0", "-1", "1e308", "1e309", "-1e308", "1e-308", "1e-320", "9223372036854775807",
           "9223372036854775808", "2147483648", "99999999999999999999", "NaN", "nan", "inf", "-inf",
           "", " ", ",", "1,0000", "1,5", "0x10", "1e", "e5", "--", "%", "$", "∞", "\u00a0", "1" * 60]
ALPHABET = "0123456789.,+-eE kKMGTPiBbitsyteminhdwoaryps/%$:=_()*^"
UNITS = {
    "size": ["B", "kB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "EiB", "Mb", "GB", "TB", "KB", "T", ""],
    "rate": ["B/s", "MB/s", "GB/s", "Mbps", "Gbps", "Gbit/s", "MiB/s", "GB/day", "TB/h", "MB/s", "Gbps", "M/s", ""],
    "time": ["ms", "s", "min", "h", "d", "ms", "s", "h", "month", ""],
    "events": ["/s", "/min", "/h", "/s", "/ms", ""],
    "fraction": ["", "%"],
    "growth": ["%/month", "%/year", "%/week", "%/d", "%"],
    "money": ["", " USD", " EUR"],
    "price": ["/GB", "/h", "/GB-month", "/TB", "/core-month", ""],
}
NUMBERS = ["1", "0.5", "10", "100", "1200", "1e3", "1e6", "1e9", "1e12", "1e15", "40", "0.001", "1e-9",
           "2.5", "60", "52", "1,000", "7", "3"]

def number():
    r = rng.random()
    if r < 0.86: return rng.choice(NUMBERS)
    if r < 0.93: return rng.choice(EXTREME)
    if r < 0.97: return f"{rng.uniform(-10, 10):.4g}e{rng.randint(-320, 320)}"
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))

def quantity(kind):
    r = rng.random()
    if r < 0.02: return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
    if kind == "fraction" and r < 0.85: return rng.choice(["0.5", "0.15", "0.74", "74%", "1", "0.05", "10%", "0.9"])
    if kind == "money" and rng.random() < 0.4: return "$" + number()
    if kind == "price" and rng.random() < 0.3: return "$" + number() + rng.choice(UNITS["price"])
    return number() + rng.choice(UNITS.get(kind, [""]))

def integer():
    if rng.random() < 0.8: return rng.choice(["1", "2", "4", "16", "60", "100", "1000000"])
    return rng.choice(["0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1e3", "x", ""])

# ---- per-command argument builders ------------------------------------------------------
def pick(flags):
    """A random subset of (flag, generator) pairs, each generator called for a value."""
    out = []
    for flag, gen in flags:
        if rng.random() < 0.3:
            v = gen()
            out += [flag] if v is None else [flag, v]
    return out

def fmt():
    return ["--format", rng.choice(["text", "json", "md", "csv"])] if rng.random() < 0.5 else []

def time_args():
    # Flag combinations the command refuses by design (e.g. --efficiency with --rate) are
    # mostly avoided so most runs reach the models; values stay random.
    base = ["time", "--size", quantity("size")]
    if rng.random() < 0.7:
        base += ["--rate", quantity("rate")]
    else:
        base += ["--bandwidth", quantity("rate")] + (["--efficiency", quantity("fraction")] if rng.random() < 0.5 else [])
    base += pick([("--files", integer), ("--per-file", lambda: quantity("time")), ("--streams", integer),
                  ("--stream-rate", lambda: quantity("rate")), ("--source-limit", lambda: quantity("rate")),
                  ("--target-limit", lambda: quantity("rate")), ("--compression", lambda: quantity("fraction")),
                  ("--change-rate", lambda: quantity("rate")), ("--max-downtime", lambda: quantity("time"))])
    if rng.random() < 0.3:
        base += ["--window", quantity("size"), "--rtt", quantity("time")]
    if rng.random() < 0.3:
        base += ["--rate-cv", quantity("fraction")] + pick([("--samples", lambda: rng.choice(["1000", "100000", integer()])), ("--seed", integer)])
    return base + fmt()

def capacity_args():
    base = ["capacity", "--arrival-rate", quantity("events")]
    base += ["--service-time", quantity("time")] if rng.random() < 0.8 else ["--service-rate", quantity("events")]
    if rng.random() < 0.5:
        base += ["--servers", integer()]
    else:
        base += ["--objective", rng.choice(["p95=", "p99=", "mean=", "p99.9=", "p0=", "p100=", "x="]) + quantity("time")]
        base += pick([("--max-utilization", lambda: quantity("fraction"))])
    base += pick([("--arrival-cv", number), ("--service-cv", number), ("--growth", lambda: quantity("growth")), ("--months", integer)])
    if rng.random() < 0.2:
        base += ["--payload", quantity("size"), "--bandwidth", quantity("rate")]
    if rng.random() < 0.15:
        # Simulations are bounded by --customers; keep most small so the run is about parsing.
        base += ["--simulate", "--customers", rng.choice(["2000", "20000", integer()])] + pick([("--seed", integer)])
    return base + fmt()

def cost_args():
    base = ["cost", "--vcpu", number(), "--memory", quantity("size")]
    base += pick([("--headroom", lambda: quantity("fraction")), ("--container", lambda: f"api:{number()}:{quantity('size')}:{integer()}"),
                  ("--horizon", lambda: f"{number()} months"), ("--growth", lambda: quantity("growth")),
                  ("--commitment", lambda: rng.choice(["none", "1y", "3y", "5y", ""])),
                  ("--current-monthly", lambda: quantity("money")), ("--data", lambda: quantity("size")),
                  ("--compression", lambda: quantity("fraction")), ("--window", lambda: quantity("time")),
                  ("--egress", lambda: quantity("price")), ("--labour", lambda: quantity("price")),
                  ("--tooling", lambda: quantity("price"))])
    return base + fmt()

def write(name, text):
    """Writes an input file in the scratch directory and returns its path."""
    path = os.path.join(scratch, "in", name)
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(text)
    return path

def fit_args(i):
    rows = []
    for _ in range(rng.randint(0, 9)):
        r = rng.random()
        if r < 0.7:
            n = rng.choice([1, 2, 4, 8, 16, 32, 63, 198, 1e20, 0, -1])
            rows.append(f"{n},{rng.uniform(0.1, 1000) * rng.choice([1, 1, 1e-300, 1e300]):.6g}")
        else:
            rows.append("".join(rng.choice(ALPHABET + "\t;#\"") for _ in range(rng.randint(0, 20))))
    path = write(f"fit-{i}.csv", ("n,x\n" if rng.random() < 0.5 else "") + "\n".join(rows) + "\n")
    args = ["fit", "usl", path]
    args += pick([("--node-price", lambda: quantity("money")), ("--fixed-cost", lambda: quantity("money")),
                  ("--min-throughput", number)])
    return args + fmt()

EXPR_ATOMS = ["x", "y", "z", "1", "2", "1e9", "1e-9", "1e308", "0", "log(x)", "sqrt(y)", "exp(z)", "abs(x)", "x^2", "x*y"]
def expression(depth=0):
    if depth > 3 or rng.random() < 0.35:
        return rng.choice(EXPR_ATOMS)
    op = rng.choice(["+", "-", "*", "/", "^"])
    return f"({expression(depth + 1)} {op} {expression(depth + 1)})"

def optimize_args(i):
    lines = ["variables:"]
    for v in ["x", "y", "z"][: rng.randint(1, 3)]:
        bounds = []
        if rng.random() < 0.7: bounds.append(f"min: {rng.choice(['0', '-1', '1e-9', '1e308', '-1e308', '5', number()])}")
        if rng.random() < 0.5: bounds.append(f"max: {rng.choice(['1', '10', '1e9', '0', number()])}")
        if rng.random() < 0.2: bounds.append("integer: true")
        lines.append(f"  {v}: {{ {', '.join(bounds)} }}")
    lines.append(f"{rng.choice(['minimize', 'maximize'])}: \"{expression()}\"")
    if rng.random() < 0.8:
        lines.append("subject_to:")
        for _ in range(rng.randint(1, 3)):
            lines.append(f"  - \"{expression()} {rng.choice(['<=', '>=', '='])} {rng.choice(['1', '0', '100', '1e-8', '1e9'])}\"")
    if rng.random() < 0.5:
        lines.append(f"options: {{ starts: {rng.choice(['1', '4', '16', '0', '1001'])}, time_limit: {rng.choice(['1s', '2s', '100ms', '0s', '1e9s'])} }}")
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.1:
        text = "".join(c if rng.random() > 0.05 else rng.choice(ALPHABET + ":{}[]-\n") for c in text)
    return ["optimize", write(f"opt-{i}.yaml", text)] + fmt()

SCENARIOS = [os.path.join(repo, "models", f) for f in sorted(os.listdir(os.path.join(repo, "models"))) if f.endswith(".yaml")]
VALUE = re.compile(r"(:\s*)([0-9][0-9.,eE+-]*\s*[A-Za-z%/$]*)")
def scenario_text():
    with open(rng.choice(SCENARIOS), encoding="utf-8") as f:
        text = f.read()
    def mutate(m):
        if rng.random() < 0.3:
            kind = rng.choice(list(UNITS))
            return m.group(1) + quantity(kind)
        return m.group(0)
    text = VALUE.sub(mutate, text)
    if rng.random() < 0.1:
        text = "".join(c if rng.random() > 0.03 else rng.choice(ALPHABET + ":{}[]-\n") for c in text)
    return text

def plan_args(i):
    return ["plan", write(f"plan-{i}.yaml", scenario_text()), "--no-write"] + fmt()

def compare_args(i):
    return ["compare", write(f"a-{i}.yaml", scenario_text()), write(f"b-{i}.yaml", scenario_text())] + fmt()

def copy_args(i):
    src = os.path.join(scratch, "tree")
    dst = os.path.join(scratch, "out", f"copy-{i}")
    args = ["copy", src, dst]
    args += pick([("--streams", integer), ("--bwlimit", lambda: quantity("rate")), ("--chunk-threshold", lambda: quantity("size")),
                  ("--chunk-size", lambda: quantity("size")), ("--order", lambda: rng.choice(["largest-first", "mixed", "x", ""])),
                  ("--verify", lambda: None), ("--checksum", lambda: None), ("--dry-run", lambda: None),
                  ("--delete", lambda: None)])
    # A bandwidth cap far below the tree's size would run for minutes by design: keep it sane.
    if "--bwlimit" in args:
        args[args.index("--bwlimit") + 1] = rng.choice(["1GB/s", "100MB/s", quantity("rate")])
    return args + fmt()

def dataset_args(i):
    args = ["dataset", "generate", "--profile", rng.choice(["small-files", "mixed", "nope", number()]),
            "--scale", rng.choice(["0.001", "0.0001", "0", "-1", "1e-300", number()])]
    args += pick([("--seed", integer), ("--force", lambda: None)])
    # A large --scale generates gigabytes by design: cap the work, not the parsing.
    try:
        if not (0 < float(args[args.index("--scale") + 1]) <= 0.01): pass
    except ValueError:
        pass
    if re.fullmatch(r"[0-9.e+-]+", args[args.index("--scale") + 1] or "x"):
        try:
            if float(args[args.index("--scale") + 1]) > 0.01: args[args.index("--scale") + 1] = "0.001"
        except ValueError:
            pass
    return args + ["--out", os.path.join(scratch, "out", f"ds-{i}")]

def bench_args(i):
    return ["bench", "--profiles", os.path.join(repo, "datasets", "profiles"), "--profile", rng.choice(["small-files:0.0001", "nope", number()]),
            "--streams", rng.choice(["1", "1,2", "0", "-1", "1,,2", integer()]), "--repetitions", rng.choice(["1", "0", integer()]),
            "--scratch", os.path.join(scratch, "out", f"bench-{i}"), "--no-report"] + pick([("--peers", lambda: rng.choice(["cp", "x", ""])),
                                                                                           ("--cache", lambda: rng.choice(["evict", "drop", "keep", "x"]))])

def calibrate_args(i):
    return ["calibrate"] + pick([("--runs", lambda: rng.choice(["latest", ",", "1", "1,2", "-1", "x", "9223372036854775808", ""]))]) + fmt()

def runs_args(i):
    return ["runs"] + rng.choice([[], ["list"], ["show", integer()], ["show"], [number()]]) + fmt()

def scan_args(i):
    return ["scan", rng.choice([os.path.join(scratch, "tree"), os.path.join(scratch, "nope"), "", "/proc/self/fd"])] + fmt()

def catalog_args(i):
    return ["catalog", "import", rng.choice(["aws", "azure", "gcp", ""]), write(f"cat-{i}.csv", scenario_text())] + fmt()

def garbage_args(i):
    # No bare "bench"/"copy"/"dataset": with valid defaults they do long, real work by design.
    words = ["plan", "time", "capacity", "fit", "usl", "cost", "optimize", "calibrate", "runs",
             "scan", "catalog", "compare", "--size", "--rate", "--servers", "--format", "--help", "-v", "--quiet"]
    return [rng.choice(words + [number(), quantity("size")]) for _ in range(rng.randint(0, 6))]

BUILDERS = [("time", time_args, 18), ("capacity", capacity_args, 18), ("cost", cost_args, 10), ("fit", fit_args, 10),
            ("optimize", optimize_args, 10), ("plan", plan_args, 8), ("compare", compare_args, 3), ("copy", copy_args, 5),
            ("dataset", dataset_args, 3), ("bench", bench_args, 2), ("calibrate", calibrate_args, 3), ("runs", runs_args, 3),
            ("scan", scan_args, 2), ("catalog", catalog_args, 2), ("garbage", garbage_args, 3)]
# A valid bench sweep copies real files several times: it may exceed the timeout by design,
# so its "hangs" are listed but not counted against the target (see the summary line).

for d in ["in", "out", "tree/sub"]:
    os.makedirs(os.path.join(scratch, d), exist_ok=True)
for k in range(20):
    with open(os.path.join(scratch, "tree", "sub" if k % 2 else "", f"f{k}.bin"), "wb") as f:
        f.write(os.urandom(rng.randint(0, 20000)))

plans = []
weights = [w for _, _, w in BUILDERS]
for i in range(cases):
    name, build, _ = rng.choices(BUILDERS, weights=weights)[0]
    args = build(i) if build.__code__.co_argcount else build()
    if name not in ("bench", "garbage") and rng.random() < 0.5:
        args = args + ["--db", os.path.join(scratch, "ferry.sqlite")]
    # "--flag -1" would read -1 as a flag: pass such values as "--flag=-1".
    joined = []
    for a in args:
        if joined and joined[-1].startswith("--") and "=" not in joined[-1] and a.startswith("-") and a != "--" and not a.startswith("--"):
            joined[-1] = joined[-1] + "=" + a
        else:
            joined.append(a)
    plans.append((i, name, joined))

NAN = re.compile(r"(?<![A-Za-z])(nan|NaN|-?inf|-?Infinity|∞)(?![A-Za-z])")
env = dict(os.environ, FERRY_DB=os.path.join(scratch, "ferry.sqlite"), NO_COLOR="1")

def run(plan):
    i, name, args = plan
    start = time.monotonic()
    try:
        p = subprocess.run([ferry] + args, cwd=repo, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        # A valid benchmark sweep is long real work, not a hang: listed as "long", not counted.
        return (i, name, args, "long" if name == "bench" else "hang", None, time.monotonic() - start, "")
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode >= 128 or "Fatal error" in err:
        kind = "crash"
    elif p.returncode not in (0, 1, 2, 64):
        kind = "bad"
    elif NAN.search(out):
        kind = "nan"
    else:
        kind = "ok"
    detail = (NAN.search(out).group(0) if kind == "nan" else err.strip().splitlines()[-1] if err.strip() else "")[:200]
    return (i, name, args, kind, p.returncode, time.monotonic() - start, detail)

t0 = time.monotonic()
results = []
with ThreadPoolExecutor(max_workers=jobs) as pool:
    for r in pool.map(run, plans):
        results.append(r)
        if r[3] != "ok":
            print(f"  {r[3].upper():5} #{r[0]} exit {r[4]} ({r[5]:.1f}s): ferry {' '.join(repr(a) if (' ' in a or not a) else a for a in r[2])}  -- {r[6]}")
        out_dir = os.path.join(scratch, "out")
        if len(results) % 250 == 0:
            shutil.rmtree(out_dir, ignore_errors=True); os.makedirs(out_dir, exist_ok=True)
elapsed = time.monotonic() - t0

kinds = ["crash", "hang", "nan", "bad"]
print(f"\n{'command':10} {'runs':>6} {'exit0':>6} {'exit1':>6} {'exit2':>6} {'exit64':>6} " + " ".join(f"{k:>6}" for k in kinds))
total = {k: 0 for k in kinds}
for name, _, _ in BUILDERS:
    rs = [r for r in results if r[1] == name]
    if not rs: continue
    codes = [r[4] for r in rs]
    counts = {k: sum(1 for r in rs if r[3] == k) for k in kinds}
    for k in kinds: total[k] += counts[k]
    print(f"{name:10} {len(rs):6} {codes.count(0):6} {codes.count(1):6} {codes.count(2):6} {codes.count(64):6} " + " ".join(f"{counts[k]:6}" for k in kinds))
longs = sum(1 for r in results if r[3] == "long")
print(f"\n{len(results)} runs in {elapsed:.0f} s ({jobs} jobs, {timeout:g} s timeout): "
      + ", ".join(f"{total[k]} {k}" for k in kinds) + f" (target 0 each); {longs} valid bench sweeps ran past the timeout (real work)")
sys.exit(1 if any(total.values()) else 0)
PY
