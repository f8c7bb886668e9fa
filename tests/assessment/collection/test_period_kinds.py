"""A month neither asks for nor counts judges' scores (`panel`); a quarter does.

The collection world's J01 is a panel indicator. Its supplier is made "unit" here (the default
of a scheme imported without metadata) so that every place a unit is asked for values would
show it if the period's kind were not checked.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from leitai.assessment.collection.exports import template_pairs
from leitai.assessment.collection.selectors import (
    chasing_board,
    period_indicators,
    review_rows,
    unit_indicators,
)
from leitai.assessment.collection.services.collection import missing_values
from leitai.assessment.collection.services.excel_values import plan_upload
from leitai.assessment.models import Indicator
from leitai.assessment.scheme.selectors import collected_in
from tests.assessment.collection.test_excel_values import book, row
from tests.assessment.collection_world import build_collection, make_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def col(world):
    col = build_collection(world)
    Indicator.objects.filter(code="J01").update(supplier="unit")
    col.quarter = make_quarter(world.year)
    return col


def _codes(indicators) -> list[str]:
    return [i.code for i in indicators]


def test_the_rule():
    assert collected_in("panel", "quarter")
    assert not collected_in("panel", "month") and not collected_in("panel", "year")
    for rule in ("completion", "relative", "rank", "bands", "share"):
        assert all(collected_in(rule, kind) for kind in ("month", "quarter", "year"))


def test_a_month_does_not_list_judges_scores(col):
    a = col.world.unit_a
    assert _codes(period_indicators(col.february)) == ["P01", "P02", "R01", "T01"]
    assert _codes(unit_indicators(col.february, a)) == ["P01", "P02", "R01", "T01"]
    assert _codes(unit_indicators(col.quarter, a)) == ["P01", "P02", "R01", "T01", "J01"]


def test_a_month_does_not_count_judges_scores_as_missing(col):
    a = col.world.unit_a
    assert _codes(missing_values(col.february, a)) == ["P01", "P02"]
    assert _codes(missing_values(col.quarter, a)) == ["P01", "P02", "J01"]
    board = {r.unit.code: r.expected for r in chasing_board(col.february)}
    assert board == {"A01": 2, "B01": 1, "C01": 2, "S01": 1}
    quarter = {r.unit.code: r.expected for r in chasing_board(col.quarter)}
    assert quarter == {"A01": 3, "B01": 2, "C01": 3, "S01": 2}


def test_review_and_template_of_a_month_leave_judges_scores_out(col):
    w = col.world
    j01 = Indicator.objects.get(code="J01")
    assert review_rows(col.february, [j01], state="") == []
    assert len(review_rows(col.quarter, [j01], state="")) == 4
    pairs = template_pairs(w.office, col.february, w.unit_a)
    assert [i.code for _unit, i in pairs] == ["P01", "P02", "R01"]
    pairs = template_pairs(w.office, col.quarter, w.unit_a)
    assert [i.code for _unit, i in pairs] == ["P01", "P02", "R01", "J01"]


def test_an_upload_of_judges_scores_for_a_month_is_refused(col):
    with translation.override("en"):
        plan = plan_upload(
            user=col.world.office, period=col.february, data=book([row("A01", "J01", 90)])
        )
        assert [str(p) for p in plan.problems] == [
            "填报数据 row 4, column D (指标代码): J01 is not collected in period 2022-02."
        ]
