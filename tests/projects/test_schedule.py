"""序时进度, the gap to it, the colours of the map: hand-worked values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from leitai.projects.models import size_band
from leitai.projects.schedule import (
    completion_rate,
    elapsed_share,
    gap_points,
    gap_text,
    missing_evidence,
    month_end,
    project_colour,
    stage_state,
)

D = dt.date


def test_elapsed_share_is_months_over_twelve():
    # October: 10/12 = 0.8333… → 83.3%.
    assert elapsed_share(10).quantize(Decimal("0.1")) == Decimal("83.3")
    assert elapsed_share(6) == Decimal(50)
    assert elapsed_share(12) == Decimal(100)


def test_gap_below_and_above_the_schedule():
    # 900 of 1200 = 75%; 75 − 83.333 = −8.333 → −8.3 points.
    rate = completion_rate(Decimal(900), Decimal(1200))
    assert rate == Decimal(75)
    assert gap_points(rate, 10) == Decimal("-8.3")
    # 1600 of 1800 = 88.888…%; − 83.333 = 5.555 → 5.6 points.
    assert gap_points(completion_rate(Decimal(1600), Decimal(1800)), 10) == Decimal("5.6")
    assert gap_points(Decimal(50), 6) == Decimal("0.0")
    assert completion_rate(Decimal(5), Decimal(0)) is None


def test_gap_text_in_chinese():
    with translation.override("zh-hans"):
        assert gap_text(Decimal(75), 10) == "低于序时进度 8.3 个百分点"
        assert gap_text(Decimal("88.8889"), 10) == "超过序时进度 5.6 个百分点"
        assert gap_text(Decimal(50), 6) == "与序时进度持平"


def test_size_bands_by_total_investment_in_10k_yuan():
    assert size_band(Decimal("500000")) == "50+"  # 50亿
    assert size_band(Decimal("499999.99")) == "20-50"
    assert size_band(Decimal("200000")) == "20-50"
    assert size_band(Decimal("100000")) == "10-20"
    assert size_band(Decimal("50000")) == "5-10"
    assert size_band(Decimal("49999.99")) == "0-5"


def test_gated_stages_list_their_evidence():
    assert missing_evidence("start", []) == ["contract", "photo"]
    assert missing_evidence("entry", ["photo"]) == ["approval", "contract"]
    assert missing_evidence("signing", []) == []


def test_month_end():
    assert month_end(2022, 2) == D(2022, 2, 28)
    assert month_end(2022, 10) == D(2022, 10, 31)
    assert month_end(2022, 12) == D(2022, 12, 31)


def test_stage_states():
    as_of = D(2022, 10, 31)
    assert stage_state(D(2022, 5, 1), D(2022, 4, 20), True, as_of) == "ahead"
    assert stage_state(D(2022, 5, 1), D(2022, 5, 1), True, as_of) == "done"
    assert stage_state(D(2022, 5, 1), D(2022, 6, 1), True, as_of) == "late_done"
    assert stage_state(D(2022, 5, 1), D(2022, 5, 1), False, as_of) == "overdue"
    assert stage_state(D(2022, 11, 1), None, False, as_of) == "open"


def test_project_colours():
    as_of = D(2022, 10, 31)
    on_time = [(D(2022, 3, 1), D(2022, 3, 1), True), (D(2022, 12, 1), None, False)]
    assert project_colour(on_time, as_of) == ("on_time", 0)
    ahead = [(D(2022, 3, 1), D(2022, 3, 1), True), (D(2022, 12, 1), D(2022, 10, 1), True)]
    assert project_colour(ahead, as_of) == ("ahead", 0)
    # 开工 planned 2022-10-01, not counted by 10-31: 30 days late → behind.
    assert project_colour([(D(2022, 10, 1), None, False)], as_of) == ("behind", 30)
    # Planned 2022-08-01: 91 days late → stalled (more than 90).
    assert project_colour([(D(2022, 8, 1), None, False)], as_of) == ("stalled", 91)
    # Planned 2022-08-02: exactly 90 days → still behind.
    assert project_colour([(D(2022, 8, 2), None, False)], as_of) == ("behind", 90)
