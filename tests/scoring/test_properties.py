"""Properties that hold for any input: order never matters, caps hold, ranks are valid."""

import random
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leitai.scoring import (
    Adjustment,
    Exemption,
    PanelScore,
    ScoringInput,
    Unit,
    Value,
    ValueColumns,
    parse_dict,
    score,
)
from leitai.scoring.ranking import TIE, competition_ranks

SCHEME = parse_dict({
    "name": "p",
    "arenas": [
        {"code": "a", "weight": 3, "bonus_cap": 4, "deduction_cap": 6, "indicators": [
            {"code": "C", "rule": "completion", "max_points": 40, "cap": 1.2, "zero_below": 0.3},
            {"code": "R", "rule": "relative", "max_points": 30, "floor": 0.5},
            {"code": "L", "rule": "relative", "max_points": 10, "direction": "lower"},
        ]},
        {"code": "b", "weight": 2, "indicators": [
            {"code": "K", "rule": "rank", "max_points": 20, "peers": 9, "advance": 3,
             "retreat": 2, "cap": 1.1},
            {"code": "B", "rule": "bands", "max_points": 10, "bands": [[0, 0.2], [50, 0.7],
                                                                         [80, 1]]},
            {"code": "S", "rule": "share", "max_points": 10, "groups": ["g1"]},
        ]},
        {"code": "c", "weight": 1, "indicators": [
            {"code": "J", "rule": "panel", "max_points": 30, "trim_from": 4},
        ]},
    ],
})  # fmt: skip
CAPS = {"C": 1.2, "K": 1.1}
number = st.floats(-50, 150, allow_nan=False, allow_infinity=False)
PROFILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def inputs(draw) -> ScoringInput:
    n = draw(st.integers(1, 7))
    units = [Unit(f"U{i}", f"U{i}", draw(st.sampled_from(["g1", "g2"]))) for i in range(n)]
    units[0] = Unit("U0", "U0", "g1")
    values, panel, adjustments, exemptions = [], [], [], []
    for unit in units:
        for code in "CRLBS":
            if draw(st.booleans()):
                target = draw(st.floats(1, 200)) if code == "C" else None
                values.append(Value(unit.code, code, draw(number), target))
        if draw(st.booleans()):
            previous = draw(st.none() | st.integers(1, 9))
            values.append(Value(unit.code, "K", draw(st.integers(1, 9)), None, previous))
        for judge in range(draw(st.integers(0, 6))):
            panel.append(PanelScore(unit.code, "J", str(judge), draw(st.floats(0, 100))))
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(["bonus", "deduction", "veto"]))
            arena = draw(st.sampled_from("abc"))
            adjustments.append(Adjustment(unit.code, arena, kind, "", draw(st.floats(0, 5))))
        if draw(st.integers(0, 5)) == 0:
            exemptions.append(Exemption(unit.code, draw(st.sampled_from("CRLKBSJ"))))
    exemptions = list(dict.fromkeys(exemptions))
    return ScoringInput.from_rows(units, values, panel, adjustments, exemptions)


def rows_of(data: ScoringInput) -> list[Value]:
    v = data.values
    return [
        Value(
            u, i, None if np.isnan(x) else x, None if np.isnan(t) else t, None if np.isnan(p) else p
        )
        for u, i, x, t, p in zip(v.unit, v.indicator, v.value, v.target, v.previous, strict=True)
    ]


def panel_rows(data: ScoringInput) -> list[PanelScore]:
    p = data.panel
    return [PanelScore(*row) for row in zip(p.unit, p.indicator, p.judge, p.score, strict=True)]


def summary(result) -> dict:
    return {
        u.unit: (
            u.total,
            u.rank,
            u.vetoed,
            u.arenas,
            {c: (r.points, r.missing) for c, r in u.indicators.items()},
        )
        for u in result.ordered(explain=False)
    }


def close(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


@PROFILE
@given(inputs(), st.randoms(use_true_random=False))
def test_shuffling_rows_never_changes_a_result(data, rnd: random.Random):
    shuffled = [
        list(data.units),
        rows_of(data),
        panel_rows(data),
        list(data.adjustments),
        list(data.exemptions),
    ]
    for rows in shuffled:
        rnd.shuffle(rows)
    again = score(SCHEME, ScoringInput.from_rows(*shuffled))
    assert close(summary(score(SCHEME, data)), summary(again))


@PROFILE
@given(inputs(), st.data())
def test_raising_a_higher_is_better_value_never_lowers_its_points(data, draw):
    rows = rows_of(data)
    candidates = [i for i, r in enumerate(rows) if r.indicator in "CRBS" and r.value is not None]
    if not candidates:
        return
    i = draw.draw(st.sampled_from(candidates))
    raised = list(rows)
    row = rows[i]
    raised[i] = Value(row.unit, row.indicator, row.value + draw.draw(st.floats(0, 100)), row.target)
    before = score(SCHEME, data).unit(row.unit, explain=False).indicators[row.indicator]
    if not before.applicable:
        return
    again = ScoringInput(
        data.units, ValueColumns.from_rows(raised), data.panel, data.adjustments, data.exemptions
    )
    after = score(SCHEME, again)
    assert after.unit(row.unit, explain=False).indicators[row.indicator].points >= (
        before.points - 1e-9
    )


@PROFILE
@given(inputs())
def test_points_and_scores_stay_within_their_bounds(data):
    result = score(SCHEME, data)
    for unit in result.ordered(explain=False):
        for code, r in unit.indicators.items():
            if r.applicable:
                assert 0 <= r.points <= r.max_points * CAPS.get(code, 1.0) + 1e-9
            else:
                assert r.points is None
        for value in unit.arenas.values():
            assert value is None or value >= 0
        assert unit.total is None or unit.total >= 0


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.floats(0, 3).map(lambda x: round(x, 1)), st.booleans()),
        min_size=0,
        max_size=12,
    )
)
def test_ranks_are_a_valid_competition_ranking(rows):
    group = np.array([g for g, _, _ in rows], dtype=int)
    total = np.array([t for _, t, _ in rows], dtype=float)
    vetoed = np.array([v for _, _, v in rows], dtype=bool)
    ranks = competition_ranks(group, total, vetoed)
    for g in set(group.tolist()):
        members = np.flatnonzero(group == g)
        counts = Counter(ranks[members].tolist())
        expected = 1
        for rank in sorted(counts):
            assert rank == expected
            expected += counts[rank]
        for i in members:
            for j in members:
                better = (not vetoed[i] and vetoed[j]) or (
                    vetoed[i] == vetoed[j] and total[i] - total[j] > TIE
                )
                if better:
                    assert ranks[i] < ranks[j]
                if vetoed[i] == vetoed[j] and total[i] == total[j]:
                    assert ranks[i] == ranks[j]
