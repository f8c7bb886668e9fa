"""The demo county's supervision: the 2022 first-half round by 5 groups over 81 units.

About 120 problems: most signed off in time, some sent back, some overdue, and a few raised by
the office outside the round late in the year, so that on 2022-12-31 (the ledger's default
day for 2022) every colour shows. 县发展和改革局 (the `reporter` login's unit) has one
problem awaiting verification by 第一督导组 (`supervisor`) and one awaiting its plan, both
raised by the office in December.
Rows are written in bulk without audit rows, as the organisation step does.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from leitai.demo.org import demo_county
from leitai.org.models import AssessmentYear, SupervisionAssignment, Unit
from leitai.supervision.evidence import safe_name
from leitai.supervision.models import (
    DeductionRule,
    Evidence,
    InspectionRound,
    Problem,
    ProblemCategory,
    ProblemEvent,
    Visit,
    VisitFinding,
)

D = dt.date
ROUND = ("2022年上半年督导", D(2022, 6, 1), D(2022, 7, 15))
CATEGORIES = [
    ("tasks", "重点任务进展"),
    ("highlights", "工作亮点"),
    ("problems", "存在问题"),
    ("earlier", "前期问题整改"),
    ("activity", "活动开展情况"),
    ("style", "纪律作风"),
    ("party", "党建任务"),
]
CHECKLIST_ONLY = {"highlights"}  # a visit's 工作亮点 are findings, never problems
PROBLEMS = {
    "tasks": [
        "重点项目推进滞后，部分项目未按节点开工",
        "年度目标任务分解不细，责任未落实到人",
        "重点任务台账更新不及时，进度数据与实际不符",
    ],
    "problems": [
        "业务档案管理不规范，部分资料缺失",
        "政务服务事项办理超时，群众等待时间长",
        "群众反映问题回复不及时",
    ],
    "style": ["工作日考勤管理不严格", "会议记录不完整", "公务接待审批手续不全"],
    "party": ["“三会一课”记录不规范", "党员发展程序材料不齐全", "主题党日活动开展不经常"],
    "earlier": ["上轮督导发现问题整改不彻底，存在反弹"],
}
FINDINGS = {
    "tasks": "年度重点任务总体按计划推进，{n}项任务进度达到序时要求。",
    "highlights": "创新开展“{s}服务月”活动，群众满意度较高。",
    "activity": "擂台比武动员部署到位，活动氛围浓厚。",
    "party": "基层党组织建设规范，党员教育管理有序。",
}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
SUPERVISORS = {"第一督导组": "孙立军"}
# The demo logins of 县发展和改革局; other units' people are named by their title.
NAMED_PEOPLE = {"县发展和改革局": ("王晓燕", "赵国强")}


def unit_people(unit: Unit) -> tuple[str, str]:
    """Return the names of the unit's reporter and leader as the story shows them."""
    return NAMED_PEOPLE.get(unit.name, (f"{unit.label}填报员", f"{unit.label}负责人"))


def build(run) -> None:
    """Build (or complete) the demo county's supervision."""
    county = demo_county()
    year = AssessmentYear.objects.filter(jurisdiction=county, year=2022).first() if county else None
    if year is None:
        return
    with transaction.atomic():
        categories = _categories(run, county)
        _rule(run, year)
        rnd, created = InspectionRound.objects.get_or_create(
            year=year, name=ROUND[0], defaults={"starts_on": ROUND[1], "ends_on": ROUND[2]}
        )
        run.count("inspection_rounds", created)
        _visits(run, year, rnd, categories)
        _outside_round(run, year, categories)


def reset() -> None:
    """Delete the demo county's supervision (rows and evidence files)."""
    county = demo_county()
    if county is None:
        return
    years = AssessmentYear.objects.filter(jurisdiction=county)
    for name in Evidence.objects.filter(problem__year__in=years).values_list("file", flat=True):
        default_storage.delete(name)
    Problem.objects.filter(year__in=years).delete()
    Visit.objects.filter(round__year__in=years).delete()
    InspectionRound.objects.filter(year__in=years).delete()
    DeductionRule.objects.filter(year__in=years).delete()
    ProblemCategory.objects.filter(jurisdiction=county).delete()


def _categories(run, county) -> dict[str, ProblemCategory]:
    present = {c.code: c for c in ProblemCategory.objects.filter(jurisdiction=county)}
    new = [
        ProblemCategory(
            jurisdiction=county,
            code=code,
            name=name,
            order=i,
            for_problems=code not in CHECKLIST_ONLY,
        )
        for i, (code, name) in enumerate(CATEGORIES, 1)
        if code not in present
    ]
    ProblemCategory.objects.bulk_create(new)
    run.count("problem_categories", len(new))
    return {c.code: c for c in ProblemCategory.objects.filter(jurisdiction=county)}


