#!/usr/bin/env python3
"""Run the Are-We-Fast-Yet ports side by side: SL and SOM on Bonsai, LuaJIT, Lua 5.4 and Node.js.

Every benchmark runs in every available runtime as a whole process (start-up, parsing and JIT
warm-up included), --reps times; the iteration count goes to the program on stdin (SL, Lua,
Node) or as the program's command-line argument (SOM: `som -cp ... Sieve.som 100`). The script
reports the median wall time and the largest peak RSS per benchmark and runtime, the ratios
SL/peer and SOM/peer and their geometric means, and checks that every runtime printed the same
verification line. Python 3 standard library only.

With --warmup FILE (or --plots DIR) every program also reports the time of each iteration of
its benchmark body (it is told so by a second stdin line `timed`, for SOM a third argument),
and the runner writes them as JSON to FILE: per benchmark and runtime, the iterations of the
repetition with the median wall time. --plots DIR then draws one SVG per benchmark into DIR
with `bonsai-report warmup` (built like sl and som when missing): iteration time against
iteration number for every runtime, with the steady-state medians marked.

    benchmarks/run.py                  # all benchmarks, all runtimes found, 3 repetitions
    benchmarks/run.py --quick          # tiny sizes: a smoke test of the whole setup
    benchmarks/run.py --reps 5 --only richards,deltablue --sl-args=--interpreter-only
    benchmarks/run.py --target-dir /tmp/target --som-args=--interpreter-only
    benchmarks/run.py --only richards,deltablue --plots docs/warmup   # warm-up plots
"""

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOM_CLASS_PATH = os.path.join(ROOT, "languages", "som", "core-lib") + ":" + os.path.join(HERE, "som")

# name -> (iterations for timing, iterations for --quick). The timing sizes make each run take
# roughly 0.3-0.5 s on LuaJIT on the 2-core development machine.
BENCHMARKS = {
    "sieve": (10000, 10),
    "queens": (5000, 10),
    "towers": (3000, 3),
    "permute": (15000, 10),
    "list": (3000, 3),
    "bounce": (6000, 10),
    "storage": (300, 2),
    "richards": (100, 1),
    "deltablue": (1000, 2),
}

# benchmark -> the SOM class (and file benchmarks/som/CLASS.som) that implements it
SOM_CLASSES = {
    "sieve": "Sieve", "queens": "Queens", "towers": "Towers", "permute": "Permute",
    "list": "List", "bounce": "Bounce", "storage": "Storage", "richards": "Richards",
    "deltablue": "DeltaBlue",
}

# Launcher options a SOM benchmark needs (before the user's --som-args): none since the call
# depth leak of compiled loops was fixed (benchmarks/README.md, SOM).
SOM_BENCHMARK_ARGS = {}

# The runtimes built from this repository (binary name under TARGET/release), whose ratios
# against every other runtime the table reports.
BONSAI = ["sl", "som"]

# runtime -> (display name, command prefix, file pattern, install hint)
RUNTIMES = {
    "sl": ("SL", None, "sl/{}.sl", "cargo build --release --bin sl"),
    "som": ("SOM", None, "som/{}.som", "cargo build --release --bin som"),
    "luajit": ("LuaJIT", ["luajit"], "lua/{}.lua", "apt-get install luajit"),
    "lua5.4": ("Lua 5.4", ["lua5.4"], "lua/{}.lua", "apt-get install lua5.4"),
    "node": ("Node", ["node"], "js/{}.js", "apt-get install nodejs"),
}


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd, stdin_text):
    """Runs cmd as a child process; returns (stdout, exit status, wall seconds, peak RSS KiB).

    The peak RSS comes from /usr/bin/time's %M when it is installed. Without it, it is the
    child's ru_maxrss from wait4, which also counts the pages the child shared with this Python
    process between fork and exec: a floor of about 15 MB.
    """
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as fout, \
            tempfile.NamedTemporaryFile(mode="r") as ftime:
        fin.write(stdin_text.encode())
        fin.seek(0)
        if TIME:
            cmd = [TIME, "-f", "%M", "-o", ftime.name] + cmd
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        fout.seek(0)
        out = fout.read().decode(errors="replace")
        rss = usage.ru_maxrss
        if TIME:
            # the last line of the file is %M; a line before it reports a non-zero exit status
            lines = ftime.read().split()
            rss = int(lines[-1]) if lines and lines[-1].isdigit() else rss
    return out, proc.returncode, elapsed, rss


