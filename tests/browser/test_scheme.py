"""The office imports the demo scheme, puts it in force, generates periods, sets targets and
decides an adjustment; a reporter reads the scheme on a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from leitai import scoring
from leitai.assessment.models import Period, Scheme, Target
from leitai.demo import scheme as demo_scheme
from tests.browser.helpers import log_in


def test_office_sets_up_the_year(live_server, live_world, page, shot):
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/assessment/scheme/import/")
    bad = scoring.dump_yaml(scoring.parse_dict(demo_scheme.scheme_data()))
    page.fill("#id_yaml_text", bad.replace("peers: 13", "peers: 1", 1))
    page.get_by_test_id("save").click()
    expect(page.locator(".alert-danger")).to_contain_text(
        "arena advance, indicator A01: peers must be a whole number >= 2, got 1"
    )
    shot(page, "scheme-import-error")
    page.fill("#id_yaml_text", bad)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("scheme-state")).to_have_attribute("data-state", "draft")
    page.get_by_test_id("activate").click()
    expect(page.get_by_test_id("scheme-state")).to_have_attribute("data-state", "active")
    expect(page.get_by_test_id("arena-advance")).to_contain_text("地区生产总值增速全市位次")
    shot(page, "scheme-detail")
    assert Scheme.objects.get().state == "active"

    page.goto(f"{base}/assessment/periods/")
    page.get_by_test_id("generate").click()
    page.get_by_test_id("open-2022-11").click()
    expect(page.get_by_test_id("period-2022-11")).to_have_attribute("data-state", "open")
    shot(page, "periods")
    assert Period.objects.get(code="2022-11").state == "open"

    page.goto(f"{base}/assessment/targets/")
    page.fill(f"input[name=t_{live_world.unit_a.pk}_P01]", "１,２００")
    page.get_by_test_id("save").click()
    expect(page.locator(f"input[name=t_{live_world.unit_a.pk}_P01]")).to_have_value("1200")
    shot(page, "targets")
    assert (
        str(Target.objects.get(unit=live_world.unit_a, indicator_code="P01").value) == "1200.0000"
    )

    page.goto(f"{base}/assessment/adjustments/new/")
    page.select_option("#id_period", label="2022-11")
    page.select_option("#id_unit", value=str(live_world.unit_a.pk))
    page.select_option("#id_arena_code", value="reform")
    page.select_option("#id_kind", value="bonus")
    page.fill("#id_matter", "全省改革创新典型案例")
    page.select_option("#id_level", value="provincial")
    page.get_by_test_id("save").click()
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("adjustment-state")).to_have_attribute("data-state", "approved")
    page.goto(f"{base}/assessment/adjustments/")
    shot(page, "adjustments")


def test_reporter_reads_the_scheme_on_a_phone(live_server, live_world, browser, shot):
    from tests.assessment.scheme_factory import make_scheme

    scheme = make_scheme(live_world.year)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, "reporter_a")
    page.goto(f"{live_server.url}/assessment/scheme/{scheme.pk}/")
    expect(page.get_by_test_id("arena-projects")).to_contain_text("固定资产投资完成率")
    expect(page.get_by_test_id("activate")).to_have_count(0)
    shot(page, "scheme-detail-phone")
    context.close()


def test_office_gives_a_panel_indicator_rater_classes(live_server, live_world, page, shot):
    from tests.assessment.scheme_factory import make_scheme

    scheme = make_scheme(live_world.year, state=Scheme.State.DRAFT)
    r4 = scheme.indicators.get(code="R4")
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/assessment/indicators/{r4.pk}/edit/")
    page.fill("#id_classes", "A：0，B：40")
    page.get_by_test_id("save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("评委类别 A 的权重须大于 0。")
    shot(page, "scheme-indicator-classes-error")
    page.fill("#id_classes", "县领导：60，群众代表：40")
    page.fill("#id_trim_from", "4")
    page.select_option("#id_supplier", value="office")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("arena-advance")).to_contain_text(
        "去掉最高最低分的起始人数 4 · 评委类别 县领导 60，群众代表 40"
    )
    shot(page, "scheme-detail-classes")
    r4.refresh_from_db()
    assert r4.params == {"trim_from": 4, "classes": [["县领导", 60.0], ["群众代表", 40.0]]}
