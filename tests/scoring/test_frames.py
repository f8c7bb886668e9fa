"""The column writers (frames, explain_columns) write exactly what the per-unit records say."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from leitai.core.spreadsheets import csv_cell
from leitai.scoring import (
    Adjustment,
    Carrier,
    Exemption,
    PanelColumns,
    ScoringInput,
    Unit,
    ValueColumns,
    parse_dict,
    score,
)
from leitai.scoring.explain_columns import fixed, nums
from leitai.scoring.frames import frames
from leitai.scoring.sensitivity import sensitivity
from leitai.scoring.writers import _cell, csv_row, to_csv, to_json, unit_json

# Numbers that round near a half, sit on or beside thresholds and caps, or are large, tiny,
# negative or zero: each takes a different branch of the column formatting.
TRICKY = [0.0, -0.0, -0.001, -0.005, 0.005, 0.015, 0.125, 0.3, 0.2999999, 1.005, 1.2, 1.2000001,
          2.675, 59.995, 60, 79.999, 80, 80.004, 89.9999, 90, 99.995, 100, 120.5, 150, 1e-9,
          -5, -12.345, 9999.995, 10000.125, 12345678.125, 1e15 + 0.3]  # fmt: skip
RULES = (
    {"rule": "completion", "cap": 1.2, "zero_below": 0.3},
    {"rule": "completion", "cap": 1.2, "zero_below": 0.3, "direction": "lower"},
    {"rule": "completion"},
    {"rule": "relative", "floor": 0.6},
    {"rule": "relative", "floor": 0.6, "direction": "lower"},
    {"rule": "rank", "peers": 13, "advance": 1, "retreat": 1},
    {"rule": "bands", "bands": [[60, 0.6], [80, 0.8], [90, 1]]},
    {"rule": "bands", "bands": [[60, 1], [80, 0.8], [90, 0.6]], "direction": "lower"},
    {"rule": "share"},
    {"rule": "share", "percent": True},
    {"rule": "panel", "trim_from": 5},
    {"rule": "rank", "peers": 13, "step": 0.05, "advance": 0.5, "retreat": 0.5, "cap": 1.2,
     "top_points": [5, 4, 3, 2, 1], "bottom_points": [-1, -2, -3, -4, -5]},
    {"rule": "rank", "peers": 13, "average": True, "top_points": [2, 1], "bottom_points": [-0.5]},
)  # fmt: skip
N_UNITS = 60


def varied_result(seed: int = 3, *, previous: bool = True):
    """Score a scheme with every rule and case on tricky and random values."""
    rng = np.random.default_rng(seed)
    arenas = [
        {"code": f"a{k}", "name": f"擂台{k}", "weight": 10 + k, "bonus_cap": 3,
         "deduction_cap": 2, "indicators": []}
        for k in range(3)
    ]  # fmt: skip
    for i, params in enumerate(RULES):
        indicator = {"code": f"I{i}", "name": f"指标{i}", "max_points": 7.5 + i, **params}
        if i % 4 == 1:
            indicator["groups"] = ["g0", "g2"]
        arenas[i % 3]["indicators"].append(indicator)
    arenas.append({"code": "empty", "name": "空", "weight": 5, "indicators": [
        {"code": "Z", "rule": "share", "max_points": 5, "groups": ["g1"]}]})  # fmt: skip
    scheme = parse_dict({"name": "varied", "arenas": arenas})
    units = tuple(Unit(f"U{u:02d}", f"单位{u}", f"g{u % 3}") for u in range(N_UNITS))
    rows = {"unit": [], "indicator": [], "value": [], "target": [], "previous": []}
    panel = {"unit": [], "indicator": [], "judge": [], "score": []}
    for ind in scheme.indicators:
        for u, unit in enumerate(units):
            if rng.random() < 0.08:
                continue  # not reported
            if ind.rule == "panel":
                for j in range(u % 7):
                    panel["unit"].append(unit.code)
                    panel["indicator"].append(ind.code)
                    panel["judge"].append(f"J{j}")
                    panel["score"].append(float(rng.choice([60, 85.125, 99.995, 70.5])))
                continue
            value = TRICKY[(u + len(ind.code)) % len(TRICKY)] if u % 2 else rng.uniform(-10, 160)
            if ind.rule == "rank":
                value = float(rng.integers(1, 14))
                if ind.average:  # an average position over the year's periods
                    value = min(value + float(rng.choice([0.0, 0.25, 0.5, 0.125])), 13.0)
            target = (
                float(rng.choice([0.5, 80.0, 99.995, 1e7])) if ind.rule == "completion" else None
            )
            before = float(rng.integers(1, 14)) if ind.rule == "rank" and u % 3 else None
            rows["unit"].append(unit.code)
            rows["indicator"].append(ind.code)
            rounded = round(value, int(rng.integers(0, 5))) if u % 5 else value
            rows["value"].append(max(rounded, 1.0) if ind.rule == "rank" else rounded)
            rows["target"].append(np.nan if target is None else target)
            rows["previous"].append(np.nan if before is None else before)
    for k, code in enumerate(rows["indicator"]):  # group g0: every unit has the same value
        if code == "I3" and int(rows["unit"][k][1:]) % 3 == 0:
            rows["value"][k] = 42.0
    values = ValueColumns(
        tuple(rows["unit"]), tuple(rows["indicator"]),
        *(np.array(rows[c], dtype=float) for c in ("value", "target", "previous")),
    )  # fmt: skip
    judges = PanelColumns(
        tuple(panel["unit"]), tuple(panel["indicator"]), tuple(panel["judge"]),
        np.array(panel["score"]),
    )  # fmt: skip
    adjustments = (
        Adjustment("U01", "a0", "bonus", points=5.0),
        Adjustment("U01", "a0", "deduction", points=1.25),
        Adjustment("U02", "a1", "deduction", points=250.0),
        Adjustment("U03", "a2", "bonus", points=0.125),
        Adjustment("U04", "a0", "veto"),
        Adjustment("U01", "empty", "deduction", points=250.0),  # floored at 0
    )
    exemptions = (Exemption("U05", "I0"), Exemption("U06", "I10"))
    carriers = tuple(
        Carrier(f"U{u:02d}", code, weight)
        for code in ("I0", "I5", "I8", "I11", "I12")
        for u, weight in ((5, 0.5), (7, 0.125), (8, 1 / 3), (9, 1.0), (13, 0.6), (14, 0.4))
    )  # unit U05 is exempted from I0: it stays so
    data = ScoringInput(units, values, judges, adjustments, exemptions, carriers)
    ranks = {u.code: (n % 9) + 1 for n, u in enumerate(units)} if previous else None
    return score(scheme, data, ranks)


def test_every_explanation_is_the_per_unit_text():
    result = varied_result()
    checked = 0
    for frame in frames(result, block=7):
        for i, ind in enumerate(result.scheme.indicators):
            texts = frame.indicator(i)[4].values
            for code, text in zip(frame.code, texts, strict=True):
                assert text == result.unit(code).indicators[ind.code].explain_zh, (code, ind)
                checked += 1
        for arena, texts in zip(result.scheme.arenas, frame.arena_texts(), strict=True):
            for code, text in zip(frame.code, texts, strict=True):
                assert text == result.unit(code).arena_details[arena.code].explain_zh
    assert checked == N_UNITS * len(result.scheme.indicators)


@pytest.mark.parametrize("with_sensitivity", [False, True])
def test_csv_and_json_are_those_of_the_per_unit_records(with_sensitivity):
    result = varied_result(seed=5)
    if with_sensitivity:
        result = sensitivity(result, 5, 0.2, 1)
    units = result.ordered(english=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(to_csv(result).splitlines()[0].split(","))
    writer.writerows([csv_cell(_cell(v)) for v in csv_row(result, unit)] for unit in units)
    assert to_csv(result) == buffer.getvalue()
    lines = [
        json.dumps(unit_json(unit, sensitivity=with_sensitivity), ensure_ascii=False)
        for unit in units
    ]
    assert to_json(result).split('"units": [\n')[1] == ",\n".join(lines) + "\n]}\n"


def test_the_text_shows_what_the_records_show_for_one_case():
    result = varied_result(seed=11, previous=False)
    unit = result.unit("U05")
    assert unit.indicators["I0"].explain_zh == "免考核，不计入"
    texts = next(frames(result, block=N_UNITS)).indicator(0)[4].values
    assert texts[list(result.order()).index(result._index["U05"])] == "免考核，不计入"


def test_numbers_are_formatted_as_python_formats_them():
    x = np.array([0.125, 1.005, 2.675, -0.001, -0.5, 0.0, -0.0, 1e15 + 0.3, np.nan, np.inf,
                  12345.675, 99.995, 3.0])  # fmt: skip
    assert fixed(x).tolist() == [
        "0.12", "1", "2.67", "0", "-0.5", "0", "0", "1000000000000000.25", "nan", "inf",
        "12345.67", "100", "3",
    ]  # fmt: skip
    assert fixed(x, strip=False).tolist() == [f"{v:.2f}" for v in x.tolist()]
    assert fixed(np.array([0.1234567, 2.5]), 6).tolist() == ["0.123457", "2.5"]
    assert nums(np.array([79.999, 80.0, 80.004]), (80.0,)).tolist() == ["79.999", "80", "80.004"]


def test_floats_are_written_as_repr_writes_them():
    from leitai.scoring.frames import float_reprs

    rng = np.random.default_rng(2)
    x = np.concatenate(
        [
            rng.uniform(0, 1e3, 2000).round(2),  # numbers of hundredths: the fast way
            rng.integers(0, 10**9, 2000) / 100,
            rng.uniform(-1e3, 1e3, 2000),  # any other float: repr()
            [0.0, -0.0, -0.5, 0.1 + 0.2, 12345.0, 1e12 + 0.25, 1e13, 1e13 + 0.5, 1e16, 5e-324],
            [0.005, 1e-5, np.nan, np.inf, -np.inf],
        ]
    )
    assert float_reprs(x) == [repr(v) for v in x.tolist()]
    assert float_reprs(np.array([3.0, 0.25, 10000.5, 0.3])) == ["3.0", "0.25", "10000.5", "0.3"]
