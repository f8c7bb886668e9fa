"""Sensitivity of ranks to jittered arena weights."""

import numpy as np
import pytest

from leitai.scoring import Exemption, ScoringInput, Unit, Value, parse_dict, score, sensitivity
from leitai.scoring.sensitivity import nearest_rank, summarise

SCHEME = parse_dict({"name": "s", "arenas": [
    {"code": "a", "weight": 1, "indicators": [{"code": "X", "rule": "share", "max_points": 1}]},
    {"code": "b", "weight": 1, "indicators": [{"code": "Y", "rule": "share", "max_points": 1}]},
]})  # fmt: skip


def result():
    units = [Unit(c, c, "g") for c in "ABCD"] + [Unit("E", "E", "h")]
    rows = [("A", 1.0, 0.0), ("B", 0.0, 0.98), ("C", 0.3, 0.3), ("D", 0.0, 0.0)]
    values = [Value(u, "X", x) for u, x, _ in rows] + [Value(u, "Y", y) for u, _, y in rows]
    exempt = [Exemption("E", "X"), Exemption("E", "Y")]
    return score(SCHEME, ScoringInput.from_rows(units, values, exemptions=exempt))


def test_no_jitter_keeps_every_rank():
    s = sensitivity(result(), 20, 0.0, 1)
    got = [(u.unit, u.rank, u.sensitivity) for u in s.ordered()]
    assert [(c, r, (x.median, x.p5, x.p95, x.kept)) for c, r, x in got[:4]] == [
        ("A", 1, (1, 1, 1, 1.0)),
        ("B", 2, (2, 2, 2, 1.0)),
        ("C", 3, (3, 3, 3, 1.0)),
        ("D", 4, (4, 4, 4, 1.0)),
    ]
    assert got[4][2] is None


def test_jitter_moves_close_units_and_is_seeded():
    first = sensitivity(result(), 200, 0.3, 7)
    again = sensitivity(result(), 200, 0.3, 7)
    a, b = first.unit("A").sensitivity, first.unit("B").sensitivity
    assert first.unit("A").sensitivity == again.unit("A").sensitivity
    assert 0.3 < a.kept < 0.7
    assert (a.p5, a.p95, b.p5, b.p95) == (1, 2, 1, 2)
    assert a.kept == b.kept
    assert first.unit("C").sensitivity.kept == 1.0


def test_progress_is_drawn_on_request(capsys):
    import io

    stream = io.StringIO()
    sensitivity(result(), 3, 0.1, 1, progress=stream)
    assert stream.getvalue().startswith("sensitivity [")


@pytest.mark.parametrize(("runs", "jitter"), [(0, 0.1), (5, 1.0), (5, -0.1)])
def test_bad_parameters(runs, jitter):
    with pytest.raises(ValueError, match="runs >= 1"):
        sensitivity(result(), runs, jitter, 0)


def test_nearest_rank_percentiles():
    ordered = np.arange(1, 21)[:, None]
    assert [int(nearest_rank(ordered, p)[0]) for p in (5, 50, 95, 100)] == [1, 10, 19, 20]
    assert int(nearest_rank(np.array([[4]]), 5)[0]) == 4


def test_summary_of_runs():
    ranks = np.array([[1, 2], [2, 1], [1, 2], [1, 2]])
    got = summarise(ranks, np.array([1, 2]))
    assert got["kept"].tolist() == [0.75, 0.75]
    assert got["median"].tolist() == [1, 2]
