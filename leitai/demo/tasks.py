"""The demo county's key tasks for 2022: 40 tasks, milestones, weekly reports through October.

The office's dispatch date is set to Friday 2022-10-28, the deadline of the last reported week,
so the pages show the colours as the office saw them that day: a realistic mix of done, on
track, due soon, behind and overdue. Each task follows a profile that decides its milestones
and reports; the numbers come from a seeded random generator, so every run builds the same.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from leitai.demo import org
from leitai.keytasks.models import (
    CoordinationRequest,
    DispatchNotice,
    DispatchSettings,
    KeyTask,
    Milestone,
    TaskCategory,
    WeeklyReport,
)
from leitai.keytasks.status import week_start
from leitai.org.models import AssessmentYear, Role, RoleGrant, Unit

D = dt.date
AS_OF = D(2022, 10, 28)
LAST_WEEK = week_start(AS_OF)  # Monday 2022-10-24
CATEGORIES = ["十大攻坚", "十大示范创建", "十大问题集中整治", "守牢十大底线"]
# Two more county leaders beside the `leader` login, so tasks are shared among leaders.
LEADERS = [("leader_wang", "王立新"), ("leader_li", "李春华")]

# (category index, title, lead unit, co-units, leader login, indicator code, profile)
# Profiles: done, red (a milestone overdue), lag (progress behind), miss (last report missing),
# blue (a milestone due within 7 days), green.
TASKS = [
    (
        0,
        "重大项目建设攻坚",
        "县发展和改革局",
        ["县财政局", "县自然资源和规划局"],
        "leader",
        "P09",
        "red",
    ),
    (0, "工业技改提级攻坚", "县工业和信息化局", ["县发展和改革局"], "leader", "", "green"),
    (0, "招商引资攻坚", "县投资促进服务中心", ["县商务局"], "leader", "", "blue"),
    (0, "外贸稳增长攻坚", "县商务局", ["县对外经济合作服务中心"], "leader_wang", "", "lag"),
    (
        0,
        "城市更新攻坚",
        "县住房和城乡建设局",
        ["县城市建设综合服务中心"],
        "leader_wang",
        "",
        "green",
    ),
    (0, "交通路网提升攻坚", "县交通运输局", ["县公路事业发展中心"], "leader_wang", "", "red"),
    (0, "水利基础设施攻坚", "县水利局", ["县城乡水务发展中心"], "leader_li", "", "green"),
    (0, "数字经济攻坚", "县大数据中心", ["县工业和信息化局"], "leader_li", "", "done"),
    (0, "乡村振兴片区攻坚", "县农业农村局", ["县农业技术推广中心"], "leader_li", "", "miss"),
    (0, "科技创新平台攻坚", "县科学技术局", [], "leader", "", "green"),
    (1, "省级营商环境示范县创建", "县行政审批服务局", ["县市场监督管理局"], "leader", "", "green"),
    (1, "国家卫生县城复审", "县卫生健康局", ["县疾病预防控制中心"], "leader_li", "", "blue"),
    (1, "全国文明城市创建", "县委宣传部", ["县综合行政执法局"], "leader", "", "lag"),
    (1, "乡村振兴示范区创建", "县农业农村局", ["县畜牧业发展中心"], "leader_li", "", "green"),
    (
        1,
        "全域旅游示范区创建",
        "县文化和旅游局",
        ["县文化和旅游服务中心"],
        "leader_wang",
        "",
        "done",
    ),
    (1, "义务教育优质均衡创建", "县教育和体育局", [], "leader_li", "", "green"),
    (1, "国家森林城市创建", "县林业发展中心", ["县自然资源和规划局"], "leader_wang", "", "blue"),
    (1, "法治政府建设示范创建", "县司法局", [], "leader", "", "green"),
    (1, "智慧城市示范创建", "县大数据中心", ["县公共资源交易中心"], "leader_wang", "", "miss"),
    (1, "社会信用体系示范创建", "县发展和改革局", ["县市场监督管理局"], "leader", "R01", "done"),
    (2, "违法建设集中整治", "县综合行政执法局", ["县自然资源和规划局"], "leader_wang", "", "red"),
    (2, "农村人居环境集中整治", "县农业农村局", ["县住房和城乡建设局"], "leader_li", "", "green"),
    (2, "校外培训机构集中整治", "县教育和体育局", ["县市场监督管理局"], "leader_li", "", "green"),
    (2, "食品安全集中整治", "县市场监督管理局", [], "leader", "", "blue"),
    (2, "欠薪问题集中整治", "县人力资源和社会保障局", ["县司法局"], "leader", "", "lag"),
    (2, "信访积案集中化解", "县信访局", ["县司法局"], "leader", "", "green"),
    (2, "道路交通秩序集中整治", "县公安局", ["县交通运输局"], "leader_wang", "", "green"),
    (2, "河湖“四乱”集中整治", "县水利局", ["县生态环境分局"], "leader_li", "", "red"),
    (2, "医保基金使用集中整治", "县医疗保障局", ["县医疗保障服务中心"], "leader_li", "", "done"),
    (
        2,
        "不动产登记历史遗留问题化解",
        "县不动产登记中心",
        ["县自然资源和规划局"],
        "leader_wang",
        "",
        "miss",
    ),
    (3, "安全生产底线", "县应急管理局", ["县消防救援大队"], "leader", "", "green"),
    (3, "生态环境底线", "县生态环境分局", ["县林业发展中心"], "leader_li", "", "blue"),
    (
        3,
        "防范化解金融风险底线",
        "县地方金融监督管理局",
        ["县农村商业银行"],
        "leader_wang",
        "",
        "green",
    ),
    (3, "粮食安全底线", "县粮食和物资储备服务中心", ["县农业农村局"], "leader_li", "", "green"),
    (3, "疫情防控底线", "县卫生健康局", ["县疾病预防控制中心"], "leader", "", "lag"),
    (3, "耕地保护底线", "县自然资源和规划局", ["县农业农村局"], "leader_li", "", "green"),
    (3, "社会稳定底线", "县委政法委员会", ["县公安局"], "leader", "", "green"),
    (3, "防汛抗旱底线", "县水利局", ["县应急管理局"], "leader_li", "", "green"),
    (3, "民生保障底线", "县民政局", ["县人力资源和社会保障局"], "leader_wang", "", "red"),
    (3, "债务风险防控底线", "县财政局", [], "leader_wang", "", "green"),
]
MILESTONE_TITLES = ["方案制定", "启动实施", "阶段推进", "中期评估", "全面完成", "总结验收"]
DONE_LINES = [
    "按计划推进各项工作",
    "召开专题调度会",
    "完成阶段性目标",
    "现场督导推进",
    "对接上级部门",
]
PLAN_LINES = ["继续推进", "加快进度", "组织验收准备", "开展督导检查", "细化工作台账"]
# (task index, question, answer or "", follow-up or "")
REQUESTS = [
    (0, "项目用地指标不足，需协调自然资源部门调剂", "", ""),
    (5, "征迁进度滞后，需乡镇配合加快清表", "", ""),
    (20, "拆违资金缺口约300万元，需财政统筹", "", ""),
    (3, "出口企业集装箱紧张，需协调物流保障", "请商务局牵头对接港口，下周报进展", ""),
    (12, "创建经费需追加预算", "同意追加，由财政局按程序办理", "已完成预算调整"),
    (24, "部分企业拒不支付欠薪，需司法联动", "请司法局、法院建立快速联动机制", ""),
    (38, "困难群众救助资金拨付慢", "", ""),
]


def build(run) -> None:
    """Build (or complete) the demo county's key tasks."""
    county = org.demo_county()
    year = AssessmentYear.objects.filter(jurisdiction=county, year=org.YEAR).first()
    if year is None:
        return
    with run.progress(5) as bar:
        leaders = _leaders(run, county)
        DispatchSettings.objects.update_or_create(
            year=year, defaults={"as_of": AS_OF, "due_soon_days": 7, "lag_margin": 10}
        )
        categories = _categories(run, year)
        bar.advance()
        new = _tasks(run, year, categories, leaders)
        bar.advance()
        _milestones_and_reports(run, new, leaders)
        bar.advance()
        _requests(run, year, leaders)
        bar.advance()
        _notices(run, year)
        bar.advance()