def _rule(run, year) -> None:
    _rule, created = DeductionRule.objects.get_or_create(
        year=year, defaults={"arena_code": "party"}
    )
    run.count("deduction_rules", created)


def _visits(run, year, rnd, categories) -> None:
    assignments = (
        SupervisionAssignment.objects.filter(year=year)
        .select_related("unit", "supervision_group")
        .order_by("supervision_group__order", "unit__code")
    )
    done = set(Visit.objects.filter(round=rnd).values_list("unit_id", flat=True))
    todo = [a for a in assignments if a.unit_id not in done]
    story = _Story(run)
    with run.progress(len(todo) or 1) as bar:
        for index, assignment in enumerate(todo):
            rng = random.Random(f"visit-{assignment.unit.code}")
            visit = _visit(rnd, assignment, index, rng, categories)
            for n in range(_problem_count(assignment.unit, rng)):
                story.add(year, assignment.unit, visit, categories, rng, n)
            bar.advance()
    story.save()
    run.count("visits", len(todo))


def _visit(rnd, assignment, index, rng, categories) -> Visit:
    group = assignment.supervision_group
    day = D(2022, 6, 6) + dt.timedelta(days=(group.order - 1) * 2 + index % 14)
    visit = Visit.objects.create(
        round=rnd,
        supervision_group=group,
        unit=assignment.unit,
        visited_on=day,
        summary=f"{assignment.unit.label}总体工作推进有力，存在问题已当场反馈，限期整改。",
    )
    VisitFinding.objects.bulk_create(
        VisitFinding(
            visit=visit,
            category=categories[code],
            text=text.format(n=rng.randint(3, 9), s=assignment.unit.label),
        )
        for code, text in FINDINGS.items()
    )
    return visit


def _problem_count(unit: Unit, rng: random.Random) -> int:
    if unit.name == "县发展和改革局":
        return 2
    return rng.choices([0, 1, 2, 3], weights=[2, 4, 4, 2])[0]


class _Story:
    """Problems with their events and evidence, written in bulk at the end."""

    def __init__(self, run) -> None:
        self.run = run
        self.items: list[tuple[Problem, list[tuple[str, dt.date, str, str, bool]]]] = []

    def add(self, year, unit, visit, categories, rng, n) -> None:
        code = rng.choice(list(PROBLEMS))
        severity = "serious" if rng.random() < 0.2 else "general"
        found = visit.visited_on
        deadline = found + dt.timedelta(days=15 if severity == "serious" else 30)
        problem = Problem(
            year=year,
            unit=unit,
            round=visit.round,
            visit=visit,
            source=Problem.Source.VISIT,
            category=categories[code],
            severity=severity,
            description=rng.choice(PROBLEMS[code]),
            found_on=found,
            deadline=deadline,
        )
        fate = "signed" if unit.name == "县发展和改革局" else _fate(rng)
        self.items.append((problem, _events(problem, fate, visit.supervision_group.name, rng)))

    def save(self) -> None:
        Problem.objects.bulk_create([p for p, _ in self.items])
        events, files = [], []
        for problem, steps in self.items:
            for kind, day, who, text, evidence in steps:
                event = ProblemEvent(problem=problem, kind=kind, on=day, actor_name=who, text=text)
                events.append(event)
                if evidence:
                    files.append((problem, event))
        ProblemEvent.objects.bulk_create(events)
        Evidence.objects.bulk_create(
            Evidence(
                problem=problem,
                event=event,
                file=default_storage.save(f"supervision/{safe_name('x.pdf')}", ContentFile(PDF)),
                original_name="整改佐证材料.pdf",
                size=len(PDF),
            )
            for problem, event in files
        )
        self.run.count("problems", len(self.items))
        self.run.count("evidence", len(files))


def _fate(rng: random.Random) -> str:
    return rng.choices(
        ["signed", "late", "reopened_signed", "reopened_open", "overdue", "overdue_open"],
        weights=[70, 6, 8, 4, 6, 3],
    )[0]


