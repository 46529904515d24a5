#!/usr/bin/env python3
"""Run the Are-We-Fast-Yet ports side by side: SL on Bonsai, LuaJIT, Lua 5.4 and Node.js.

Every benchmark runs in every available runtime as a whole process (start-up, parsing and JIT
warm-up included), --reps times; the iteration count goes to the program on stdin. The script
reports the median wall time and the largest peak RSS per benchmark and runtime, the ratios
SL/peer and their geometric means, and checks that every runtime printed the same verification
line. Python 3 standard library only.

    benchmarks/run.py                  # all benchmarks, all runtimes found, 3 repetitions
    benchmarks/run.py --quick          # tiny sizes: a smoke test of the whole setup
    benchmarks/run.py --reps 5 --only richards,deltablue --sl-args=--interpreter-only
"""

import argparse
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
SL = os.path.join(ROOT, "target", "release", "sl")

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

# runtime -> (display name, command prefix, file pattern, install hint)
RUNTIMES = {
    "sl": ("SL", None, "sl/{}.sl", "cargo build --release --bin sl"),
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


def ensure_sl():
    if os.path.exists(SL):
        return True
    print("building target/release/sl (cargo build --release --bin sl) ...", file=sys.stderr)
    r = subprocess.run(["cargo", "build", "--release", "--bin", "sl"], cwd=ROOT)
    return r.returncode == 0 and os.path.exists(SL)


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
    ap.add_argument("--runtimes", default="sl,luajit,lua5.4,node", help="comma-separated runtimes")
    ap.add_argument("--sl-args", default="", help="extra options for the sl launcher, e.g. --interpreter-only")
    args = ap.parse_args()

    names = [n for n in args.only.split(",") if n] or list(BENCHMARKS)
    for n in names:
        if n not in BENCHMARKS:
            ap.error(f"unknown benchmark {n!r}; known: {', '.join(BENCHMARKS)}")

    runtimes = []
    for rt in [r for r in args.runtimes.split(",") if r]:
        if rt not in RUNTIMES:
            ap.error(f"unknown runtime {rt!r}; known: {', '.join(RUNTIMES)}")
        label, prefix, _, hint = RUNTIMES[rt]
        if rt == "sl":
            if not ensure_sl():
                print(f"skipping {label}: target/release/sl could not be built ({hint})", file=sys.stderr)
                continue
        elif shutil.which(prefix[0]) is None:
            print(f"skipping {label}: `{prefix[0]}` not found (install it with `{hint}`)", file=sys.stderr)
            continue
        runtimes.append(rt)
    if not runtimes:
        print("no runtime available", file=sys.stderr)
        return 2

    sl_args = args.sl_args.split() if args.sl_args else []
    results = {}  # (bench, rt) -> (median time, max rss, first output line)
    problems = []
    for name in names:
        size = BENCHMARKS[name][1 if args.quick else 0]
        for rt in runtimes:
            _, prefix, pattern, _ = RUNTIMES[rt]
            path = os.path.join(HERE, pattern.format(name))
            cmd = ([SL] + sl_args if rt == "sl" else prefix) + [path]
            times, rsss, lines = [], [], set()
            for _ in range(args.reps):
                out, status, elapsed, rss = run_once(cmd, f"{size}\n")
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
            print(f"  {name:10} {RUNTIMES[rt][0]:8} n={size:<6} {statistics.median(times):7.2f} s "
                  f"{max(rsss) / 1024:6.0f} MB  {line}", file=sys.stderr)
        lines = {results[(name, rt)][2] for rt in runtimes}
        if len(lines) != 1:
            problems.append(f"{name}: the runtimes disagree: " +
                            "; ".join(f"{rt}: {results[(name, rt)][2]!r}" for rt in runtimes))
        elif " ok " not in next(iter(lines)):
            problems.append(f"{name}: verification failed: {next(iter(lines))!r}")

    peers = [rt for rt in runtimes if rt != "sl"]
    has_sl = "sl" in runtimes
    header = ["benchmark", "n"]
    for rt in runtimes:
        header += [f"{RUNTIMES[rt][0]} time", f"{RUNTIMES[rt][0]} RSS"]
    if has_sl:
        header += [f"SL/{RUNTIMES[rt][0]}" for rt in peers]
    rows = []
    ratios = {rt: [] for rt in peers}
    for name in names:
        size = BENCHMARKS[name][1 if args.quick else 0]
        row = [name, str(size)]
        for rt in runtimes:
            t, rss, _ = results[(name, rt)]
            row += [fmt_time(t), fmt_rss(rss)]
        if has_sl:
            for rt in peers:
                r = results[(name, "sl")][0] / results[(name, rt)][0]
                ratios[rt].append(r)
                row.append(fmt_ratio(r))
        rows.append(row)
    row = ["geometric mean", ""]
    for rt in runtimes:
        row += [fmt_time(geomean([results[(n, rt)][0] for n in names])),
                fmt_rss(geomean([results[(n, rt)][1] for n in names]))]
    if has_sl:
        row += [fmt_ratio(geomean(ratios[rt])) for rt in peers]
    rows.append(row)

    print(f"reps={args.reps} (median wall time, peak RSS; whole processes)"
          + (f", sl {' '.join(sl_args)}" if sl_args else ""))
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