def ensure_bin(target_dir, name):
    """The path of TARGET/release/NAME, built with cargo if it is missing (None on failure)."""
    path = os.path.join(target_dir, "release", name)
    if os.path.exists(path):
        return path
    print(f"building {path} (cargo build --release --bin {name}) ...", file=sys.stderr)
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir)
    r = subprocess.run(["cargo", "build", "--release", "--bin", name], cwd=ROOT, env=env)
    return path if r.returncode == 0 and os.path.exists(path) else None


def command(rt, name, size, bins, extra, timed=False):
    """(argv, stdin text) that runs benchmark `name` with `size` iterations in runtime `rt`;
    with `timed`, the program also prints each iteration's time (`@iteration-ns N` lines)."""
    _, prefix, pattern, _ = RUNTIMES[rt]
    if rt == "som":
        path = os.path.join(HERE, "som", SOM_CLASSES[name] + ".som")
        options = SOM_BENCHMARK_ARGS.get(name, []) + extra["som"]
        return [bins["som"]] + options + ["-cp", SOM_CLASS_PATH, path, str(size)] + (["timed"] if timed else []), ""
    path = os.path.join(HERE, pattern.format(name))
    stdin_text = f"{size}\ntimed\n" if timed else f"{size}\n"
    if rt == "sl":
        return [bins["sl"]] + extra["sl"] + [path], stdin_text
    return prefix + [path], stdin_text


ITERATION_PREFIX = "@iteration-ns "


def split_iterations(out):
    """(output without the `@iteration-ns` lines, the iteration times in microseconds)."""
    lines, times = [], []
    for line in out.splitlines():
        if line.startswith(ITERATION_PREFIX):
            try:
                times.append(int(line[len(ITERATION_PREFIX):]) / 1000.0)
            except ValueError:
                lines.append(line)
        else:
            lines.append(line)
    return "\n".join(lines), times


def fmt_time(t):
    return "—" if t is None else f"{t:.2f} s"


