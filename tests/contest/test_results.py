"""After the reveal: the fairness page and the replacement per persona, and the result sheet
as XLSX (read back, exact values) and PDF, with unrevealed units left off (sealed)."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from leitai.contest.models import ContestUnit, Submission
from leitai.contest.services import live
from leitai.contest.services.fairness import judge_replace
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.contest.conftest import to_scoring
from tests.contest.test_fairness import HARSH, _points, run_both

SEES = {"office", "leader", "reporter_a", "leader_a"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_fairness_page_is_the_offices(night, persona):
    run_both(night)
    url = reverse("contest:fairness", args=[night.contest.pk])
    response = night.world.client_for(persona).get(url)
    assert response.status_code == (200 if persona == "office" else 404)
    if persona == "office":
        page = response.content.decode()
        assert page.count('data-testid="flagged"') == 1
        assert "-39.67" in page
        assert "75%" in page  # the top unit kept its place in 3 of the 4 variants


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_replacing_from_the_page_is_refused_to_everyone_but_the_office(night, persona):
    run_both(night)
    wang = next(j for j in night.judges if j.name == "王评委")
    before = sorted(Submission.objects.values_list("pk", "total"))
    audits = AuditEntry.objects.count()
    url = reverse("contest:replace", args=[wang.pk])
    response = night.world.client_for(persona).post(url, {"reason": "评分偏离"})
    assert response.status_code == 404
    assert sorted(Submission.objects.values_list("pk", "total")) == before
    assert AuditEntry.objects.count() == audits


def test_the_office_replaces_from_the_page(night):
    first, _second = run_both(night)
    wang = next(j for j in night.judges if j.name == "王评委")
    client = night.world.client_for("office")
    url = reverse("contest:replace", args=[wang.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    assert Submission.objects.get(judge=wang, round=first).original_total is None
    client.post(url, {"reason": "评分明显偏离"})
    assert Submission.objects.get(judge=wang, round=first).total == Decimal("82.00")
    page = client.get(reverse("contest:fairness", args=[night.contest.pk])).content.decode()
    assert "已替换" in page


def _workbook(night, persona="office"):
    url = reverse("contest:result_xlsx", args=[night.contest.pk])
    response = night.world.client_for(persona).get(url)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_xlsx_has_every_score_the_means_and_the_signature_lines(night):
    first, second = run_both(night)
    wang = next(j for j in night.judges if j.name == "王评委")
    live.submission_void(
        actor=night.world.office,
        submission=Submission.objects.get(judge=wang, round=second),
        reason="与该单位有利害关系",
    )
    ws = _workbook(night)
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "2022年第一季度擂台比武评分结果表"
    judges = ["王评委", "李评委", "赵评委", "钱评委"]
    assert rows[2] == ["出场顺序", "单位", *judges, "得分", "名次", "说明"]
    # First unit: (40+80+82+84)/4 = 71.5; second without the void 44: (81+80+83)/3 = 81.33.
    assert rows[3] == [1, first.unit.name, 40, 80, 82, 84, 71.5, 2, None]
    assert rows[4] == [
        2,
        second.unit.name,
        "作废",
        81,
        80,
        83,
        81.33,
        1,
        "王评委的评分 44.00 作废：与该单位有利害关系",
    ]
    flat = [v for r in rows for v in r if v]
    assert "计分员（签字）：" in flat and "监督员（签字）：" in flat
    assert not any(isinstance(v, str) and "尚有" in v for v in flat)


def test_the_sheet_strikes_the_dropped_scores_and_notes_replacements(night):
    # 孙评委 (of unit A, recused there) scores the first unit: five scores, so its highest
    # (钱 84) and lowest (王 40) are dropped: (80+82+79)/3 = 80.33.
    first, second = run_both(night, extra={"孙评委": (79, None)})
    ws = _workbook(night)
    assert [c.value for c in ws[4]] == [1, first.unit.name, 40, 80, 82, 84, 79, 80.33, 1, None]
    assert [bool(c.font.strike) for c in ws[4][2:7]] == [True, False, False, True, False]
    assert [c.value for c in ws[5]] == [2, second.unit.name, 44, 81, 80, 83, None, 72, 2, None]
    assert not any(c.font.strike for c in ws[5][2:7])
    judge_replace(actor=night.world.office, judge=night.judges[0], reason="评分明显偏离")
    ws = _workbook(night)
    # 王's 40 becomes (80+82+84+79)/4 = 81.25; the lowest now is 孙's 79.
    assert [c.value for c in ws[4]][2:8] == [81.25, 80, 82, 84, 79, 81.08]
    assert ws.cell(row=4, column=10).value == (
        "王评委的评分 40.00 替换为其他评委平均分 81.25：评分明显偏离"
    )


def test_unrevealed_units_are_left_off_the_sheets(night):
    office = night.world.office
    round_ = to_scoring(night)
    for judge in night.judges:
        if judge.name in HARSH:
            live.submission_save(
                judge=judge, round=round_, key=f"sheet-{judge.pk}-x", points=_points(70)
            )
    sealed_unit = round_.unit.name
    for persona in ("office", "leader", "leader_a"):
        ws = _workbook(night, persona)
        values = [v for r in ws.iter_rows(values_only=True) for v in r if v is not None]
        assert sealed_unit not in values
        assert 70 not in values
        assert "尚有 2 个单位未亮分，不在本表。" in values
    live.round_close(actor=office, round=round_)
    live.round_reveal(actor=office, round=round_)
    ws = _workbook(night)
    assert [c.value for c in ws[4][:7]] == [1, sealed_unit, 70, 70, 70, 70, 70]
    assert ws.cell(row=6, column=1).value == "尚有 1 个单位未亮分，不在本表。"
    pdf = night.world.client_for("office").get(
        reverse("contest:result_pdf", args=[night.contest.pk])
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = ContestUnit.objects.exclude(pk=round_.pk).get(contest=night.contest).unit.name
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert sealed_unit in text and other not in text
    assert "计分员（签字）" in text and "监督员（签字）" in text


@pytest.mark.parametrize("name", ["result_xlsx", "result_pdf"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_result_sheet_per_persona(night, persona, name):
    url = reverse(f"contest:{name}", args=[night.contest.pk])
    status = night.world.client_for(persona).get(url).status_code
    assert status == (200 if persona in SEES else 404)