def _events(problem: Problem, fate: str, group: str, rng: random.Random) -> list:
    """Set the problem's state for its fate and return its story as (kind, day, who, text)."""
    found, deadline = problem.found_on, problem.deadline
    supervisor = SUPERVISORS.get(group, f"{group}组长") if group else "活动办"
    reporter, leader = unit_people(problem.unit)
    steps = [("raised", found, supervisor, problem.description, False)]
    if fate == "overdue_open":
        problem.status = Problem.Status.OPEN
        return steps
    planned = found + dt.timedelta(days=rng.randint(1, 5))
    problem.measures = "制定整改方案，明确责任人和完成时限，建立长效机制。"
    problem.responsible = leader
    problem.target_date = deadline - dt.timedelta(days=rng.randint(0, 5))
    problem.plan_submitted_on = planned
    steps.append(("plan_submitted", planned, leader, problem.measures, False))
    progress = planned + dt.timedelta(days=rng.randint(3, 8))
    problem.last_progress_on = progress
    steps.append(("progress", progress, reporter, "整改措施正在落实，已完成主要工作。", False))
    if fate == "overdue":
        problem.status = Problem.Status.IN_PROGRESS
        return steps
    completed = min(progress + dt.timedelta(days=rng.randint(2, 8)), deadline)
    if fate == "late":
        completed = deadline + dt.timedelta(days=rng.randint(5, 20))
    steps.append(("completed", completed, leader, "整改已完成，附佐证材料。", True))
    if fate.startswith("reopened"):
        back = completed + dt.timedelta(days=2)
        problem.reopen_count = 1
        steps.append(
            ("sent_back", back, supervisor, "佐证材料不充分，请补充整改前后对比照片。", False)
        )
        if fate == "reopened_open":
            problem.status = Problem.Status.REOPENED
            return steps
        completed = back + dt.timedelta(days=rng.randint(3, 20))
        steps.append(("completed", completed, leader, "已补充佐证材料。", True))
    if fate == "submitted":
        problem.status = Problem.Status.SUBMITTED
        return steps
    signed = completed + dt.timedelta(days=rng.randint(1, 4))
    problem.status = Problem.Status.SIGNED_OFF
    problem.signed_off_on = signed
    steps.append(("signed_off", signed, supervisor, "经核查，整改到位，同意销号。", False))
    return steps


# Raised by the office outside the round: (unit, source, category, severity, text, found, fate)
OUTSIDE = [
    ("县商务局", "contest", "tasks", "general", "擂台比武现场答辩中重点项目数据前后不一致", D(2022, 10, 20), "signed"),  # noqa: E501
    ("县交通运输局", "complaint", "problems", "general", "群众投诉农村公路养护不及时", D(2022, 12, 2), "planned"),  # noqa: E501
    ("县住房和城乡建设局", "complaint", "problems", "serious", "群众投诉老旧小区改造施工扰民", D(2022, 12, 20), "open"),  # noqa: E501
    ("县农业农村局", "contest", "tasks", "general", "擂台比武中高标准农田建设进度汇报不实", D(2022, 12, 12), "open"),  # noqa: E501
    ("县发展和改革局", "office", "tasks", "general", "重点项目月度调度数据报送不及时", D(2022, 12, 5), "submitted"),  # noqa: E501
    ("县发展和改革局", "office", "style", "general", "值班值守记录不完整", D(2022, 12, 26), "open"),
]  # fmt: skip


def _outside_round(run, year, categories) -> None:
    units = {u.name: u for u in Unit.objects.filter(jurisdiction=year.jurisdiction)}
    present = set(
        Problem.objects.filter(year=year, round=None).values_list("unit__name", "description")
    )
    story = _Story(run)
    for name, source, code, severity, text, found, fate in OUTSIDE:
        if (name, text) in present or name not in units:
            continue
        days = 15 if severity == "serious" else 30
        problem = Problem(
            year=year,
            unit=units[name],
            source=source,
            category=categories[code],
            severity=severity,
            description=text,
            found_on=found,
            deadline=found + dt.timedelta(days=days),
        )
        steps = [("raised", found, "活动办", text, False)]
        if fate in ("signed", "submitted"):
            steps = _events(problem, fate, "", random.Random(text))
        elif fate == "planned":
            problem.status = Problem.Status.IN_PROGRESS
            problem.measures = "增加巡查频次，建立问题快速处置机制。"
            problem.responsible = unit_people(problem.unit)[1]
            problem.target_date = problem.deadline
            problem.plan_submitted_on = found + dt.timedelta(days=3)
            steps.append(
                ("plan_submitted", problem.plan_submitted_on, "刘建国", problem.measures, False)
            )
        story.items.append((problem, steps))
    story.save()