def reset() -> None:
    """Delete the demo's tasks, notices, categories and extra leaders (they protect the org)."""
    county = org.demo_county()
    if county is not None:
        KeyTask.objects.filter(year__jurisdiction=county).delete()
        DispatchNotice.objects.filter(year__jurisdiction=county).delete()
        TaskCategory.objects.filter(year__jurisdiction=county).delete()
        DispatchSettings.objects.filter(year__jurisdiction=county).delete()
    get_user_model().objects.filter(username__in=[u for u, _n in LEADERS]).delete()


def _leaders(run, county) -> dict:
    users = get_user_model().objects
    password = None
    for username, name in LEADERS:
        if not users.filter(username=username).exists():
            password = password or make_password(org.PASSWORD)
            user = users.create(username=username, first_name=name, password=password)
            RoleGrant.objects.create(user=user, role=Role.LEADER, jurisdiction=county)
            run.count("people")
    names = ["leader", "reporter", *[u for u, _n in LEADERS]]
    return {u.username: u for u in users.filter(username__in=names)}


def _categories(run, year) -> list[TaskCategory]:
    result = []
    for order, name in enumerate(CATEGORIES, start=1):
        category, created = TaskCategory.objects.get_or_create(
            year=year, name=name, defaults={"order": order}
        )
        run.count("task categories", created)
        result.append(category)
    return result


