"""A period past its lock time is locked for units, and every page says so (已锁定).

The lock job (`leitai lock_due_periods`) records the lock later; until then the period's stored
state is still "open", but the office's period list and the unit's data entry list and page
already show it locked, as the services treat it.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from leitai.assessment.models import Period
from tests.assessment.collection_world import build_collection, make_period


def _past_lock(world) -> Period:
    period = make_period(world.year, "2022-03", 3, deadline_days=-3, locks_days=-1)
    assert period.state == Period.State.OPEN and period.locks_at < timezone.now()
    return period


def text_of(html: bytes, testid: str) -> str:
    found = lxml.html.fromstring(html.decode()).xpath(f"//*[@data-testid='{testid}']")
    assert found, testid
    return " ".join(found[0].text_content().split())


def test_shown_state():
    now = timezone.now()
    period = Period(state=Period.State.OPEN, locks_at=now + dt.timedelta(minutes=1))
    assert period.shown_state == Period.State.OPEN
    period.locks_at = now - dt.timedelta(seconds=1)
    assert period.shown_state == Period.State.LOCKED
    period.state = Period.State.CLOSED
    assert period.shown_state == Period.State.LOCKED
    period.state = Period.State.PENDING
    assert period.shown_state == Period.State.PENDING
    with override("zh-hans"):
        period.state = Period.State.OPEN
        assert period.get_shown_state_display() == "已锁定"


def test_the_period_list_and_the_units_pages_agree(world):
    build_collection(world)
    period = _past_lock(world)
    office = world.client_for("office").get(
        reverse("assessment:period_list") + f"?year={world.year.pk}"
    )
    assert text_of(office.content, "state-2022-03") == "已锁定"
    assert "锁定时间已过" in text_of(office.content, "period-2022-03")
    assert text_of(office.content, "state-2022-02") == "填报中"  # still before its lock time
    row = lxml.html.fromstring(office.content.decode()).xpath("//tr[@data-testid='period-2022-03']")
    assert (row[0].get("data-state"), row[0].get("data-shown-state")) == ("open", "locked")
    reporter = world.client_for("reporter_a")
    home = reporter.get(reverse("assessment:collect"))
    assert text_of(home.content, "period-state-2022-03") == "已锁定"
    page = reporter.get(reverse("assessment:submission", args=[period.pk, world.unit_a.pk]))
    assert "本周期已锁定" in page.content.decode()
    period.refresh_from_db()
    assert period.state == Period.State.OPEN  # showing it locked changed nothing stored
