"""Excel import of tasks and milestones: all or nothing, errors by sheet, row and column."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook

from leitai.core.models import AuditEntry
from leitai.org.imports import ImportRejected
from leitai.tasks.imports import tasks_import_apply, tasks_workbook
from leitai.tasks.models import KeyTask, Milestone

D = dt.date
TASK_HEAD = [
    "编号",
    "类别",
    "任务名称",
    "牵头单位代码",
    "配合单位代码",
    "分管县领导账号",
    "目标",
    "指标代码",
    "开始日期",
    "结束日期",
]
MS_HEAD = ["任务编号", "序号", "节点", "截止日期", "完成标准", "完成日期", "佐证"]


def book(tasks, milestones) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务"
    ws.append(TASK_HEAD)
    for row in tasks:
        ws.append(row)
    ms = wb.create_sheet("节点")
    ms.append(MS_HEAD)
    for row in milestones:
        ms.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD_TASK = [
    "T05",
    "十大攻坚",
    "数字经济攻坚",
    "B01",
    "A01、C01",
    "leader",
    "目标",
    "SZ01",
    "2022-02-01",
    None,
]
GOOD_MS = ["T05", 1, "方案印发", D(2022, 3, 31), "印发文件", None, None]


def test_a_good_workbook_creates_and_updates(tw):
    data = book(
        [GOOD_TASK, ["T01", "十大攻坚", "重大项目攻坚（改）", "A01", "", "", "", "XM01", "", ""]],
        [GOOD_MS, ["T01", 1, "立项", "2022/3/30", "", "2022-03-29", "批复"]],
    )
    counts = tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert counts == {"tasks_created": 1, "tasks_updated": 1, "milestones": 2}
    task = KeyTask.objects.get(year=tw.year, code="T05")
    assert (task.lead_unit, task.leader, task.indicator_code) == (tw.unit_b, tw.leader, "SZ01")
    assert (task.start_date, task.end_date) == (D(2022, 2, 1), D(2022, 12, 31))
    assert sorted(u.code for u in task.co_units.all()) == ["A01", "C01"]
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.due_date, m1.done_on, m1.evidence) == (D(2022, 3, 30), D(2022, 3, 29), "批复")
    assert KeyTask.objects.get(pk=tw.task_a.pk).title == "重大项目攻坚（改）"
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["key_task.import"]


def test_every_error_is_named_and_nothing_is_saved(tw):
    data = book(
        [
            GOOD_TASK,
            ["T06", "十大示范", "x", "Z99", "A01", "reporter_a", "", "", "2022-13-01", ""],
            ["T05", "十大攻坚", "", "A01", "", "", "", "", "", ""],
        ],
        [GOOD_MS, ["T99", "x", "y", "", "", "2022-01-01", ""]],
    )
    with pytest.raises(ImportRejected) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert [(p.sheet, p.row, p.letter) for p in exc.value.problems] == [
        ("任务", 3, "B"),  # unknown category
        ("任务", 3, "D"),  # unknown unit
        ("任务", 3, "F"),  # not a leader
        ("任务", 3, "I"),  # bad date
        ("任务", 4, "C"),  # title required
        ("任务", 4, "A"),  # code twice
        ("节点", 3, "D"),  # due date required
        ("节点", 3, "A"),  # unknown task
        ("节点", 3, "B"),  # order not a number
        ("节点", 3, "G"),  # done without evidence
    ]
    assert str(exc.value.problems[1]).startswith("任务")
    assert KeyTask.objects.count() == 3 and Milestone.objects.count() == 2
    assert AuditEntry.objects.count() == 0


def test_missing_sheet_and_not_a_workbook(tw):
    with pytest.raises(ImportRejected) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=b"not excel")
    assert "Excel" in exc.value.problems[0].message
    wb = Workbook()
    wb.active.title = "任务"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRejected) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=buffer.getvalue())
    assert [p.params for p in exc.value.problems][-1] == {"name": "节点"}


def test_only_the_office_imports(tw):
    with pytest.raises(PermissionDenied):
        tasks_import_apply(actor=tw.leader, year=tw.year, data=book([GOOD_TASK], []))
    assert not KeyTask.objects.filter(code="T05").exists()


def test_export_then_import_changes_nothing_but_counts_updates(tw):
    data = tasks_workbook(tw.year)
    counts = tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert counts == {"tasks_created": 0, "tasks_updated": 2, "milestones": 2}
    task = KeyTask.objects.get(pk=tw.task_a.pk)
    assert (task.title, list(task.co_units.all()), task.leader) == (
        "重大项目攻坚",
        [tw.unit_c],
        tw.leader,
    )


def test_upload_page_lists_problems(tw):
    client = tw.world.client_for("office")
    bad = io.BytesIO(book([["T07", "无此类", "x", "A01"]], []))
    bad.name = "t.xlsx"
    response = client.post(reverse("tasks:import"), {"file": bad})
    assert response.status_code == 200
    assert len(response.context["problems"]) == 1
    good = io.BytesIO(book([GOOD_TASK], [GOOD_MS]))
    good.name = "t.xlsx"
    assert client.post(reverse("tasks:import"), {"file": good}).status_code == 302
    assert KeyTask.objects.filter(code="T05").exists()
