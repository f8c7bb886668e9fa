"""Audit recipes of the organisation, the accounts and the working-day calendar."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt

from leitai.org import imports
from leitai.org import services as s
from leitai.org.calendar import services as calendar
from leitai.org.models import CalendarDay
from tests.conftest import PASSWORD
from tests.core.audit.harness import CHANGE, EVENT, VIA, recipe

ORG = "leitai.org.services."
NEW_PASSWORD = "Another-Pw-2022!"


@recipe(ORG + "unit_create")
def _(c):
    return lambda: s.unit_create(
        actor=c.office, jurisdiction=c.county, code="N01", name="县新单位", kind="government"
    )


@recipe(ORG + "unit_update")
def _(c):
    return lambda: s.unit_update(actor=c.office, unit=c.unit_a, short_name="改")


@recipe(ORG + "year_create")
def _(c):
    return lambda: s.year_create(actor=c.office, jurisdiction=c.county, year=2023, name="2023年度")


@recipe(ORG + "year_update")
def _(c):
    return lambda: s.year_update(actor=c.office, year=c.year, name="二〇二二")


@recipe(ORG + "group_create")
def _(c):
    return lambda: s.group_create(actor=c.office, year=c.year, code="G3", name="第三组")


@recipe(ORG + "group_update")
def _(c):
    return lambda: s.group_update(actor=c.office, group=c.group_1, order=9)


@recipe(ORG + "supervision_group_create")
def _(c):
    return lambda: s.supervision_group_create(actor=c.office, year=c.year, name="第二督导组")


@recipe(ORG + "supervision_group_update")
def _(c):
    return lambda: s.supervision_group_update(actor=c.office, group=c.supervision, order=7)


@recipe(ORG + "person_create")
def _(c):
    return lambda: s.person_create(
        actor=c.office, jurisdiction=c.county, username="newbie", full_name="新人"
    )


@recipe(ORG + "person_update")
def _(c):
    return lambda: s.person_update(
        actor=c.office, person=c.judge, jurisdiction=c.county, email="judge@example.org"
    )


@recipe(
    ORG + "person_edit", kind=VIA, via=(ORG + "person_update", ORG + "accounts.person_set_password")
)
def _(c):
    return lambda: s.person_edit(
        actor=c.office,
        person=c.judge,
        jurisdiction=c.county,
        email="j@example.org",
        password=NEW_PASSWORD,
    )


@recipe(ORG + "accounts.person_set_password", kind=EVENT)
def _(c):
    return lambda: s.person_set_password(actor=c.office, person=c.judge, password=NEW_PASSWORD)


@recipe(ORG + "accounts.person_change_own_password", kind=EVENT)
def _(c):
    return lambda: s.person_change_own_password(
        actor=c.leader, old_password=PASSWORD, new_password=NEW_PASSWORD
    )


@recipe(ORG + "accounts.token_issue", kind=EVENT)
def _(c):
    return lambda: s.token_issue(person=c.reporter_b)


@recipe(ORG + "accounts.token_revoke")
def _(c):
    s.token_issue(person=c.reporter_b)
    return lambda: s.token_revoke(actor=c.security, person=c.reporter_b)


@recipe(ORG + "accounts.person_unlock")
def _(c):
    AccessAttempt.objects.create(
        username="reporter_a",
        failures_since_start=3,
        ip_address="10.0.0.1",
        user_agent="t",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    return lambda: s.person_unlock(actor=c.security, person=c.reporter_a, jurisdiction=c.county)


@recipe(ORG + "accounts.security_settings_update")
def _(c):
    return lambda: s.security_settings_update(
        actor=c.security, jurisdiction=c.county, token_days=30
    )


@recipe("leitai.org.imports.plan.org_import_apply", kind=EVENT)
def _(c):
    from tests.org.test_import import UNIT_HEAD, workbook

    data = workbook({"单位": [UNIT_HEAD, ["N01", "县新单位", "", "事业单位"]]})
    book, problems = imports.read_workbook(data, max_bytes=10**6)
    assert problems == []
    plan = imports.plan_import(jurisdiction=c.county, book=book)
    return lambda: imports.org_import_apply(actor=c.office, jurisdiction=c.county, plan=plan)


CAL = "leitai.org.calendar.services."
MAY_DAY = dt.date(2022, 5, 3)


@recipe(CAL + "calendar_day_save", kind=CHANGE)
def _(c):
    CalendarDay.objects.create(jurisdiction=c.county, day=MAY_DAY, kind="holiday", name="劳动节")
    return lambda: calendar.calendar_day_save(
        actor=c.office, jurisdiction=c.county, day=MAY_DAY, kind="holiday", name="五一"
    )


@recipe(CAL + "calendar_day_delete")
def _(c):
    row = CalendarDay.objects.create(
        jurisdiction=c.county, day=MAY_DAY, kind="holiday", name="劳动节"
    )
    return lambda: calendar.calendar_day_delete(actor=c.office, row=row)


@recipe(CAL + "calendar_import", kind=EVENT)
def _(c):
    days = [(MAY_DAY, "holiday", "劳动节"), (dt.date(2022, 5, 7), "workday", "调休")]
    return lambda: calendar.calendar_import(actor=c.office, jurisdiction=c.county, days=days)
