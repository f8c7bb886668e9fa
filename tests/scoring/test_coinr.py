"""External check: `leitai score` reproduces COINr's ASEM pillars, index and index ranks."""

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from leitai.scoring import cli

ROOT = Path(__file__).resolve().parents[2]
# COINr's published data and results, committed (MIT, see the folder's README and LICENSE).
SHARED = ROOT / "tests" / "scoring" / "coinr-asem"
PILLARS = ("Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin")
SUBS = {"Conn": PILLARS[:5], "Sust": PILLARS[5:]}


def load_converter():
    spec = importlib.util.spec_from_file_location(
        "coinr_to_leitai", ROOT / "scripts" / "coinr_to_leitai.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    target = tmp_path_factory.mktemp("coinr")
    load_converter().convert(SHARED, target)
    out = target / "out.json"
    assert cli.main([str(target / "scheme.yaml"), str(target / "data"), "-o", str(out)]) == 0
    units = json.loads(out.read_text(encoding="utf-8"))["units"]
    return target, {u["unit"]: u for u in units}


@pytest.fixture(scope="module")
def expected():
    with (SHARED / "expected-aggregates.csv").open(encoding="utf-8") as handle:
        return {
            row["unit"]: {k: float(v) for k, v in row.items() if k != "unit"}
            for row in csv.DictReader(handle)
        }


def test_pillar_scores_match_within_1e_9(scored, expected):
    units = scored[1]
    assert set(units) == set(expected) and len(units) == 51
    worst = max(abs(units[c]["arenas"][p] - expected[c][p]) for c in units for p in PILLARS)
    assert worst <= 1e-9


def test_sub_indices_are_the_mean_of_their_pillars(scored, expected):
    for code, unit in scored[1].items():
        for sub, pillars in SUBS.items():
            mean = sum(unit["arenas"][p] for p in pillars) / len(pillars)
            assert abs(mean - expected[code][sub]) <= 1e-9


def test_index_matches_within_1e_9(scored, expected):
    worst = max(abs(u["total"] - expected[c]["Index"]) for c, u in scored[1].items())
    assert worst <= 1e-9


def test_index_ranks_match_exactly(scored, expected):
    index = {c: e["Index"] for c, e in expected.items()}
    coinr_rank = {c: 1 + sum(v > index[c] for v in index.values()) for c in index}
    assert {c: u["rank"] for c, u in scored[1].items()} == coinr_rank


def test_committed_example_is_what_the_converter_writes(scored):
    target = scored[0]
    committed = ROOT / "examples" / "coinr-asem"
    for name in ("scheme.yaml", "data/units.csv", "data/values.csv"):
        assert (committed / name).read_text(encoding="utf-8") == (target / name).read_text(
            encoding="utf-8"
        ), name


def test_arena_weights_reproduce_the_two_level_mean_exactly():
    meta = load_converter().read_meta(SHARED)
    assert load_converter().pillar_weights(meta) == {
        "Physical": 3,
        "ConEcFin": 3,
        "Political": 3,
        "Instit": 3,
        "P2P": 3,
        "Environ": 5,
        "Social": 5,
        "SusEcFin": 5,
    }
