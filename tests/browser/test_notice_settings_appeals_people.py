"""In the browser: the office sets its notice numbers and 版记, a unit leader appeals naming the
indicators disputed (on a phone), the office reads them, and creates a person with a phone."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from leitai.org.models import PersonProfile
from leitai.rankings import services
from leitai.rankings.models import Appeal, NoticeSettings
from tests.browser.helpers import log_in
from tests.rankings.conftest import JANUARY, make_period, make_scheme, put_values


def _published_january(world):
    from leitai.assessment.models import Target

    make_scheme(world.year)
    january = make_period(world.year, "2022-01", "month", dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    for code, unit in units.items():
        Target.objects.create(year=world.year, unit=unit, indicator_code="P1", value=100)
        put_values(january, unit, JANUARY[code])
    snapshot = services.snapshot_compute(actor=world.office, period=january)
    services.snapshot_publish(actor=world.office, snapshot=snapshot, appeal_days=5)
    return snapshot


def test_notice_settings_appeal_indicators_and_a_persons_phone(live_server, live_world, page, shot):
    snapshot = _published_january(live_world)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "office")
    page.goto(f"{base}/rankings/desk/notice-settings/?year={live_world.year.pk}")
    page.fill("#id_doc_prefix", "临擂办")
    page.fill("#id_copy_to", "县委办公室、县政府办公室")
    shot(page, "notice-settings")
    page.click("button.btn-danger")
    expect(page.locator(".alert-success")).to_be_visible()
    assert NoticeSettings.objects.get().doc_prefix == "临擂办"
    page.goto(f"{base}/rankings/snapshots/{snapshot.pk}/notices/")
    year = dt.date.today().year
    expect(page.locator("#id_doc_number")).to_have_value(f"临擂办〔{year}〕1号")
    expect(page.locator("#id_copy_to")).to_have_value("县委办公室、县政府办公室")
    shot(page, "notice-request")

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "leader_a")
    page.goto(f"{base}/rankings/snapshots/{snapshot.pk}/units/{live_world.unit_a.pk}/appeal/")
    page.check("input[name=indicators][value=P2]")
    page.fill("#id_reason", "新开工项目数少计一个。")
    shot(page, "appeal-new-phone")
    page.click("button.btn-warning")
    expect(page.locator("[data-testid=appeal-indicators]")).to_contain_text("P2 新开工项目数")
    assert Appeal.objects.get().indicators == ["P2"]

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "office")
    page.goto(f"{base}/rankings/appeals/{Appeal.objects.get().pk}/")
    expect(page.locator("[data-testid=appeal-indicators]")).to_contain_text("P2 新开工项目数")
    shot(page, "appeal-detail-office")

    page.goto(f"{base}/org/people/new/")
    expect(page.locator("body")).not_to_contain_text("留空则不修改密码")
    page.fill("#id_username", "zhangwei")
    page.fill("#id_full_name", "张伟")
    page.fill("#id_phone", "138 1234 5678")
    page.fill("#id_password", "Leitai-2022-pw")
    page.select_option("#id_role", "reporter")
    page.fill("[data-testid=filter-unit]", "商务")
    shot(page, "person-new")
    page.select_option("#id_unit", str(live_world.unit_b.pk))
    page.click("form button.btn-danger, form button[type=submit]")
    expect(page.locator("[data-testid=phone]")).to_have_text("13812345678")
    person = get_user_model().objects.get(username="zhangwei")
    assert PersonProfile.objects.get(user=person).phone == "13812345678"
    shot(page, "person-detail")
    page.goto(f"{base}/assessment/chasing/{snapshot.period_id}/?all=1")
    expect(page.locator("[data-testid=chasing-phone]")).to_have_text("13812345678")
    shot(page, "chasing-phone")
