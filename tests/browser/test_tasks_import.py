"""The office imports key tasks: upload with progress → preview → confirm; errors by cell."""

from __future__ import annotations

import io
import secrets

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from leitai.core.models import AuditEntry
from leitai.keytasks.models import KeyTask, Milestone
from tests.browser.helpers import log_in
from tests.keytasks.conftest import build_task_world
from tests.keytasks.test_imports import GOOD_MS, GOOD_TASK, book

T01 = ["T01", "十大攻坚", "重大项目攻坚（改）", "A01", "C01", "leader", "", "XM01", "", ""]
T02 = ["T02", "十大攻坚", "外贸稳增长", "B01", "", "leader2", "", "", "", ""]


def padded(data: bytes, size: int) -> bytes:
    """Add a sheet the import ignores, full of random text, so the upload takes a while."""
    workbook = load_workbook(io.BytesIO(data))
    notes = workbook.create_sheet("说明")
    for _ in range(size // 1000):
        notes.append([secrets.token_hex(500)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_office_previews_then_applies_the_import(
    live_server, live_world, page: Page, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    tw = build_task_world(live_world)
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/tasks/import/")
    page.get_by_test_id("lang-en").click()

    # A workbook with an unknown category: the errors, by sheet, row and column.
    bad = book([GOOD_TASK, ["T07", "无此类", "x", "A01"]], [GOOD_MS])
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "bad.xlsx", "mimeType": "application/octet-stream", "buffer": bad}]
    )
    page.get_by_test_id("import-submit").click()
    problem = page.get_by_test_id("import-problem")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("任务")
    expect(problem).to_contain_text("B (类别)")
    expect(problem).to_contain_text("Unknown category 无此类.")
    shot(page, "tasks-import-errors")

    # A good one, sent slowly: the progress bar shows while it uploads.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 40_000},
    )
    good = padded(book([GOOD_TASK, T01, T02], [GOOD_MS]), 300_000)
    page.get_by_test_id("import-file").set_input_files(
        files=[{"name": "key-tasks.xlsx", "mimeType": "application/octet-stream", "buffer": good}]
    )
    page.get_by_test_id("import-submit").click()
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Uploading the workbook…")
    expect(page.get_by_test_id("import-problems")).to_be_hidden()  # the last file's errors
    expect(page.get_by_test_id("import-submit")).to_be_disabled()
    page.wait_for_function(
        "() => { const v = +document.querySelector('[data-testid=import-progress] .progress')"
        ".getAttribute('aria-valuenow'); return v >= 30 && v < 70; }"
    )
    page.wait_for_timeout(700)  # the bar's width eases in over 0.6 s
    shot(page, "tasks-import-progress")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    expect(page.get_by_test_id("import-preview")).to_be_visible(timeout=20_000)
    assert page.title().startswith("Import preview")
    expect(page.get_by_test_id("import-count-create")).to_contain_text("1")
    expect(page.get_by_test_id("import-count-update")).to_contain_text("1")
    expect(page.get_by_test_id("import-count-unchanged")).to_contain_text("1")
    expect(page.get_by_test_id("import-line-T05")).to_have_attribute("data-action", "create")
    expect(page.get_by_test_id("import-line-T01")).to_have_attribute("data-action", "update")
    expect(page.get_by_test_id("import-line-T01")).to_contain_text("任务名称")
    expect(page.get_by_test_id("import-line-T02")).to_have_attribute("data-action", "unchanged")
    expect(page.get_by_test_id("import-line-T05-new")).to_have_text("1")
    assert not KeyTask.objects.filter(code="T05").exists()
    assert AuditEntry.objects.count() == 0
    shot(page, "tasks-import-preview")

    page.get_by_test_id("import-confirm").click()
    expect(page.locator(".alert-success")).to_contain_text("Imported: 1 tasks created, 1 changed")
    task = KeyTask.objects.get(year=tw.year, code="T05")
    assert list(Milestone.objects.filter(task=task).values_list("title", flat=True)) == ["方案印发"]
    assert KeyTask.objects.get(pk=tw.task_a.pk).title == "重大项目攻坚（改）"
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["key_task.import"]
