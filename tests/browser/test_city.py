"""The office uploads the city's table: errors by cell, preview, confirm, the upstream ledger."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from leitai.city.models import CityRelease
from tests.browser.helpers import log_in
from tests.city.helpers import city_setup, notice_xlsx, positions


def _upload(page: Page, name: str, data: bytes) -> None:
    page.select_option("#id_period", "2022-10")
    page.set_input_files(
        "#id_file",
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.get_by_test_id("city-check").click()


def test_office_uploads_previews_and_confirms_the_citys_table(
    live_server, live_world, page: Page, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    city_setup(live_world)
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/city/results/upload/?year={live_world.year.pk}")
    bad = positions(3, 6)
    bad[0][2] = 9
    _upload(page, "bad.xlsx", notice_xlsx(bad))
    problem = page.get_by_test_id("import-problem")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("位次须为 1 至 8 的整数，现为 9。")
    shot(page, "city-upload-errors")
    assert not CityRelease.objects.exists()

    _upload(page, "10月通报.xlsx", notice_xlsx(positions(3, 6)))
    preview = page.get_by_test_id("city-preview")
    expect(preview).to_contain_text("GDP增速")
    expect(preview).to_contain_text("3/8")
    shot(page, "city-preview")
    page.get_by_test_id("city-confirm").click()
    expect(page.get_by_test_id("city-releases")).to_contain_text("2022-10")
    shot(page, "city-overview")
    page.get_by_role("link", name="2022-10").click()
    expect(page.get_by_test_id("city-lines")).to_contain_text("GDP增速")
    expect(page.get_by_test_id("city-ledger")).to_contain_text("全县合计")
    shot(page, "city-release-ledger")
    assert CityRelease.objects.get().rows.count() == 16
