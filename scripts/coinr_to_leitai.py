"""Convert COINr's ASEM example (meta.csv, treated.csv) into a Leitai scheme and data folder.

Pillars become arenas; each indicator becomes a `relative` indicator with floor 0 (min-max onto
[0, 100]) over one group holding every country. COINr's index is a two-level arithmetic mean
(sub-index = mean of its pillars, index = mean of sub-indices), so each pillar's arena weight is
its share of the index: w_sub / Σ w_sub × w_pillar / Σ w_pillar within its sub-index, scaled to
whole numbers (Connectivity's 5 pillars weigh 3, Sustainability's 3 pillars weigh 5).

Usage: python scripts/coinr_to_leitai.py [SOURCE] [TARGET]
(default: tests/scoring/coinr-asem, COINr's data committed in the repository -> examples/coinr-asem)
"""

from __future__ import annotations

import csv
import math
import sys
from fractions import Fraction
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "scoring" / "coinr-asem"
TARGET = ROOT / "examples" / "coinr-asem"
GROUP = "ASEM"


def read_meta(source: Path) -> list[dict]:
    """Return the rows of meta.csv."""
    with (source / "meta.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pillar_weights(meta: list[dict]) -> dict[str, int]:
    """Return whole-number arena weights that make the weighted mean the two-level mean."""
    by_code = {row["code"]: row for row in meta}
    pillars = [row for row in meta if row["level"] == "2"]
    subs = {row["parent"] for row in pillars}
    sub_total = sum(Fraction(by_code[s]["weight"]) for s in subs)
    shares = {}
    for pillar in pillars:
        siblings = [p for p in pillars if p["parent"] == pillar["parent"]]
        within = Fraction(pillar["weight"]) / sum(Fraction(p["weight"]) for p in siblings)
        shares[pillar["code"]] = Fraction(by_code[pillar["parent"]]["weight"]) / sub_total * within
    scale = math.lcm(*(share.denominator for share in shares.values()))
    return {code: int(share * scale) for code, share in shares.items()}


def scheme(meta: list[dict]) -> dict:
    """Return the Leitai scheme expressing COINr's hierarchy."""
    weights = pillar_weights(meta)
    arenas = []
    for pillar in (row for row in meta if row["level"] == "2"):
        indicators = [
            {"code": row["code"], "name": row["name"], "rule": "relative",
             "max_points": float(row["weight"]), "floor": 0,
             "direction": "higher" if row["direction"] == "1" else "lower"}
            for row in meta if row["level"] == "1" and row["parent"] == pillar["code"]
        ]  # fmt: skip
        arenas.append(
            {
                "code": pillar["code"],
                "name": pillar["name"],
                "weight": weights[pillar["code"]],
                "indicators": indicators,
            }
        )
    return {"name": "ASEM Sustainable Connectivity (COINr example)", "arenas": arenas}


def convert(source: Path = SOURCE, target: Path = TARGET) -> None:
    """Write scheme.yaml and data/{units,values}.csv under `target`."""
    meta = read_meta(source)
    codes = [row["code"] for row in meta if row["level"] == "1"]
    (target / "data").mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(scheme(meta), allow_unicode=True, sort_keys=False)
    (target / "scheme.yaml").write_text(text, encoding="utf-8")
    with (source / "treated.csv").open(encoding="utf-8") as handle:
        countries = list(csv.DictReader(handle))
    _write(
        target / "data" / "units.csv",
        ["unit", "name", "group"],
        ([c["unit"], c["name"], GROUP] for c in countries),
    )
    _write(
        target / "data" / "values.csv",
        ["unit", "indicator", "value", "target", "previous"],
        ([c["unit"], code, c[code], "", ""] for c in countries for code in codes),
    )


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:3]]
    convert(*args)
