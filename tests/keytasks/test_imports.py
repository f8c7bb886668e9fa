"""The tasks import service: plan, errors by sheet, row and column, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.models import AuditEntry
from leitai.keytasks.imports import read_tasks, tasks_workbook
from leitai.keytasks.models import KeyTask, Milestone
from leitai.keytasks.services import tasks_import_apply

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


def snapshot() -> dict:
    """Everything the import may touch, with the fields of the existing rows."""
    return {
        "tasks": sorted(
            KeyTask.objects.values_list(
                "year_id",
                "code",
                "title",
                "category_id",
                "lead_unit_id",
                "leader_id",
                "goal",
                "indicator_code",
                "start_date",
                "end_date",
            )
        ),
        "co_units": sorted(KeyTask.co_units.through.objects.values_list("keytask_id", "unit_id")),
        "milestones": sorted(
            Milestone.objects.values_list(
                "task_id", "order", "title", "due_date", "done_means", "done_on", "evidence"
            )
        ),
        "audit": AuditEntry.objects.count(),
    }


def test_a_good_workbook_creates_and_updates(tw):
    data = book(
        [GOOD_TASK, ["T01", "十大攻坚", "重大项目攻坚（改）", "A01", "", "", "", "XM01", "", ""]],
        [GOOD_MS, ["T01", 1, "立项", "2022/3/30", "", "2022-03-29", "批复"]],
    )
    plan = tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert plan.counts() == {
        "create": 1,
        "update": 1,
        "unchanged": 0,
        "milestones_new": 1,
        "milestones_changed": 1,
        "milestones_unchanged": 0,
    }
    task = KeyTask.objects.get(year=tw.year, code="T05")
    assert (task.lead_unit, task.leader, task.indicator_code) == (tw.unit_b, tw.leader, "SZ01")
    assert (task.start_date, task.end_date) == (D(2022, 2, 1), D(2022, 12, 31))
    assert sorted(u.code for u in task.co_units.all()) == ["A01", "C01"]
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.due_date, m1.done_on, m1.evidence) == (D(2022, 3, 30), D(2022, 3, 29), "批复")
    t01 = KeyTask.objects.get(pk=tw.task_a.pk)
    assert (t01.title, t01.leader, list(t01.co_units.all())) == ("重大项目攻坚（改）", None, [])
    assert Milestone.objects.get(pk=tw.m2.pk).title == "开工"  # not in the file: left alone
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.after) == (
        "key_task.import",
        tw.office,
        {
            "created": ["T05"],
            "updated": ["T01"],
            "milestones_created": ["T05/1"],
            "milestones_updated": ["T01/1"],
        },
    )


def test_the_plan_lists_each_task_with_its_action_and_milestone_counts(tw):
    data = book(
        [
            GOOD_TASK,
            ["T01", "十大攻坚", "重大项目攻坚", "A01", "C01", "leader", "", "XM01", "", ""],
            ["T02", "十大攻坚", "外贸稳增长", "B01", "", "leader2", "", "", "", "2022-11-30"],
        ],
        [
            GOOD_MS,
            ["T05", 2, "验收", "2022-12-20", "", "", ""],
            ["T01", 2, "开工", "2022-09-30", "", "2022-09-29", "开工令"],
        ],
    )
    before = snapshot()
    plan = read_tasks(data, tw.year)
    assert snapshot() == before
    assert plan.problems == []
    lines = [
        (x.code, x.title, x.category, x.lead_unit, x.action, x.changed, x.milestones_new)
        for x in plan.lines
    ]
    assert lines == [
        ("T05", "数字经济攻坚", "十大攻坚", "B01 县商务局", "create", "", 2),
        ("T01", "重大项目攻坚", "十大攻坚", "A01 县发展和改革局", "unchanged", "", 0),
        ("T02", "外贸稳增长", "十大攻坚", "B01 县商务局", "update", "结束日期", 0),
    ]
    assert [x.milestones_changed for x in plan.lines] == [0, 1, 0]
    assert plan.counts() == {
        "create": 1,
        "update": 1,
        "unchanged": 1,
        "milestones_new": 2,
        "milestones_changed": 1,
        "milestones_unchanged": 0,
    }


def test_milestones_of_a_task_not_in_the_task_sheet_are_listed_under_it(tw):
    plan = read_tasks(book([], [["T02", 1, "签约", "2022-05-31"]]), tw.year)
    assert [(x.code, x.action, x.milestones_new) for x in plan.lines] == [("T02", "unchanged", 1)]
    assert plan.has_changes


def test_every_error_is_named_and_nothing_is_saved(tw):
    data = book(
        [
            GOOD_TASK,
            ["T06", "十大示范", "x", "Z99", "A01", "reporter_a", "", "", "2022-13-01", "明年"],
            ["T05", "十大攻坚", "", "A01", "", "", "", "", "", ""],
            ["T" * 33, "十大攻坚", "长编号", "A01"],
        ],
        [GOOD_MS, ["T99", "x", "y", "", "", "2022-01-01", ""]],
    )
    before = snapshot()
    with pytest.raises(ImportRejected) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert [(p.sheet, p.row, p.letter) for p in exc.value.problems] == [
        ("任务", 3, "B"),  # unknown category
        ("任务", 3, "D"),  # unknown unit
        ("任务", 3, "F"),  # not a leader
        ("任务", 3, "I"),  # bad date
        ("任务", 3, "J"),  # not a date at all
        ("任务", 4, "C"),  # title required
        ("任务", 4, "A"),  # code twice
        ("任务", 5, "A"),  # code too long
        ("节点", 3, "D"),  # due date required
        ("节点", 3, "A"),  # unknown task
        ("节点", 3, "B"),  # order not a number
        ("节点", 3, "G"),  # done without evidence
    ]
    with translation.override("en"):
        assert str(exc.value.problems[4]) == (
            "任务 row 3, column J (结束日期): 明年 is not a date (e.g. 2022-03-31)."
        )
    assert snapshot() == before


def test_missing_sheet_not_a_workbook_and_too_large(tw, settings):
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
    settings.LEITAI_MAX_IMPORT_BYTES = 1000
    with translation.override("en"), pytest.raises(ImportRejected) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=book([GOOD_TASK], []))
    with translation.override("en"):
        assert [str(p) for p in exc.value.problems] == [
            "The file is larger than the limit of 1000\xa0bytes."
        ]


@pytest.mark.parametrize("actor", ["leader", "reporter_a", "other_office"])
def test_only_the_office_of_the_county_imports(tw, actor):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        tasks_import_apply(actor=getattr(tw, actor), year=tw.year, data=book([GOOD_TASK], []))
    assert snapshot() == before


def test_export_then_import_changes_nothing(tw):
    data = tasks_workbook(tw.year)
    before = snapshot()
    plan = tasks_import_apply(actor=tw.office, year=tw.year, data=data)
    assert plan.has_changes is False
    assert plan.counts() == {
        "create": 0,
        "update": 0,
        "unchanged": 2,
        "milestones_new": 0,
        "milestones_changed": 0,
        "milestones_unchanged": 2,
    }
    assert snapshot() == before  # and no audit row


def test_a_stale_digest_is_refused_and_nothing_is_saved(tw):
    data = book([GOOD_TASK], [GOOD_MS])
    digest = read_tasks(data, tw.year).digest()
    KeyTask.objects.create(
        year=tw.year,
        code="T05",
        title="别人先建的",
        category=tw.category,
        lead_unit=tw.unit_a,
        start_date=D(2022, 1, 1),
        end_date=D(2022, 12, 31),
    )
    before = snapshot()
    with pytest.raises(PlanChanged) as exc:
        tasks_import_apply(actor=tw.office, year=tw.year, data=data, digest=digest)
    assert [(x.code, x.action) for x in exc.value.plan.lines] == [("T05", "update")]
    assert snapshot() == before
    plan = tasks_import_apply(
        actor=tw.office, year=tw.year, data=data, digest=exc.value.plan.digest()
    )
    assert plan.summary()["updated"] == ["T05"]
    assert KeyTask.objects.get(year=tw.year, code="T05").title == "数字经济攻坚"