def _tasks(run, year, categories, leaders) -> list[tuple[KeyTask, str]]:
    """Create the missing tasks; return (task, profile) of the new ones."""
    units = {u.name: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
    present = set(KeyTask.objects.filter(year=year).values_list("code", flat=True))
    new = []
    for index, (cat, title, lead, co, leader, indicator, profile) in enumerate(TASKS):
        code = _code(index)
        if code in present:
            continue
        task = KeyTask(
            year=year,
            code=code,
            title=title,
            category=categories[cat],
            lead_unit=units[lead],
            leader=leaders.get(leader),
            goal=f"{title}：全年完成既定目标任务，形成可复制可推广的经验做法。",
            indicator_code=indicator,
            start_date=D(2022, 1, 1),
            end_date=D(2022, 12, 31),
        )
        new.append((task, profile, [units[c] for c in co]))
    KeyTask.objects.bulk_create([t for t, _p, _c in new])
    through = KeyTask.co_units.through
    through.objects.bulk_create(
        [through(keytask_id=t.pk, unit_id=u.pk) for t, _p, co in new for u in co]
    )
    run.count("key tasks", len(new))
    return [(t, p) for t, p, _c in new]


def _code(index: int) -> str:
    """Return the task's code: the category's prefix and its number in the category."""
    return ["GJ", "SF", "ZZ", "DX"][TASKS[index][0]] + f"{index % 10 + 1:02d}"


def _milestone_plan(profile: str, rng: random.Random) -> list[tuple[D, D | None]]:
    """Return (due, done) pairs for a task of this profile, as of 2022-10-28."""
    if profile == "done":
        dues = [D(2022, 2, 28), D(2022, 5, 31), D(2022, 8, 31), D(2022, 10, 20)]
        return [(due, due - dt.timedelta(days=rng.randint(0, 6))) for due in dues]
    dues = [D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 20)]
    plan = [(due, due - dt.timedelta(days=rng.randint(0, 5))) for due in dues[:3]]
    if rng.random() < 0.25:  # some milestones were met, but late
        due, _done = plan[1]
        plan[1] = (due, due + dt.timedelta(days=rng.randint(3, 12)))
    if profile == "red":
        plan[2] = (D(2022, 10, rng.randint(10, 25)), None)
    if profile == "blue":
        plan.append((D(2022, 11, rng.randint(1, 4)), None))
    plan.append((dues[3], None))
    return plan


