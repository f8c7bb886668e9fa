"""`leitai score`'s CSV and JSON files stay byte for byte what they were.

A mid-size period (720 units in 12 groups × 40 indicators of every rule, a panel with a class
column most rows leave out, adjustments, exemptions, previous ranks) is generated from a fixed
seed, written as the CSV folder an office sends, and scored to CSV and JSON. The SHA-256 of
each output was recorded from the code before the reading and writing were made faster
(commit a1c9911, where each step still built its text cell by cell or row by row through the
paths tests/scoring/test_frames.py and test_readers.py compare with): a speed-up must not
change one byte. A change meant to alter the output records the new digests in its commit.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pytest

from leitai.scoring import cli, dump_yaml, parse_dict

UNITS, GROUPS, INDICATORS, JUDGES = 720, 12, 40, 5
RULES = ("completion", "relative", "rank", "bands", "share", "completion", "relative", "bands",
         "panel", "share")  # fmt: skip
PARAMS = {
    "completion": {"cap": 1.2, "zero_below": 0.3},
    "relative": {"floor": 0.6},
    "rank": {"peers": 13, "advance": 1, "retreat": 1},
    "bands": {"bands": [[60, 0.6], [80, 0.8], [90, 1]]},
    "share": {},
    "panel": {"trim_from": 5},
}
DIGESTS = {
    "csv": "7b79802b77572d8c3ef70db540c99ed0812378fb580b90be850513cca4fc5deb",
    "json": "82294bca7d2b2beb5be30018e099bb64909921650cc0d9bf6d10e8209c42baf4",
}


def _scheme():
    arenas = [
        {"code": f"a{k}", "name": f"擂台{k}", "weight": 20 + 5 * k, "bonus_cap": 5,
         "deduction_cap": 10, "indicators": []}
        for k in range(4)
    ]  # fmt: skip
    for i in range(INDICATORS):
        rule = RULES[i % len(RULES)]
        ind = {"code": f"I{i:02d}", "name": f"指标{i}", "rule": rule,
               "max_points": 10 + i % 4 * 5, **PARAMS[rule]}  # fmt: skip
        if i % 7 == 3:
            ind["groups"] = [f"G{g:02d}" for g in range(0, GROUPS, 2)]
        if i % 5 == 1 and rule in ("completion", "relative"):
            ind["direction"] = "lower"
        if rule == "share" and i % 20 == 14:
            ind["percent"] = True
        if rule == "panel" and i == INDICATORS - 2:
            ind["classes"] = {"专家": 60, "群众": 40}
        arenas[i % 4]["indicators"].append(ind)
    return parse_dict({"name": "digest period", "arenas": arenas})


def _number(rng, low: float, high: float) -> str:
    """A value as offices type them: 0 to 4 decimals, now and then a whole number."""
    return repr(round(float(rng.uniform(low, high)), int(rng.integers(0, 5))))


def write_case(folder: Path) -> Path:
    """Write scheme.yaml, the CSV folder and previous.csv; return the scheme's path."""
    rng = np.random.default_rng(20261204)
    scheme = _scheme()
    codes = [f"U{u:04d}" for u in range(UNITS)]
    data = folder / "data"
    data.mkdir()
    rows = {
        "units": [["unit", "name", "group"]]
        + [[c, f"单位{c}", f"G{u % GROUPS:02d}"] for u, c in enumerate(codes)],
        "values": [["unit", "indicator", "value", "target", "previous"]],
        "panel": [["unit", "indicator", "judge", "score", "class"]],
    }
    for ind in scheme.indicators:
        for u, code in enumerate(codes):
            if rng.random() < 0.04:
                continue  # not reported
            if ind.rule == "panel":
                for j in range(JUDGES):
                    score = _number(rng, 55, 100)
                    # Without rater classes most rows leave the class column out (a short
                    # row), some leave it blank; with them, every row names its class.
                    extra = [] if u % 9 else [""]
                    if ind.classes:
                        extra = ["专家" if j < 2 else "群众"]
                    rows["panel"].append([code, ind.code, f"J{j}", score, *extra])
                continue
            value, target, previous = _number(rng, -5, 160), "", ""
            if ind.rule == "completion":
                target = _number(rng, 40, 120)
            elif ind.rule == "rank":
                value, previous = str(rng.integers(1, 14)), str(rng.integers(1, 14))
            elif ind.rule == "share":
                value = _number(rng, 0, 120 if ind.percent else 1.1)
            rows["values"].append([code, ind.code, value, target, previous])
    picks = rng.choice(UNITS, size=UNITS // 10, replace=False).tolist()
    rows["adjustments"] = [["unit", "arena", "kind", "level", "points", "note"]] + [
        [codes[u], f"a{n % 4}", ("bonus", "deduction", "veto")[n % 3] if n % 11 else "veto",
         "", "" if n % 3 == 2 or n % 11 == 0 else _number(rng, 0, 8), f"事由{n}"]
        for n, u in enumerate(picks)
    ]  # fmt: skip
    rows["exemptions"] = [["unit", "indicator"]] + [
        [codes[u], scheme.indicators[u % INDICATORS].code]
        for u in rng.choice(UNITS, size=12, replace=False).tolist()
    ]
    for name, table in rows.items():
        with (data / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(table)
    with (folder / "previous.csv").open("w", encoding="utf-8", newline="") as handle:
        ranks = [[c, (u * 7) % (UNITS // GROUPS) + 1] for u, c in enumerate(codes) if u % 13]
        csv.writer(handle, lineterminator="\n").writerows([["unit", "rank"], *ranks])
    (folder / "scheme.yaml").write_text(dump_yaml(scheme), encoding="utf-8")
    return folder / "scheme.yaml"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_output_is_byte_for_byte_as_before(tmp_path, fmt):
    scheme = write_case(tmp_path)
    out = tmp_path / f"out.{fmt}"
    args = [scheme, tmp_path / "data", "--previous", tmp_path / "previous.csv", "-o", out]
    assert cli.main(list(map(str, args))) == 0
    body = out.read_bytes()
    assert body.count(b"\n") == (UNITS + 2 if fmt == "json" else UNITS + 1)
    assert hashlib.sha256(body).hexdigest() == DIGESTS[fmt]
