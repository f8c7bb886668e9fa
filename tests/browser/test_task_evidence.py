"""The lead unit marks a milestone done with evidence files; the upload shows its progress."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from leitai.keytasks.models import DispatchSettings, MilestoneEvidence
from tests.browser.helpers import log_in
from tests.keytasks.conftest import build_task_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tw(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    tw = build_task_world(live_world)
    DispatchSettings.objects.filter(year=tw.year).update(as_of=dt.date(2022, 4, 1))
    return tw


def test_report_with_evidence_files_then_others_download(
    live_server, tw, page: Page, shot, tmp_path
):
    base = live_server.url
    scan = tmp_path / "立项批复扫描件.pdf"
    scan.write_bytes(PDF + b"%" + b"0" * (3 * 1024 * 1024))  # big enough to watch it upload
    photo = tmp_path / "现场照片.pdf"
    photo.write_bytes(PDF)
    bad = tmp_path / "批复.exe"
    bad.write_bytes(b"MZ\x90\x00")

    log_in(page, base, "reporter_a")
    page.goto(f"{base}/tasks/{tw.task_a.pk}/report/")
    page.fill("#id_week", "2022-04-01")
    page.fill("#id_progress", "30")
    page.fill("#id_done_this_week", "立项批复已下达")
    page.get_by_test_id(f"done-{tw.m1.pk}").check()
    page.fill(f"#id_done_on_{tw.m1.pk}", "2022-03-30")
    page.fill(f"#id_evidence_{tw.m1.pk}", "县发改批〔2022〕12号")
    page.set_input_files(f"#id_files_{tw.m1.pk}", [str(photo), str(bad)])
    page.get_by_test_id("report-submit").click()
    error = page.get_by_test_id(f"files-error-{tw.m1.pk}")
    expect(error).to_contain_text("批复.exe")
    assert MilestoneEvidence.objects.count() == 0
    shot(page, "tasks-evidence-refused")

    # The form came back with the typing kept; choose good files and watch the upload.
    expect(page.locator(f"#id_evidence_{tw.m1.pk}")).to_have_value("县发改批〔2022〕12号")
    page.set_input_files(f"#id_files_{tw.m1.pk}", [str(scan), str(photo)])
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 400_000},
    )
    page.get_by_test_id("report-submit").click()
    progress = page.get_by_test_id("upload-progress")
    expect(progress).to_be_visible()
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-upload-progress] .progress-bar')"
        ".textContent) >= 20"
    )
    shot(page, "tasks-evidence-uploading")
    expect(page.get_by_test_id("task-title")).to_be_visible(timeout=60_000)
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    cell = page.get_by_test_id(f"evidence-{tw.m1.pk}")
    expect(cell).to_contain_text("县发改批〔2022〕12号")
    expect(cell.get_by_test_id("evidence-file")).to_have_count(2)
    shot(page, "tasks-evidence-listed")
    assert [f.original_name for f in MilestoneEvidence.objects.order_by("pk")] == [
        "立项批复扫描件.pdf",
        "现场照片.pdf",
    ]
    link = cell.get_by_test_id("evidence-file").last.get_attribute("href")

    log_in(page, base, "leader")
    page.goto(f"{base}/tasks/{tw.task_a.pk}/")
    expect(
        page.get_by_test_id(f"evidence-{tw.m1.pk}").get_by_test_id("evidence-file")
    ).to_have_count(2)
    expect(page.get_by_test_id("report-link")).to_have_count(0)
    shot(page, "tasks-evidence-leader")
    response = page.request.get(f"{base}{link}")
    assert response.status == 200 and response.body() == PDF

    log_in(page, base, "reporter_b")
    assert page.request.get(f"{base}{link}").status == 404
