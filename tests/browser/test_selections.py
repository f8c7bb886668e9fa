"""An exemplar's way in the browser: nominated on a phone, signed, cleared, on public notice
with an objection from someone not logged in, voted on, and on the final list.

The vote opens only after the notice's working days; the test moves the notice's end to
yesterday (as if the days had passed) instead of waiting a week.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leitai.selections.models import Nomination, Objection, Selection
from tests.browser.helpers import log_in
from tests.selections.conftest import PNG, build_selection

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sel(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_selection(live_world)


def switch(page: Page, base: str, username: str) -> None:
    log_in(page, base, username)


def test_nomination_notice_objection_vote_and_final_list(live_server, sel, page, shot, tmp_path):
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())
    s = sel.selection
    photo = tmp_path / "事迹照片.png"
    photo.write_bytes(PNG)

    # The unit's reporter nominates on a phone.
    page.set_viewport_size(PHONE)
    log_in(page, base, "reporter_a")
    page.goto(f"{base}/selections/{s.pk}/")
    page.get_by_test_id("nominate").click()
    page.select_option("#id_title", label="党员先锋")
    page.fill("#id_name", "张三")
    page.fill("#id_position", "项目科科长")
    page.fill("#id_deeds", "牵头推进12个重点项目，带领党员突击队攻坚征地拆迁。")
    page.set_input_files("#id_files", str(photo))
    shot(page, "selections-nominate-phone")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("nomination-status")).to_have_attribute("data-status", "draft")
    nomination = Nomination.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})

    # The unit leader signs; 组织部 and 纪委 clear.
    switch(page, base, "leader_a")
    page.goto(f"{base}/selections/nominations/{nomination.pk}/")
    page.get_by_test_id("do-sign").click()
    expect(page.get_by_test_id("nomination-status")).to_have_attribute("data-status", "signed")
    for signer in ("leader", "supervisor"):
        switch(page, base, signer)
        page.goto(f"{base}/selections/nominations/{nomination.pk}/")
        page.get_by_test_id("do-clear").click()
    expect(page.get_by_test_id("nomination-status")).to_have_attribute("data-status", "cleared")
    shot(page, "selections-nomination-cleared")

    # The office closes nominations and clearance, and publishes the shortlist today.
    switch(page, base, "office")
    page.goto(f"{base}/selections/{s.pk}/")
    page.get_by_test_id("step-close_nominations").click()
    page.get_by_test_id("step-close_clearance").click()
    page.get_by_test_id("publish-form").get_by_label("党员先锋 · 张三", exact=False).check()
    page.fill("#id_start", timezone.localdate().isoformat())
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("selection-status")).to_have_attribute("data-status", "publicity")

    # Anyone, not logged in, reads the notice and objects.
    page.context.clear_cookies()
    page.goto(f"{base}/selections/public/notice/{s.pk}/")
    expect(page.get_by_test_id("notice")).to_contain_text("张三")
    page.fill("#id_reason", "事迹中项目数量与公开报道不一致，请核实。")
    page.fill("#id_contact", "139xxxx0000")
    shot(page, "selections-public-notice")
    page.get_by_test_id("object").click()
    expect(page.get_by_test_id("objection-received")).to_be_visible()
    assert Objection.objects.get().reason == "事迹中项目数量与公开报道不一致，请核实。"

    # The office records how it was handled; the notice's days pass; the vote opens.
    log_in(page, base, "office")
    page.goto(f"{base}/selections/{s.pk}/")
    page.get_by_test_id("handle-form").get_by_label("不予采纳").check()
    page.get_by_test_id("handle-form").locator("textarea").fill(
        "经核实，项目数量含续建项目，异议不成立。"
    )
    page.get_by_test_id("handle").click()
    assert Objection.objects.get().status == "dismissed"
    Selection.objects.filter(pk=s.pk).update(
        publicity_end=timezone.localdate() - dt.timedelta(days=1)
    )
    page.goto(f"{base}/selections/{s.pk}/")
    page.get_by_test_id("step-open_vote").click()
    expect(page.get_by_test_id("selection-status")).to_have_attribute("data-status", "voting")

    # A voter votes; a second vote on the same title is not offered.
    switch(page, base, "reporter_b")
    page.goto(f"{base}/selections/{s.pk}/vote/")
    page.get_by_label("张三").check()
    shot(page, "selections-vote")
    page.get_by_test_id("cast").click()
    expect(page.get_by_test_id("voted").first).to_be_visible()
    expect(page.get_by_test_id("tally")).to_have_count(0)

    # The committee scores, the office closes the vote: the tally and the final list show.
    switch(page, base, "office")
    page.goto(f"{base}/selections/{s.pk}/")
    expect(page.get_by_test_id("tally")).to_have_count(0)
    page.fill(f"#score-{nomination.pk}", "88")
    page.get_by_test_id("save-scores").click()
    page.get_by_test_id("step-close_vote").click()
    expect(page.get_by_test_id("selection-status")).to_have_attribute("data-status", "final")
    # 88 × 0.5 + 100 × 1/1 × 0.5 = 94.00
    expect(page.get_by_test_id("tally")).to_contain_text("94.00")
    shot(page, "selections-final-office")
    page.context.clear_cookies()
    page.goto(f"{base}/selections/public/notice/{s.pk}/")
    expect(page.get_by_test_id("final-list")).to_contain_text("张三")
    shot(page, "selections-final-public")
