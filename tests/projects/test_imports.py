"""The ledger import: plan, errors by sheet, row and column, all or nothing; export round trip."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.models import AuditEntry
from leitai.projects.imports import PROJECTS, ledger_workbook, read_ledger
from leitai.projects.models import Project
from leitai.projects.services import ledger_import_apply
from tests.projects.conftest import stage_of

D = dt.date
HEAD = [c.zh for c in PROJECTS.columns]
MONTH_HEAD = ["项目编号", *[f"{m}月" for m in range(1, 13)]]
GOOD = [
    "P05",
    "智能制造产业园",
    "B01",
    "A01、C01",
    "leader",
    "产业专班",
    "市重点",
    "产业",
    "城关街道",
    "120000.5",
    "",
    "2022-01-10",
    "",
    "2022-04-01",
    "2022-06-30",
    "",
    "",
]


def book(projects, months) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(HEAD)
    for row in projects:
        ws.append(row)
    ms = wb.create_sheet("月度计划")
    ms.append(MONTH_HEAD)
    for row in months:
        ms.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_import_creates_a_project_with_plan_and_stages(pw):
    data = book([GOOD], [["P05", *[1000] * 6, *["2000.25"] * 6]])
    plan = ledger_import_apply(actor=pw.office, year=pw.year, data=data)
    assert plan.counts() == {"create": 1, "update": 0, "unchanged": 0}
    project = Project.objects.get(year=pw.year, code="P05")
    assert (project.unit, project.leader, project.level, project.size_band) == (
        pw.unit_b,
        pw.leader,
        "city",
        "10-20",
    )
    assert sorted(u.code for u in project.co_units.all()) == ["A01", "C01"]
    assert project.total_investment == Decimal("120000.50")
    assert sum(m.planned for m in project.months.all()) == Decimal("18001.50")
    assert stage_of(project, "start").planned_on == D(2022, 4, 1)
    assert stage_of(project, "entry").planned_on == D(2022, 6, 30)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["project.import"]


def test_export_then_reimport_changes_nothing(pw):
    plan = read_ledger(ledger_workbook(pw.year), pw.year)
    assert plan.problems == []
    assert plan.counts() == {"create": 0, "update": 0, "unchanged": 2}


def test_every_problem_by_sheet_row_and_column_and_nothing_saved(pw):
    bad = list(GOOD)
    bad[2], bad[6], bad[9], bad[13] = "Z99", "乡镇重点", "-5", "2022-13-01"
    data = book([bad, GOOD], [["P77", 1]])
    with translation.override("zh-hans"):
        plan = read_ledger(data, pw.year)
        texts = [str(p) for p in plan.problems]
    assert texts == [
        "项目 第 2 行第 C 列（责任单位代码）：单位代码 Z99 不存在。",
        "项目 第 2 行第 G 列（级别）：请填写 省重点、市重点、县重点 之一。",
        "项目 第 2 行第 J 列（总投资万元）：-5 不是以万元计的金额（不小于0，最多两位小数）。",
        "项目 第 2 行第 N 列（开工计划日期）：2022-13-01 不是日期（应如 2022-03-31）。",
        "项目 第 3 行第 A 列（编号）：代码 P05 重复出现。",
        "月度计划 第 2 行第 A 列（项目编号）：未知的项目编号 P77。",
    ]
    with pytest.raises(ImportRejected):
        ledger_import_apply(actor=pw.office, year=pw.year, data=data)
    assert Project.objects.filter(year=pw.year).count() == 2
    assert AuditEntry.objects.count() == 0


def test_refused_to_a_unit_and_after_a_change(pw):
    data = book([GOOD], [])
    with pytest.raises(PermissionDenied):
        ledger_import_apply(actor=pw.reporter_b, year=pw.year, data=data)
    with pytest.raises(PlanChanged):
        ledger_import_apply(actor=pw.office, year=pw.year, data=data, digest="stale")
    assert Project.objects.filter(year=pw.year).count() == 2


def test_upload_preview_confirm_pages(pw, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = pw.client_for("office")
    url = reverse("projects:import")
    upload = io.BytesIO(book([GOOD], []))
    upload.name = "ledger.xlsx"
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert 'data-testid="import-line-P05" data-action="create"' in preview.content.decode()
    context = preview.context
    done = client.post(
        url,
        {"confirm": "1", "token": context["token"], "digest": context["digest"]},
    )
    assert done.status_code == 302
    assert Project.objects.filter(year=pw.year, code="P05").exists()
    assert pw.client_for("reporter_a").get(url).status_code == 404
