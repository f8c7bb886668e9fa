"""The upstream ledger: who won and who cost the county, reconciled with its city score."""

from __future__ import annotations

import pytest

from leitai.city.ledger import period_ledger, year_accounts
from leitai.city.models import CityCarrier, CityIndicator, CityRelease
from tests.city.helpers import city_setup, notice_xlsx, positions
from tests.city.test_services import confirm


@pytest.fixture
def city(world):
    gdp, tax = city_setup(world)
    CityIndicator.objects.filter(pk=gdp.pk).update(params={"step": 0.05, "advance": 0.5})
    CityIndicator.objects.filter(pk=tax.pk).update(params={"bottom_points": [-1, -2]})
    confirm(world, notice_xlsx(positions(5, 6)), period="2022-09")
    confirm(world, notice_xlsx(positions(3, 7)), period="2022-10")
    return world, gdp, tax


@pytest.mark.django_db
def test_each_department_holds_its_share_and_the_parts_add_up_to_the_county(city):
    ledger = period_ledger(CityRelease.objects.get(period_code="2022-10"))
    # GDP 3rd, up from 5th: 10 x (1 - 0.05 x 2) + 2 x 0.5 = 10 (cap 10); 5th alone scores 8.
    # TAX 7th, down from 6th: 10 x (1 - 0.4 x 6/7) - 1 (second-last place) = 5.5714;
    # 6th scores 10 x (1 - 0.4 x 5/7) = 7.1429, so the fall cost 1.5714.
    tax_points = 10 - 24 / 7 - 1
    assert [(p.indicator.code, p.position, p.before) for p in ledger.indicators] == [
        ("S01", 3, 5), ("S02", 7, 6),
    ]  # fmt: skip
    assert ledger.indicators[0].points == pytest.approx(10.0, abs=1e-12)
    assert ledger.indicators[0].moved == pytest.approx(2.0, abs=1e-12)
    assert ledger.indicators[1].points == pytest.approx(tax_points, abs=1e-12)
    assert ledger.indicators[1].moved == pytest.approx(tax_points - (10 - 20 / 7), abs=1e-12)
    assert ledger.score == pytest.approx(10 + tax_points, abs=1e-12)
    got = {a.unit.code: (a.carried, a.points, a.won, a.cost) for a in ledger.accounts}
    assert got == {
        "A01": (1, pytest.approx(6.0), pytest.approx(1.2), 0.0),
        "B01": (1, pytest.approx(4.0), pytest.approx(0.8), 0.0),
        "C01": (1, pytest.approx(tax_points), 0.0, pytest.approx(-1 - 4 / 7)),
    }
    assert ledger.unassigned == 0.0
    assert abs(ledger.accounted - ledger.score) < 1e-9


@pytest.mark.django_db
def test_an_indicator_nobody_carries_is_unassigned_and_still_reconciles(city):
    tax = city[2]
    CityCarrier.objects.filter(city_indicator=tax).delete()
    ledger = period_ledger(CityRelease.objects.get(period_code="2022-10"))
    assert ledger.unassigned == pytest.approx(10 - 24 / 7 - 1, abs=1e-12)
    assert [a.unit.code for a in ledger.accounts] == ["A01", "B01"]
    assert abs(ledger.accounted - ledger.score) < 1e-9


@pytest.mark.django_db
def test_the_year_adds_up_the_periods(city):
    world = city[0]
    # September has no earlier release: nothing moved; GDP 5th scores 8, TAX 6th 7.1429.
    rows = {r["unit"].code: r for r in year_accounts(world.year)}
    assert rows["A01"]["points"] == pytest.approx(0.6 * 8 + 0.6 * 10)
    assert (rows["A01"]["won"], rows["A01"]["cost"]) == (pytest.approx(1.2), 0.0)
    assert rows["C01"]["points"] == pytest.approx((10 - 20 / 7) + (10 - 24 / 7 - 1))
    assert rows["C01"]["cost"] == pytest.approx(-1 - 4 / 7)
