"""The public results page (no login), the big screen on the wall, a notice being generated."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from leitai.assessment.models import Target
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from tests.browser.helpers import log_in
from tests.rankings.conftest import FEBRUARY, JANUARY, make_period, make_scheme, put_values

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
QUICK = Sensitivity(runs=20)


def _published(world):
    make_scheme(world.year)
    months = {
        code: make_period(world.year, code, "month", start, end)
        for code, start, end in [
            ("2022-01", dt.date(2022, 1, 1), dt.date(2022, 1, 31)),
            ("2022-02", dt.date(2022, 2, 1), dt.date(2022, 2, 28)),
        ]
    }
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    snapshots = []
    for code, unit in units.items():
        Target.objects.create(year=world.year, unit=unit, indicator_code="P1", value=100)
        put_values(months["2022-01"], unit, JANUARY[code])
        put_values(months["2022-02"], unit, FEBRUARY[code])
    for period in months.values():
        snapshot = services.snapshot_compute(actor=world.office, period=period, check=QUICK)
        services.snapshot_publish(actor=world.office, snapshot=snapshot, public=True)
        snapshots.append(snapshot)
    return snapshots


def _doc_shot(shot, page, name):
    path = shot(page, name)
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, DOCS / f"{name}.png")


def test_public_page_without_login(live_server, live_world, page, shot):
    _published(live_world)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/public/")
    page.get_by_role("link", name="临朐县").click()
    expect(page.get_by_test_id("public-periods")).to_contain_text("2022-02")
    tables = page.get_by_test_id("public-table")
    expect(tables.first).to_contain_text("县发展和改革局")
    expect(tables.first).to_contain_text("56.00")  # C01 in February
    expect(tables.first).to_contain_text("↑1")
    _doc_shot(shot, page, "public-results")
    page.get_by_role("link", name="2022-01").click()
    expect(page.get_by_test_id("public-periods")).to_be_visible()
    assert page.url.endswith("/public/370724/2022-01/")


def test_big_screen_rotates(live_server, live_world, page, shot):
    _published(live_world)
    page.set_viewport_size({"width": 1600, "height": 900})
    log_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/rankings/bigscreen/?seconds=3")
    expect(page.get_by_test_id("group-name")).to_have_text("第一组")
    # 第一组 has two ranked units: the better on the red list, the other on the black list.
    expect(page.get_by_test_id("red-list")).to_contain_text("1 县发展和改革局 100.00 ↑1")
    expect(page.get_by_test_id("black-list")).to_contain_text("2 县体育事业发展中心 56.00 ↓1")
    page.wait_for_function("document.querySelector('#chart-red canvas') !== null")
    page.wait_for_function("document.querySelector('#chart-black canvas') !== null")
    shot(page, "bigscreen-small-county")
    expect(page.get_by_test_id("group-name")).to_have_text("第二组", timeout=6000)
    expect(page.get_by_test_id("red-list")).to_contain_text("县商务局")
    expect(page.get_by_test_id("black-list")).to_contain_text("本组单位太少，不设黑榜。")


def test_office_generates_a_notice(live_server, live_world, page, shot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    snapshots = _published(live_world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/rankings/snapshots/{snapshots[1].pk}/notices/")
    page.fill("#id_doc_number", "临擂办〔2022〕10号")
    page.fill("#id_issued_on", "2022-03-05")
    page.get_by_test_id("notice-form").get_by_role("button").click()
    expect(page.get_by_test_id("downloads")).to_be_visible()
    _doc_shot(shot, page, "notice-detail")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "notice.pdf"
    info.value.save_as(pdf)
    DOCS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(DOCS / "notice-pdf")], check=True)
    assert (DOCS / "notice-pdf-1.png").exists()
