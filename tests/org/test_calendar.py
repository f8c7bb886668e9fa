"""The working-day calendar: the 2022 national days, local additions, the page and the table."""

from __future__ import annotations

import datetime as dt
import io

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from leitai.core.models import AuditEntry
from leitai.org.calendar import services
from leitai.org.calendar.selectors import calendar_for
from leitai.org.models import CalendarDay
from tests.conftest import PERSONAS

D = dt.date


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_national_2022_calendar_is_the_state_council_notice(db):
    rows = CalendarDay.objects.filter(jurisdiction=None, day__year=2022)
    holidays = dict.fromkeys(("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"), 0)
    for row in rows.filter(kind="holiday"):
        holidays[row.name] += 1
    assert holidays == {
        "元旦": 3,
        "春节": 7,
        "清明节": 3,
        "劳动节": 5,
        "端午节": 3,
        "中秋节": 3,
        "国庆节": 7,
    }
    worked = [(r.day, r.day.strftime("%a")) for r in rows.filter(kind="workday").order_by("day")]
    assert worked == [
        (D(2022, 1, 29), "Sat"),
        (D(2022, 1, 30), "Sun"),
        (D(2022, 4, 2), "Sat"),
        (D(2022, 4, 24), "Sun"),
        (D(2022, 5, 7), "Sat"),
        (D(2022, 10, 8), "Sat"),
        (D(2022, 10, 9), "Sun"),
    ]
    spring = rows.filter(name="春节", kind="holiday").order_by("day")
    assert (spring.first().day, spring.last().day) == (D(2022, 1, 31), D(2022, 2, 6))


def test_three_working_days_across_national_day(world):
    calendar = calendar_for(world.county)
    # Thu 29 Sep: Fri 30 Sep (1), 1–7 Oct off, Sat 8 Oct (2) and Sun 9 Oct (3) worked.
    assert calendar.end_of(at(D(2022, 9, 29)), 3) == end_of(D(2022, 10, 9))
    assert calendar.add(D(2022, 9, 30), 1) == D(2022, 10, 8)
    assert calendar.between(D(2022, 9, 30), D(2022, 10, 10)) == 3
    assert [calendar.is_working(D(2022, 10, d)) for d in (1, 3, 7, 8, 9, 10)] == [
        False,
        False,
        False,
        True,
        True,
        True,
    ]


def test_working_days_across_the_spring_festival(world):
    calendar = calendar_for(world.county)
    # Thu 27 Jan: Fri 28 (1), Sat 29 (2), Sun 30 (3) worked; 31 Jan – 6 Feb off; 7 Feb (4), 8 (5).
    assert calendar.add(D(2022, 1, 27), 5) == D(2022, 2, 8)
    assert calendar.end_of(at(D(2022, 1, 28)), 3) == end_of(D(2022, 2, 7))
    assert calendar.between(D(2022, 1, 28), D(2022, 2, 7)) == 3


def test_a_year_without_rows_is_monday_to_friday(world):
    calendar = calendar_for(world.county)
    assert calendar.add(D(2021, 9, 30), 3) == D(2021, 10, 5)  # no 2021 rows shipped
    assert calendar.add(D(2022, 3, 4), 0) == D(2022, 3, 4)


def test_a_local_day_replaces_the_national_one_for_its_county_only(world):
    services.calendar_day_save(
        actor=world.office,
        jurisdiction=world.county,
        day=D(2022, 10, 8),
        kind="holiday",
        name="县庆",
    )
    services.calendar_day_save(
        actor=world.office, jurisdiction=world.county, day=D(2022, 10, 10), kind="holiday"
    )
    assert calendar_for(world.county).add(D(2022, 9, 30), 2) == D(2022, 10, 11)
    assert calendar_for(world.other_county).add(D(2022, 9, 30), 2) == D(2022, 10, 9)


# --- the page ------------------------------------------------------------------------------


def test_only_the_office_sees_the_page(world, client):
    url = reverse("org:calendar") + "?year=2022"
    for persona in PERSONAS:
        status = world.client_for(persona).get(url).status_code
        assert status == (200 if persona in ("office", "other_office") else 404), persona
    assert client.get(url).status_code == 302


def test_the_page_lists_the_national_days_in_chinese(world):
    page = world.client_for("office").get(reverse("org:calendar") + "?year=2022")
    doc = lxml.html.fromstring(page.content.decode())
    rows = doc.xpath("//*[@data-testid='calendar-day']")
    assert len(rows) == 38
    first = [" ".join(td.text_content().split()) for td in rows[0].xpath("td")]
    assert first == ["2022-01-01", "星期六", "放假", "元旦", "全国", ""]
    worked = [" ".join(td.text_content().split()) for td in rows[36].xpath("td")]
    assert worked[:5] == ["2022-10-08", "星期六", "调休上班", "国庆节调休", "全国"]


