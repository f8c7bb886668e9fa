"""Presentation files in the browser: unit A's reporter uploads its PDF on the contest's page, the
office sees it in the list and opens it through the download view. Screenshot:
docs/screenshots/contest-presentations.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from leitai.contest.models import PresentationFile
from leitai.contest.services import setup
from tests.assessment.collection_world import build_collection, make_quarter
from tests.browser.helpers import log_in
from tests.contest.conftest import make_contest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contest(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_collection(live_world)
    contest = make_contest(live_world, make_quarter(live_world.year))
    setup.contest_draw(actor=live_world.office, contest=contest, seed=20221215)
    return contest


def test_the_unit_uploads_and_the_office_opens(live_server, browser, contest, tmp_path):
    base = live_server.url
    page_url = base + reverse("contest:detail", args=[contest.pk])
    source = tmp_path / "县发改局汇报.pdf"
    source.write_bytes(PDF)
    unit = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    log_in(unit, base, "reporter_a")
    unit.goto(page_url)
    row = unit.get_by_test_id("presentation-A01")
    row.locator("input[type=file]").set_input_files(str(source))
    row.get_by_role("button", name="上传").click()
    expect(unit.get_by_test_id("presentation-link-A01")).to_have_text("县发改局汇报.pdf")
    expect(unit.get_by_test_id("presentation-C01")).to_have_count(0)  # another unit's row
    assert PresentationFile.objects.get().name == "县发改局汇报.pdf"

    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    log_in(office, base, "office")
    office.goto(page_url)
    section = office.get_by_test_id("presentations")
    expect(section.get_by_test_id("presentation-C01")).to_contain_text("尚未上传")
    section.scroll_into_view_if_needed()
    office.screenshot(path=str(DOCS / "contest-presentations.png"))
    href = office.get_by_test_id("presentation-link-A01").get_attribute("href")
    assert href == reverse("contest:presentation", args=[contest.rounds.get(unit__code="A01").pk])
    answer = office.request.get(base + href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body() == PDF
