"""The demo's data-collection step: what it writes, the riser, October's stragglers, reruns."""

from __future__ import annotations

from collections import Counter

import pytest

from leitai.assessment.models import IndicatorValue, PanelScore, Submission
from leitai.demo import DemoRun
from leitai.demo import collection as demo_collection
from leitai.demo import org as demo_org
from leitai.demo import scheme as demo_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run = DemoRun()
    demo_org.build(run)
    demo_scheme.build(run)
    demo_collection.build(run)
    return run


def test_demo_collection_step(built):
    """One build (it takes seconds), every check."""
    _every_month_and_quarter_has_data()
    _october_has_returned_and_unsigned_units()
    _the_sports_centre_rises_from_april()
    _second_run_creates_nothing()


def _every_month_and_quarter_has_data():
    periods = Counter(IndicatorValue.objects.values_list("period__code", flat=True))
    months = [f"2022-{m:02d}" for m in range(1, 13)]
    assert sorted(periods) == sorted([*months, "2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"])
    assert len({periods[m] for m in months}) == 1  # every month the same rows
    judges = Counter(PanelScore.objects.values_list("period__code", flat=True))
    assert sorted(judges) == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    december = Counter(
        Submission.objects.filter(period__code="2022-12").values_list("state", flat=True)
    )
    assert december == {"verified": 81}
    assert not IndicatorValue.objects.exclude(period__code="2022-10").exclude(state="verified")
    per_unit = Counter(
        PanelScore.objects.filter(period__code="2022-Q1", indicator_code="R04").values_list(
            "unit_id", flat=True
        )
    )
    assert set(per_unit.values()) <= {5, 6, 7}
    # R03 has rater classes: the contests' eleven judges (demo/contest.py), in every quarter
    # but for 第一组 in Q2, whose scores the Q2 contest writes.
    r03 = PanelScore.objects.filter(indicator_code="R03")
    assert set(
        Counter(r03.filter(period__code="2022-Q1").values_list("unit_id", flat=True)).values()
    ) == {11}
    assert Counter(r03.filter(period__code="2022-Q1").values_list("rater_class", flat=True)) == {
        "县领导": 6 * 81,
        "人大代表政协委员": 2 * 81,
        "服务对象代表": 3 * 81,
    }
    assert r03.filter(period__code="2022-Q2").count() == 11 * (81 - 49)


def _october_has_returned_and_unsigned_units():
    states = Counter(
        Submission.objects.filter(period__code="2022-10").values_list("state", flat=True)
    )
    assert states == {"verified": 76, "returned": 3, "draft": 2}
    returned = IndicatorValue.objects.filter(period__code="2022-10", state="returned")
    assert returned.count() == 3
    assert Counter(
        Submission.objects.filter(period__code="2022-05").values_list("state", flat=True)
    ) == {"locked": 81}


def _the_sports_centre_rises_from_april():
    # Weak through March, middling from April: enough to rise exactly 13 places in Q2
    # (checked on the published rankings in tests/rankings/test_demo.py).
    from leitai.assessment.models import Indicator
    from leitai.demo.collection import quality, unit_profile
    from leitai.org.models import Unit

    unit = Unit.objects.get(name="县体育事业发展中心")
    codes = sorted(set(Indicator.objects.values_list("code", flat=True)))

    def mean(month):
        return sum(quality(unit, unit_profile(unit), month, code) for code in codes) / len(codes)

    assert mean(3) < 0.25 < 0.33 < mean(4)


def _second_run_creates_nothing():
    run = DemoRun()
    demo_collection.build(run)
    assert run.created == Counter()