def test_the_office_adds_changes_and_deletes_a_day(world):
    client = world.client_for("office")
    url = reverse("org:calendar") + "?year=2022"
    response = client.post(url, {"day": "2022-10-10", "kind": "holiday", "name": "县庆"})
    assert response.status_code == 302
    row = CalendarDay.objects.get(jurisdiction=world.county)
    assert (row.day, row.kind, row.name) == (D(2022, 10, 10), "holiday", "县庆")
    client.post(url, {"day": "2022-10-10", "kind": "workday", "name": "县庆"})
    row.refresh_from_db()
    assert row.kind == "workday"
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "after"))
    assert actions == [
        ("calendar_day.create", {"kind": "holiday", "name": "县庆", "day": "2022-10-10"}),
        ("calendar_day.update", {"kind": "workday", "day": "2022-10-10"}),
    ]
    delete = reverse("org:calendar_day_delete", args=[row.pk])
    assert world.client_for("other_office").post(delete).status_code == 404
    assert world.client_for("reporter_a").post(delete).status_code == 404
    assert CalendarDay.objects.filter(pk=row.pk).exists()
    assert client.post(delete).status_code == 302
    assert not CalendarDay.objects.filter(jurisdiction=world.county).exists()


def test_a_national_day_cannot_be_deleted_through_the_page(world):
    national = CalendarDay.objects.get(jurisdiction=None, day=D(2022, 10, 1))
    url = reverse("org:calendar_day_delete", args=[national.pk])
    assert world.client_for("office").post(url).status_code == 404
    assert CalendarDay.objects.filter(pk=national.pk).exists()


def test_a_bad_date_is_refused_with_nothing_saved(world):
    response = world.client_for("office").post(
        reverse("org:calendar"), {"day": "2022-13-01", "kind": "holiday"}
    )
    assert response.status_code == 400
    assert "输入一个有效的日期。" in response.content.decode()
    assert not CalendarDay.objects.filter(jurisdiction=world.county).exists()
    assert AuditEntry.objects.count() == 0


def test_others_may_not_save_a_day(world):
    for persona in ("reporter_a", "supervisor", "leader"):
        response = world.client_for(persona).post(
            reverse("org:calendar"), {"day": "2022-10-10", "kind": "holiday"}
        )
        assert response.status_code == 404
    assert not CalendarDay.objects.exclude(jurisdiction=None).exists()


# --- the table -----------------------------------------------------------------------------


def table(rows, title="工作日历") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["日期", "类型", "名称"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("2023.xlsx", buffer.getvalue())


def test_the_office_imports_a_table(world):
    rows = [
        [dt.datetime(2023, 1, 2), "放假", "元旦"],
        ["2023/1/28", "上班", "春节调休"],
        ["2023年1月29日", "上班", "春节调休"],
    ]
    response = world.client_for("office").post(
        reverse("org:calendar_import"), {"file": table(rows)}
    )
    assert response.status_code == 302 and response.url.endswith("?year=2023")
    days = CalendarDay.objects.filter(jurisdiction=world.county).order_by("day")
    assert [(d.day, d.kind, d.name) for d in days] == [
        (D(2023, 1, 2), "holiday", "元旦"),
        (D(2023, 1, 28), "workday", "春节调休"),
        (D(2023, 1, 29), "workday", "春节调休"),
    ]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.after) == (
        "calendar.import",
        {"created": ["2023-01-02", "2023-01-28", "2023-01-29"], "updated": []},
    )


def test_a_table_with_errors_saves_nothing_and_says_where(world):
    rows = [
        ["2023-01-02", "放假", "元旦"],
        ["2023-02-30", "上班", ""],
        ["2023-01-02", "休息", ""],
    ]
    response = world.client_for("office").post(
        reverse("org:calendar_import"), {"file": table(rows)}
    )
    assert response.status_code == 400
    doc = lxml.html.fromstring(response.content.decode())
    problems = [
        [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in doc.xpath("//*[@data-testid='import-problem']")
    ]
    assert problems == [
        ["工作日历", "3", "A（日期）", "2023-02-30 不是形如 2022-10-01 的日期。"],
        ["工作日历", "4", "B（类型）", "请填写“放假”或“上班”。"],
        ["工作日历", "4", "A（日期）", "该日期与第 2 行重复。"],
    ]
    assert not CalendarDay.objects.filter(jurisdiction=world.county).exists()
    assert AuditEntry.objects.count() == 0


def test_the_years_days_download_as_the_table(world):
    response = world.client_for("office").get(reverse("org:calendar_template") + "?year=2022")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (sheet.title, rows[0], rows[1], len(rows)) == (
        "工作日历",
        ("日期", "类型", "名称"),
        ("2022-01-01", "放假", "元旦"),
        39,
    )
    assert world.client_for("reporter_a").get(reverse("org:calendar_template")).status_code == 404


@pytest.mark.parametrize("kind", ["", "weekend"])
def test_the_service_refuses_an_unknown_kind(world, kind):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.calendar_day_save(
            actor=world.office, jurisdiction=world.county, day=D(2022, 10, 10), kind=kind
        )
    assert not CalendarDay.objects.exclude(jurisdiction=None).exists()
