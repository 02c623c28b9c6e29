#!/usr/bin/env python3
"""Run a command several times and summarise wall time, peak RSS and CPU use.

Usage: bench_run.py --label NAME [--runs N] [--unit s|ms] [--inputs PATH...]
                    [--throughput] [--ok-codes 0,1] [--record FILE] -- CMD [ARG...]

Each run is timed on its own, and its user+sys CPU time is read with
os.wait4(), which reports that one child's usage (getrusage(RUSAGE_CHILDREN)
only gives totals, and for RSS the maximum over all children so far).  One
untimed warm-up run comes first so that the page cache is hot and every timed
run sees the same conditions.

Peak RSS is taken from a separate run under GNU time (/usr/bin/time, Debian
package `time`) after each timed run.  wait4()'s ru_maxrss cannot be used
directly: the child is spawned by vfork from this Python process, and Linux
carries the parent's RSS high-water mark (~15 MiB) over the exec, which would
swamp the figure for small commands.  GNU time forks from a ~1 MiB process.
Without it we fall back to ru_maxrss and say so.

Progress goes to stderr; stdout gets one summary line, e.g.
  full scan: 4000 files, 12.0 MB: median 0.62 s (min 0.60), 6450 files/s,
  19.5 MB/s, peak RSS 84 MiB, 1.8 cores
Sizes are in MB of 10^6 bytes, RSS in MiB.  "cores" is total user+sys CPU time
over total wall time, i.e. how many cores the command kept busy on average.

A run whose exit code is not in --ok-codes (default 0,1: aiposture exits 1
when it has findings) aborts the benchmark: its stderr is shown and this
script exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def count_inputs(paths: list[str]) -> tuple[int, int]:
    """Number and total size of the regular files under paths (hidden ones skipped)."""
    files = size = 0
    for p in map(Path, paths):
        candidates = [p] if p.is_file() else (q for q in p.rglob("*") if q.is_file())
        for f in candidates:
            if any(part.startswith(".") for part in f.relative_to(p).parts):
                continue
            files += 1
            size += f.stat().st_size
    return files, size


def run_once(cmd: list[str], ok_codes: set[int]) -> tuple[float, float, int]:
    """Run cmd once; return (wall seconds, user+sys CPU seconds, ru_maxrss in KiB)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # we reaped it, not Popen
        if code not in ok_codes:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
            what = f"signal {-code}" if code < 0 else f"exit code {code}"
            sys.exit(f"error: {' '.join(cmd)} failed with {what}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # ru_maxrss is KiB on Linux


GNU_TIME = "/usr/bin/time"


def gnu_time_works() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True)
    return probe.returncode == 0 and probe.stderr.strip().isdigit()


def peak_rss_gnu_time(cmd: list[str], ok_codes: set[int]) -> int:
    """Peak RSS of one run of cmd in KiB, as measured by GNU time."""
    with tempfile.NamedTemporaryFile("r") as out:
        # GNU time exits with the command's status, so run_once checks it too.
        run_once([GNU_TIME, "-f", "%M", "-o", out.name, *cmd], ok_codes)
        # On a non-zero exit GNU time writes "Command exited with non-zero
        # status N" before the format line, so the figure is the last word.
        return int(out.read().split()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--unit", choices=["s", "ms"], default="s")
    ap.add_argument("--inputs", nargs="+", default=[], help="files/directories the command reads, for sizes")
    ap.add_argument("--throughput", action="store_true", help="also report files/s and MB/s")
    ap.add_argument("--ok-codes", default="0,1", help="exit codes that count as success (default 0,1)")
    ap.add_argument("--record", type=Path, help="append the figures as one JSON line to this file")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD [ARG...]")
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd or args.runs < 1:
        ap.error("need a command after -- and --runs >= 1")
    ok_codes = {int(c) for c in args.ok_codes.split(",")}

    for _ in range(args.warmup):
        run_once(cmd, ok_codes)
    exact_rss = gnu_time_works()
    if not exact_rss:
        print(f"warning: GNU time ({GNU_TIME}, Debian package `time`) not usable; "
              "peak RSS will include this wrapper's own ~15 MiB", file=sys.stderr)
    walls, cpus, rss = [], [], []
    for i in range(args.runs):
        wall, cpu, maxrss = run_once(cmd, ok_codes)
        walls.append(wall)
        cpus.append(cpu)
        rss.append(peak_rss_gnu_time(cmd, ok_codes) if exact_rss else maxrss)
        print(f"  {args.label}: run {i + 1}/{args.runs}: {wall:.3f} s, {rss[-1] / 1024:.0f} MiB", file=sys.stderr)

    median, fastest = statistics.median(walls), min(walls)
    peak_mib = max(rss) / 1024
    cores = sum(cpus) / sum(walls)
    files, size = count_inputs(args.inputs)

    scale = 1000 if args.unit == "ms" else 1
    digits = 1 if args.unit == "ms" else 2
    parts = [f"{args.label}:"]
    if args.inputs:
        parts.append(f"{files} files, {size / 1e6:.1f} MB:" if size >= 1e5 else f"{files} files, {size / 1e3:.1f} kB:")
    parts.append(f"median {median * scale:.{digits}f} {args.unit} (min {fastest * scale:.{digits}f}),")
    if args.throughput and args.inputs:
        parts.append(f"{files / median:.0f} files/s, {size / 1e6 / median:.1f} MB/s,")
    parts.append(f"peak RSS {peak_mib:.0f} MiB{'' if exact_rss else ' (incl. wrapper)'}, {cores:.1f} cores")
    print(" ".join(parts))

    if args.record:
        with args.record.open("a") as f:
            f.write(json.dumps({
                "label": args.label, "runs": args.runs, "files": files, "bytes": size,
                "median_s": median, "min_s": fastest, "peak_rss_mib": round(peak_mib, 1),
                "rss_exact": exact_rss, "cores": round(cores, 2), "command": cmd,
            }) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
