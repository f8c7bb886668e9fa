"""Benchmark the scoring engine and `leitai score` on synthetic county and province data.

Usage: .venv/bin/python bench/engine_bench.py [--quick]

Each figure is compared with (a) the pure-Python baseline in bench/pure_python_engine.py,
which must give the same totals and ranks, and (b) the floor: a plain NumPy sort of the
same number of values. --quick skips the twelve-period province runs of the slow baseline
and of the end-to-end command.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import pure_python_engine  # noqa: E402

from leitai.progress import track  # noqa: E402
from leitai.scoring import (  # noqa: E402
    Adjustment,
    Exemption,
    PanelColumns,
    ScoringInput,
    Unit,
    ValueColumns,
    dump_yaml,
    parse_dict,
    score,
)

RULES = ("completion", "relative", "rank", "bands", "relative", "share", "completion",
         "relative", "bands", "panel")  # fmt: skip
ARENAS = (("projects", "项目建设", 30), ("advance", "率先进位", 30), ("reform", "改革创新", 20),
          ("party", "基层党建", 20))  # fmt: skip
JUDGES = 5


@dataclass
class Size:
    """A synthetic jurisdiction."""

    label: str
    units: int
    groups: int
    indicators: int


COUNTY = Size("county", 107, 3, 40)
PROVINCE = Size("province", 15_000, 150, 60)


def make_scheme(size: Size):
    """Return a scheme mixing every rule, some indicators limited to half of the groups."""
    params = {
        "completion": {"cap": 1.2, "zero_below": 0.3},
        "relative": {"floor": 0.6},
        "rank": {"peers": 13, "advance": 1, "retreat": 1},
        "share": {},
        "bands": {"bands": [[60, 0.6], [80, 0.8], [90, 1]]},
        "panel": {"trim_from": 5},
    }
    arenas = [
        {"code": c, "name": n, "weight": w, "bonus_cap": 5, "deduction_cap": 10, "indicators": []}
        for c, n, w in ARENAS
    ]
    for i in range(size.indicators):
        rule = RULES[i % len(RULES)]
        ind = {"code": f"I{i:02d}", "rule": rule, "max_points": 10 + i % 4 * 5, **params[rule]}
        if i % 7 == 3:
            ind["groups"] = [f"G{g:03d}" for g in range(0, size.groups, 2)]
        if i % 5 == 4 and rule in ("completion", "relative"):
            ind["direction"] = "lower"
        arenas[i % len(arenas)]["indicators"].append(ind)
    return parse_dict({"name": f"synthetic {size.label}", "arenas": arenas})


def make_period(scheme, size: Size, seed: int) -> dict[str, list[tuple]]:
    """Return one period's rows as plain tuples (the sheets of SCORING.md)."""
    rng = np.random.default_rng(seed)
    codes = [f"U{u:05d}" for u in range(size.units)]
    units = [(c, f"单位{c}", f"G{u % size.groups:03d}") for u, c in enumerate(codes)]
    values, panel = [], []
    for ind in scheme.indicators:
        present = rng.random(size.units) > 0.03
        if ind.rule == "panel":
            scores = rng.uniform(60, 100, (size.units, JUDGES)).round(1)
            panel += [
                (codes[u], ind.code, f"J{j}", float(scores[u, j]))
                for u in np.flatnonzero(present)
                for j in range(JUDGES)
            ]
            continue
        v, t, k0 = _draw(ind.rule, rng, size.units)
        values += [(codes[u], ind.code, v[u], t[u], k0[u]) for u in np.flatnonzero(present)]
    picks = rng.choice(size.units, size=max(size.units // 10, 3), replace=False)
    arena_codes = [a.code for a in scheme.arenas]
    adjustments = [
        (
            codes[u],
            arena_codes[n % 4],
            _kind(n),
            "provincial" if n % 4 == 0 else "",
            None if n % 4 == 0 else float(n % 7),
            "",
        )
        for n, u in enumerate(picks)
    ]
    exemptions = [
        (codes[u], scheme.indicators[u % len(scheme.indicators)].code)
        for u in rng.choice(size.units, size=max(size.units // 100, 1), replace=False)
    ]
    return {
        "units": units,
        "values": values,
        "panel": panel,
        "adjustments": adjustments,
        "exemptions": exemptions,
    }


def _kind(n: int) -> str:
    return "veto" if n % 20 == 0 else ("bonus" if n % 2 else "deduction")


def _draw(rule: str, rng, n: int) -> tuple[list, list, list]:
    none = [None] * n
    if rule == "completion":
        return (
            rng.uniform(0, 150, n).round(2).tolist(),
            rng.uniform(50, 120, n).round(2).tolist(),
            none,
        )
    if rule == "rank":
        return (
            rng.integers(1, 14, n).astype(float).tolist(),
            none,
            rng.integers(1, 14, n).astype(float).tolist(),
        )
    if rule == "share":
        return rng.uniform(0, 1, n).round(3).tolist(), none, none
    return rng.normal(70, 15, n).round(2).tolist(), none, none


def engine_input(scheme, rows: dict) -> ScoringInput:
    """Build the engine's in-memory input: columns, with units and indicators by position.

    This is how a caller holding the data in memory (the web app) hands over a large period.
    """
    unit_at = {u[0]: n for n, u in enumerate(rows["units"])}
    ind_at = {ind.code: n for n, ind in enumerate(scheme.indicators)}
    values, panel = rows["values"], rows["panel"]
    columns = ValueColumns(
        np.array([unit_at[r[0]] for r in values]),
        np.array([ind_at[r[1]] for r in values]),
        *(np.array([np.nan if r[k] is None else r[k] for r in values]) for k in (2, 3, 4)),
    )
    judges = PanelColumns(
        np.array([unit_at[r[0]] for r in panel]),
        np.array([ind_at[r[1]] for r in panel]),
        np.array([int(r[2][1:]) for r in panel]),
        np.array([r[3] for r in panel]),
    )
    return ScoringInput(
        tuple(Unit(*u) for u in rows["units"]),
        columns,
        judges,
        tuple(Adjustment(u, a, k, lv, p, n) for u, a, k, lv, p, n in rows["adjustments"]),
        tuple(Exemption(*e) for e in rows["exemptions"]),
    )


def timed(function, *args):
    """Return (seconds, result) of one call."""
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def peak_memory(function, *args) -> int:
    """Return the peak traced bytes of one call (timed separately: tracing slows Python)."""
    tracemalloc.start()
    function(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def sort_floor(periods: list[dict]) -> float:
    """Time a plain NumPy sort of as many values as the periods hold (best of 3)."""
    arrays = [
        np.random.default_rng(n).random(len(p["values"]) + len(p["panel"]))
        for n, p in enumerate(periods)
    ]
    best = np.inf
    for _ in range(3):
        started = time.perf_counter()
        for array in arrays:
            np.sort(array)
        best = min(best, time.perf_counter() - started)
    return best


def check_same(result, baseline: dict) -> None:
    """Fail unless the engine and the baseline agree on every total and rank."""
    for unit in result.ordered(explain=False):
        other = baseline[unit.unit]
        assert unit.rank == other["rank"], (unit.unit, unit.rank, other["rank"])
        assert (unit.total is None) == (other["total"] is None)
        assert unit.total is None or abs(unit.total - other["total"]) <= 1e-9


def engine_runs(scheme, periods: list[dict], label: str, baseline_periods: int) -> dict:
    """Time the engine over the periods, and the baseline over the first `baseline_periods`.

    The baseline's time is scaled to all periods (periods are independent and alike).
    """
    inputs = [engine_input(scheme, p) for p in periods]
    figures = {"engine_s": 0.0, "baseline_s": 0.0}
    measured = min(baseline_periods, len(periods))
    for n in track(range(len(periods)), len(periods), f"{label} engine"):
        seconds, result = timed(score, scheme, inputs[n])
        figures["engine_s"] += seconds
        if n < measured:
            p = periods[n]
            args = (p["units"], p["values"], p["panel"], p["adjustments"], p["exemptions"])
            seconds, base = timed(pure_python_engine.score, scheme, *args)
            figures["baseline_s"] += seconds * len(periods) / measured
            check_same(result, base)
    figures["baseline_measured"] = measured
    figures["engine_peak"] = peak_memory(score, scheme, inputs[0])
    figures["floor_s"] = sort_floor(periods)
    return figures


def write_csv_folder(rows: dict, folder: Path) -> None:
    """Write one period as the CSV folder `leitai score` reads."""
    import csv

    from leitai.scoring.readers import SHEETS

    folder.mkdir(parents=True)
    for sheet, header in SHEETS.items():
        with (folder / f"{sheet}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if c is None else c for c in r] for r in rows[sheet])


RUN_CLI = """
import resource, sys
from leitai.scoring.cli import main
status = main(sys.argv[1:])
print(status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
RUN_BASELINE = """
import resource, sys
from pathlib import Path
sys.path.insert(0, "bench")
import pure_python_engine
from leitai.scoring import parse_yaml
scheme = parse_yaml(Path(sys.argv[1]).read_text(encoding="utf-8"))
pure_python_engine.score_files(scheme, Path(sys.argv[2]), Path(sys.argv[4]))
print(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def end_to_end(scheme, periods: list[dict], label: str, baseline: bool) -> dict:
    """Time `leitai score` (and the baseline) from CSV files to JSON, one process a period."""
    figures = {"cli_s": 0.0, "cli_rss": 0, "baseline_s": 0.0, "baseline_rss": 0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "scheme.yaml").write_text(dump_yaml(scheme), encoding="utf-8")
        for n, rows in enumerate(periods):
            write_csv_folder(rows, folder / f"p{n}")
        for n in track(range(len(periods)), len(periods), f"{label} end to end"):
            args = [
                str(folder / "scheme.yaml"),
                str(folder / f"p{n}"),
                "-o",
                str(folder / f"p{n}.json"),
            ]
            _add(figures, "cli", _process(RUN_CLI, args))
            if baseline:
                args[3] = str(folder / f"p{n}-baseline.json")
                _add(figures, "baseline", _process(RUN_BASELINE, args))
        json.loads((folder / "p0.json").read_text(encoding="utf-8"))
    return figures


def _process(program: str, args: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", program, *args], cwd=ROOT, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    status, rss = done.stdout.split()
    assert status == "0", done.stderr
    return seconds, int(rss) * 1024


def _add(figures: dict, key: str, measured: tuple[float, int]) -> None:
    figures[f"{key}_s"] += measured[0]
    figures[f"{key}_rss"] = max(figures[f"{key}_rss"], measured[1])


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def report_row(name: str, engine: dict, e2e: dict | None) -> str:
    """Return one Markdown table row."""
    e, b, f = engine["engine_s"], engine["baseline_s"], engine["floor_s"]
    cells = [
        name,
        f"{e * 1000:.1f} ms",
        mib(engine["engine_peak"]),
        f"{f * 1000:.1f} ms",
        f"{e / f:.1f}x",
        f"{b:.2f} s",
        f"{b / e:.0f}x",
    ]
    if e2e:
        c, cb = e2e["cli_s"], e2e["baseline_s"]
        cells += [
            f"{c:.2f} s",
            mib(e2e["cli_rss"]),
            f"{c / f:.0f}x",
            f"{cb:.2f} s",
            f"{cb / c:.1f}x",
        ]
    else:
        cells += ["-"] * 5
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| case | engine | engine peak | sort floor | engine / floor | baseline | baseline / engine "
    "| `leitai score` | max RSS | score / floor | baseline e2e | baseline e2e / score |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip twelve province periods")
    parser.add_argument("--engine-only", action="store_true", help="skip `leitai score` runs")
    parser.add_argument(
        "--baseline-periods",
        type=int,
        default=12,
        metavar="K",
        help="time the slow baseline on K periods and scale (default 12)",
    )
    parser.add_argument(
        "--e2e-periods",
        type=int,
        default=12,
        metavar="K",
        help="largest period count run end to end for the province",
    )
    args = parser.parse_args(argv)
    rows = []
    for size in (COUNTY, PROVINCE):
        scheme = make_scheme(size)
        periods = [
            make_period(scheme, size, seed) for seed in track(range(12), 12, f"{size.label} data")
        ]
        for count in (1, 12):
            if args.quick and size is PROVINCE and count == 12:
                continue
            name = f"{size.label}, {count} period{'s' if count > 1 else ''}"
            engine = engine_runs(scheme, periods[:count], name, args.baseline_periods)
            skip = args.engine_only or (size is PROVINCE and count > args.e2e_periods)
            e2e = None if skip else end_to_end(scheme, periods[:count], name, True)
            if engine["baseline_measured"] < count:
                name += f" (baseline timed on {engine['baseline_measured']}, scaled)"
            rows.append(report_row(name, engine, e2e))
    print(HEADER)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
