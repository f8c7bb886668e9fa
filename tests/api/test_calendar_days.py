"""/api/calendar-days/: the working-day calendar, read-only, national days and one's own."""

from __future__ import annotations

import datetime as dt

import pytest

from leitai.org.calendar import services
from leitai.org.models import CalendarDay
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS


@pytest.fixture
def local(world):
    return services.calendar_day_save(
        actor=world.office, jurisdiction=world.county, day=dt.date(2022, 10, 10), kind="holiday"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_the_national_days_and_its_own(api, world, local, persona):
    response = api(persona).get("/api/calendar-days/?year=2022&page_size=100")
    assert response.status_code == 200
    rows = response.json()["results"]
    national = [r for r in rows if r["national"]]
    own = [(r["day"], r["kind"], r["jurisdiction"]) for r in rows if not r["national"]]
    assert len(national) == 38
    expected = [] if persona == "other_office" else [("2022-10-10", "holiday", world.county.pk)]
    assert own == expected


def test_anonymous_is_refused(api):
    assert_error(api(None).get("/api/calendar-days/"), 401, "not_authenticated")


def test_another_countys_day_is_404(api, world, local):
    assert_error(api("other_office").get(f"/api/calendar-days/{local.pk}/"), 404, "not_found")
    assert api("reporter_a").get(f"/api/calendar-days/{local.pk}/").json()["day"] == "2022-10-10"


def test_the_api_cannot_change_the_calendar(api, world, local):
    response = api("office").delete(f"/api/calendar-days/{local.pk}/")
    assert response.status_code == 405
    assert CalendarDay.objects.filter(pk=local.pk).exists()