def _final_progress(profile: str, rng: random.Random) -> int:
    return {
        "done": 100,
        "lag": rng.randint(55, 68),
        "red": rng.randint(74, 80),
    }.get(profile, rng.randint(76, 90))


def _milestones_and_reports(run, new, leaders) -> None:
    rng = random.Random(2022)
    milestones, reports = [], []
    reporter = leaders.get("reporter")
    mondays = [D(2022, 1, 3) + dt.timedelta(weeks=n) for n in range(43)]  # through 10-24
    for task, profile in new:
        plan = _milestone_plan(profile, rng)
        for order, (due, done) in enumerate(plan, start=1):
            title = "全面完成" if order == len(plan) else MILESTONE_TITLES[order - 1]
            milestones.append(
                Milestone(
                    task=task,
                    order=order,
                    title=title,
                    due_date=due,
                    done_means=f"{title}相关文件印发或现场验收通过",
                    done_on=done,
                    evidence="相关文件及现场照片已上传" if done else "",
                )
            )
        final = _final_progress(profile, rng)
        by = reporter if task.lead_unit.name == "县发展和改革局" else None
        for n, monday in enumerate(mondays):
            skipped = monday != LAST_WEEK and rng.random() < 0.03  # an odd week forgotten
            if (profile == "miss" and monday == LAST_WEEK) or skipped:
                continue
            progress = min(100, round(final * (n + 1) / len(mondays)))
            reports.append(_report(task, monday, progress, by, rng))
    Milestone.objects.bulk_create(milestones)
    WeeklyReport.objects.bulk_create(reports)
    run.count("milestones", len(milestones))
    run.count("weekly reports", len(reports))


def _report(task, monday, progress, by, rng) -> WeeklyReport:
    friday = monday + dt.timedelta(days=4)
    hour = 19 if rng.random() < 0.06 else rng.randint(9, 16)  # a few come in after 17:00
    at = timezone.make_aware(dt.datetime.combine(friday, dt.time(hour, rng.randint(0, 59))))
    return WeeklyReport(
        task=task,
        week_start=monday,
        progress=progress,
        done_this_week=f"{rng.choice(DONE_LINES)}，累计完成{progress}%。",
        plan_next_week=rng.choice(PLAN_LINES),
        submitted_by=by,
        submitted_at=at,
    )


def _requests(run, year, leaders) -> None:
    tasks = list(KeyTask.objects.filter(year=year).select_related("leader").order_by("pk"))
    if CoordinationRequest.objects.filter(task__year=year).exists() or len(tasks) < len(TASKS):
        return
    by_code = {t.code: t for t in tasks}
    made = []
    for n, (index, question, answer, follow_up) in enumerate(REQUESTS):
        task = by_code[_code(index)]
        raised = timezone.make_aware(dt.datetime(2022, 10, 3 + n * 3, 10, 0))
        answered = raised + dt.timedelta(days=2) if answer else None
        made.append(
            CoordinationRequest(
                task=task,
                question=question,
                raised_by=leaders.get("reporter") if index == 0 else None,
                raised_at=raised,
                status="closed" if follow_up else "answered" if answer else "open",
                answer=answer,
                answered_by=task.leader if answer else None,
                answered_at=answered,
                follow_up=follow_up,
                followed_up_at=answered + dt.timedelta(days=3) if follow_up else None,
            )
        )
    CoordinationRequest.objects.bulk_create(made)
    run.count("coordination requests", len(made))


def _notices(run, year) -> None:
    from leitai.keytasks.dispatch import notice_content

    present = set(DispatchNotice.objects.filter(year=year).values_list("week_start", flat=True))
    weeks = [LAST_WEEK - dt.timedelta(weeks=n) for n in range(3, -1, -1)]
    made = [
        DispatchNotice(
            year=year,
            week_start=monday,
            as_of=monday + dt.timedelta(days=4),
            content=notice_content(year, monday),
            generated_at=timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=4), dt.time(18, 0))
            ),
        )
        for monday in weeks
        if monday not in present
    ]
    DispatchNotice.objects.bulk_create(made)
    run.count("dispatch notices", len(made))