def fmt_rss(kib):
    return "—" if kib is None else f"{kib / 1024:.0f} MB"


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}"


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3, help="repetitions per benchmark and runtime (median time reported)")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test)")
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--runtimes", default="sl,som,luajit,lua5.4,node", help="comma-separated runtimes")
    ap.add_argument("--sl-args", default="", help="extra options for the sl launcher, e.g. --interpreter-only")
    ap.add_argument("--som-args", default="", help="extra options for the som launcher, e.g. --interpreter-only")
    ap.add_argument("--warmup", metavar="FILE", default="",
                    help="record each iteration's time and write them as JSON to FILE (for bonsai-report warmup)")
    ap.add_argument("--plots", metavar="DIR", default="",
                    help="draw one warm-up SVG per benchmark into DIR with bonsai-report "
                         "(records the iterations in DIR/warmup.json unless --warmup names a file)")
    ap.add_argument("--target-dir", default=os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"),
                    help="cargo target directory holding release/sl and release/som "
                         "(default: $CARGO_TARGET_DIR, else target/ in the repository)")
    args = ap.parse_args()

    names = [n for n in args.only.split(",") if n] or list(BENCHMARKS)
    for n in names:
        if n not in BENCHMARKS:
            ap.error(f"unknown benchmark {n!r}; known: {', '.join(BENCHMARKS)}")

    target_dir = os.path.abspath(args.target_dir)
    runtimes = []
    bins = {}
    for rt in [r for r in args.runtimes.split(",") if r]:
        if rt not in RUNTIMES:
            ap.error(f"unknown runtime {rt!r}; known: {', '.join(RUNTIMES)}")
        label, prefix, _, hint = RUNTIMES[rt]
        if rt in BONSAI:
            bins[rt] = ensure_bin(target_dir, rt)
            if bins[rt] is None:
                print(f"skipping {label}: {target_dir}/release/{rt} could not be built ({hint})",
                      file=sys.stderr)
                continue
        elif shutil.which(prefix[0]) is None:
            print(f"skipping {label}: `{prefix[0]}` not found (install it with `{hint}`)", file=sys.stderr)
            continue
        runtimes.append(rt)
    if not runtimes:
        print("no runtime available", file=sys.stderr)
        return 2

    extra = {"sl": args.sl_args.split(), "som": args.som_args.split()}
    warmup_file = args.warmup or (os.path.join(args.plots, "warmup.json") if args.plots else "")
    timed = bool(warmup_file)
    report_bin = None
    if args.plots:
        report_bin = ensure_bin(target_dir, "bonsai-report")
        if report_bin is None:
            print(f"cannot build {target_dir}/release/bonsai-report (cargo build --release --bin bonsai-report)",
                  file=sys.stderr)
            return 2
    results = {}  # (bench, rt) -> (median time, max rss, first output line)
    iterations = {}  # (bench, rt) -> iteration times (µs) of the repetition with the median time
    problems = []
    for name in names:
        size = BENCHMARKS[name][1 if args.quick else 0]
        for rt in runtimes:
            cmd, stdin_text = command(rt, name, size, bins, extra, timed)
            times, rsss, lines, runs = [], [], set(), []
            for _ in range(args.reps):
                out, status, elapsed, rss = run_once(cmd, stdin_text)
                out, its = split_iterations(out)
                runs.append((elapsed, its))
                if timed and status == 0 and len(its) != size:
                    problems.append(f"{name} [{rt}]: {len(its)} iteration times for {size} iterations")
                line = out.splitlines()[0] if out else ""
                if status != 0:
                    problems.append(f"{name} [{rt}]: exit status {status}: {out.strip()[:300]}")
                lines.add(line)
                times.append(elapsed)
                rsss.append(rss)
            if len(lines) != 1:
                problems.append(f"{name} [{rt}]: different output between repetitions: {sorted(lines)}")
            line = sorted(lines)[0]
            results[(name, rt)] = (statistics.median(times), max(rsss), line)
            if timed:
                iterations[(name, rt)] = sorted(runs, key=lambda r: r[0])[(len(runs) - 1) // 2][1]
            print(f"  {name:10} {RUNTIMES[rt][0]:8} n={size:<6} {statistics.median(times):7.2f} s "
                  f"{max(rsss) / 1024:6.0f} MB  {line}", file=sys.stderr)
        lines = {results[(name, rt)][2] for rt in runtimes}
        if len(lines) != 1:
            problems.append(f"{name}: the runtimes disagree: " +
                            "; ".join(f"{rt}: {results[(name, rt)][2]!r}" for rt in runtimes))
        elif " ok " not in next(iter(lines)):
            problems.append(f"{name}: verification failed: {next(iter(lines))!r}")

    # (subject, peer) pairs: each Bonsai runtime against every runtime not built here
    subjects = [rt for rt in runtimes if rt in BONSAI]
    pairs = [(s, p) for s in subjects for p in runtimes if p not in BONSAI]
    header = ["benchmark", "n"]
    for rt in runtimes:
        header += [f"{RUNTIMES[rt][0]} time", f"{RUNTIMES[rt][0]} RSS"]
    header += [f"{RUNTIMES[s][0]}/{RUNTIMES[p][0]}" for s, p in pairs]
    rows = []
    ratios = {pair: [] for pair in pairs}
    for name in names:
        size = BENCHMARKS[name][1 if args.quick else 0]
        row = [name, str(size)]
        for rt in runtimes:
            t, rss, _ = results[(name, rt)]
            row += [fmt_time(t), fmt_rss(rss)]
        for s, p in pairs:
            r = results[(name, s)][0] / results[(name, p)][0]
            ratios[(s, p)].append(r)
            row.append(fmt_ratio(r))
        rows.append(row)
    row = ["geometric mean", ""]
    for rt in runtimes:
        row += [fmt_time(geomean([results[(n, rt)][0] for n in names])),
                fmt_rss(geomean([results[(n, rt)][1] for n in names]))]
    row += [fmt_ratio(geomean(ratios[pair])) for pair in pairs]
    rows.append(row)

    if timed:
        data = {
            "format": "bonsai-warmup", "version": 1,
            "date": time.strftime("%Y-%m-%d %H:%M:%S"), "reps": args.reps,
            "benchmarks": [
                {"name": name, "n": BENCHMARKS[name][1 if args.quick else 0],
                 "runtimes": [{"runtime": rt, "label": RUNTIMES[rt][0], "iterations_us": iterations[(name, rt)]}
                              for rt in runtimes if iterations.get((name, rt))]}
                for name in names],
        }
        os.makedirs(os.path.dirname(os.path.abspath(warmup_file)), exist_ok=True)
        with open(warmup_file, "w") as f:
            json.dump(data, f)
        print(f"iteration times written to {warmup_file}", file=sys.stderr)
        if report_bin:
            r = subprocess.run([report_bin, "warmup", warmup_file, "-o", args.plots])
            if r.returncode != 0:
                problems.append(f"bonsai-report warmup failed (status {r.returncode})")
            else:
                print(f"warm-up plots written to {args.plots}/warmup-NAME.svg", file=sys.stderr)

    print(f"reps={args.reps} (median wall time, peak RSS; whole processes)"
          + "".join(f", {rt} {' '.join(extra[rt])}" for rt in BONSAI if extra[rt] and rt in runtimes))
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if problems:
        print("\nPROBLEMS:")
        for p in problems:
            print("  " + p)
        return 1
    print("\nall runtimes printed the same verification line for every benchmark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
