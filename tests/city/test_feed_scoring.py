"""The city's results feed the county's rank indicator and are scored with carried shares."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leitai import scoring
from leitai.assessment.collection.services.system_values import system_values_refresh
from leitai.assessment.models import Indicator, IndicatorValue, Period
from leitai.assessment.scheme.selectors import engine_scheme
from leitai.city.models import CityIndicator
from leitai.rankings.inputs import build_inputs, scoring_input
from tests.assessment.scheme_factory import make_scheme
from tests.city.helpers import city_setup, notice_xlsx, positions
from tests.city.test_services import confirm


def unlocked(world):
    """Keep the test periods open for changes (their lock dates are in 2022)."""
    later = timezone.now() + dt.timedelta(days=30)
    Period.objects.filter(year=world.year).update(locks_at=later)


@pytest.mark.django_db
def test_the_octobers_table_scores_the_carriers_with_their_shares(world):
    gdp, tax = city_setup(world)
    unlocked(world)
    scheme = make_scheme(world.year)
    Indicator.objects.filter(scheme=scheme, code="R1").update(supplier=Indicator.Supplier.SYSTEM)
    CityIndicator.objects.filter(pk=gdp.pk).update(indicator_code="R1")
    CityIndicator.objects.filter(pk=tax.pk).update(indicator_code="")
    confirm(world, notice_xlsx(positions(5, 6)), period="2022-09")
    confirm(world, notice_xlsx(positions(3, 6)), period="2022-10")
    september, october = (
        Period.objects.get(year=world.year, code=c) for c in ("2022-09", "2022-10")
    )
    assert system_values_refresh(actor=world.office, period=september) == 2
    assert system_values_refresh(actor=world.office, period=october) == 2
    stored = IndicatorValue.objects.get(period=october, unit=world.unit_a, indicator_code="R1")
    assert (float(stored.value), stored.note, stored.source) == (
        3.0,
        "市考 GDP增速：临朐县 3/8，上期 5/8，进 2 位，承担 60%",
        IndicatorValue.Source.SYSTEM,
    )
    engine = engine_scheme(scheme)
    inputs = build_inputs(october, engine, {}, {})
    assert inputs.canonical["carriers"] == [["A01", "R1", 0.6], ["B01", "R1", 0.4]]
    result = scoring.score(engine, scoring_input(inputs.canonical))
    r1 = result.unit("A01").indicators["R1"]
    # 20 x (1 - 0.4 x 2/12) + 2 places x 1.0 = 20.666...; capped at 20; 60% of it: 12 of 12.
    assert (r1.points, r1.max_points) == (pytest.approx(12.0), pytest.approx(12.0))
    assert r1.explain_zh == "位次 3 / 13（上期 5，进 2 位），承担 60%，得分 12.00 / 12"
    r1b = result.unit("B01").indicators["R1"]
    assert (r1b.points, r1b.max_points) == (pytest.approx(8.0), pytest.approx(8.0))


@pytest.mark.django_db
def test_a_month_without_city_results_leaves_the_value_missing(world):
    city_setup(world)
    unlocked(world)
    scheme = make_scheme(world.year)
    Indicator.objects.filter(scheme=scheme, code="R1").update(supplier=Indicator.Supplier.SYSTEM)
    CityIndicator.objects.filter(code="S01").update(indicator_code="R1")
    october = Period.objects.get(year=world.year, code="2022-10")
    assert system_values_refresh(actor=world.office, period=october) == 0
    assert not IndicatorValue.objects.filter(period=october, indicator_code="R1").exists()
    confirm(world, notice_xlsx(positions(4, 6)), period="2022-10")  # the late table arrives
    assert system_values_refresh(actor=world.office, period=october) == 2
