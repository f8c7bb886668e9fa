"""Benchmark `leitai score` from files: CSV in, CSV / JSON / XLSX out, against score() itself.

Usage: .venv/bin/python bench/score_files_bench.py [--quick]

For a county (107 units × 40 indicators) and a province (15,000 units × 60 indicators), one
period each: the time of `score()` on the data already in memory, then `leitai score` end to
end (a fresh process reading the CSV folder and writing each format), printed as a ratio to
score() with its peak memory. Targets (issue: files offices really have): CSV and JSON ≤ 10×,
XLSX ≤ 30×, peak memory ≤ 1 GiB for every format. --quick runs the county only.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from engine_bench import COUNTY, PROVINCE, make_period, make_scheme, write_csv_folder  # noqa: E402

from leitai.scoring import dump_yaml, score  # noqa: E402
from leitai.scoring.readers import read_data  # noqa: E402

FORMATS = ("csv", "json", "xlsx")
RUN = """
import resource, sys, time
started = time.perf_counter()
from leitai.scoring.cli import main
status = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(status, time.perf_counter() - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def score_seconds(scheme, folder: Path, repeat: int = 3) -> tuple[float, float, float]:
    """Return the median wall and CPU time of score() on the folder's data, and the time to
    read it."""
    started = time.perf_counter()
    loaded = read_data(folder, scheme)
    read = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        score(scheme, loaded.data)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(times), statistics.median(cpu), read


def run_cli(folder: Path, fmt: str) -> tuple[float, float, int, float]:
    """Run `leitai score` in a fresh process; return wall time, in-process time, peak RSS and
    the process's CPU time (start-up included)."""
    out = folder.parent / f"out.{fmt}"
    args = [str(folder.parent / "scheme.yaml"), str(folder), "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    status, inside, rss, cpu = done.stdout.split()
    assert status == "0", done.stderr
    return wall, float(inside), int(rss) * 1024, float(cpu)


def case(size) -> list[str]:
    scheme = make_scheme(size)
    rows = make_period(scheme, size, 0)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        write_csv_folder(rows, folder)
        (Path(tmp) / "scheme.yaml").write_text(dump_yaml(scheme), encoding="utf-8")
        engine, engine_cpu, read = score_seconds(scheme, folder)
        for fmt in FORMATS:
            wall, inside, rss, cpu = run_cli(folder, fmt)
            size_mib = (Path(tmp) / f"out.{fmt}").stat().st_size / 2**20
            lines.append(
                f"| {size.label} | {fmt} | {engine * 1000:.0f} ms | {read:.2f} s | {wall:.2f} s "
                f"| **{wall / engine:.1f}×** | {inside / engine:.1f}× "
                f"| {cpu:.2f} s / {engine_cpu * 1000:.0f} ms = {cpu / engine_cpu:.1f}× "
                f"| {rss / 2**20:.0f} MiB | {size_mib:.1f} MiB |"
            )
            print(lines[-1], flush=True)
    return lines


HEADER = (
    "| case | out | score() | read CSV | `leitai score` | ratio | ratio (in process) "
    "| CPU ratio | peak RSS | output |\n|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="county only")
    args = parser.parse_args(argv)
    print(HEADER, flush=True)
    for size in (COUNTY,) if args.quick else (COUNTY, PROVINCE):
        case(size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
