"""The demo county's 2022 scheme, periods, targets, exemptions and adjustments.

Four arenas (项目建设, 率先进位, 改革创新, 基层党建) with 40 indicators over all six rules; the
2022 periods as of mid-January 2023 (the year's data in; see `_state`); a target for every
completion indicator and unit it applies to; a few exemptions; bonuses, deductions and one veto
spread over January–October, and a few proposals still waiting in December.
Rows are written directly (bulk), checked by the engine's parser; a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from leitai import scoring
from leitai.assessment.models import (
    Adjustment,
    Evidence,
    Exemption,
    Indicator,
    IndicatorValue,
    PanelScore,
    Period,
    Scheme,
    Submission,
    Target,
)
from leitai.assessment.scheme.selectors import engine_scheme
from leitai.assessment.scheme.services.periods import year_period_plan
from leitai.assessment.scheme.services.scheme import build_rows
from leitai.demo import contest as demo_contest
from leitai.demo import org
from leitai.org.models import AssessmentYear, GroupMembership, Unit

STATS, DRC, ORG_DEPT = "县统计局", "县发展和改革局", "县委组织部"
G1 = ["G1"]


def _i(code, name, rule, points, groups=(), measure="", **params):
    return {
        "code": code,
        "name": name,
        "rule": rule,
        "max_points": points,
        **({"groups": list(groups)} if groups else {}),
        **params,
        "_measure": measure,
    }


RANK = {"peers": 13, "floor": 0.6, "advance": 0.5, "retreat": 0.5, "cap": 1.1}

ARENAS = [
    (
        "projects",
        "项目建设",
        30,
        5,
        10,
        [
            _i("P01", "固定资产投资完成率", "completion", 15, G1, "亿元", cap=1.2),
            _i("P02", "省市重点项目开工率", "completion", 10, G1, "%"),
            _i("P03", "招商引资到位资金完成率", "completion", 10, G1, "亿元", cap=1.2),
            _i("P04", "新签约过亿元项目数", "relative", 10, G1, "个"),
            _i("P05", "新开工过亿元项目数", "relative", 10, G1, "个"),
            _i("P06", "项目谋划储备数", "relative", 8, (), "个", floor=0.5),
            _i("P07", "专项债券资金争取完成率", "completion", 8, G1, "亿元"),
            _i("P08", "项目审批手续平均办理时限", "relative", 7, G1, "天", direction="lower"),
            _i("P09", "帮包项目重点任务完成情况", "share", 12, (), "%", percent=True),
            _i(
                "P10",
                "服务企业（项目）次数",
                "bands",
                10,
                (),
                "次",
                bands=[[0, 0.4], [4, 0.7], [8, 1.0]],
            ),
        ],
    ),
    (
        "advance",
        "率先进位",
        30,
        3,
        10,
        [
            _i("A01", "地区生产总值增速全市位次", "rank", 10, G1, "位", **RANK),
            _i("A02", "规模以上工业增加值增速全市位次", "rank", 10, G1, "位", **RANK),
            _i("A03", "固定资产投资增速全市位次", "rank", 10, G1, "位", **RANK),
            _i("A04", "一般公共预算收入增速全市位次", "rank", 10, G1, "位", **RANK),
            _i("A05", "社会消费品零售总额增速全市位次", "rank", 8, G1, "位", **RANK),
            _i("A06", "实际使用外资全市位次", "rank", 8, G1, "位", **RANK),
            _i("A07", "进出口总额增速全市位次", "rank", 8, G1, "位", **RANK),
            _i("A08", "居民人均可支配收入增速全市位次", "rank", 8, G1, "位", **RANK),
            _i("A09", "市场主体增长全市位次", "rank", 6, G1, "位", **RANK),
            _i("A10", "营商环境评价全市位次", "rank", 6, G1, "位", **RANK),
            _i("A11", "市对县考核指标任务完成率", "completion", 10, G1, "%"),
            _i(
                "A12",
                "安全生产事故起数",
                "bands",
                6,
                G1,
                "起",
                direction="lower",
                bands=[[0, 1.0], [1, 0.6], [3, 0.0]],
            ),
        ],
    ),
    (
        "reform",
        "改革创新",
        20,
        5,
        10,
        [
            _i("R01", "重点改革任务完成情况", "share", 20, (), "%", percent=True),
            _i(
                "R02",
                "改革创新成果获上级推广数",
                "bands",
                10,
                (),
                "项",
                bands=[[1, 0.6], [2, 0.8], [3, 1.0]],
            ),
            _i("R03", "季度擂台比武评委打分", "panel", 25, (), "分", **demo_contest.R03_PARAMS),
            _i("R04", "改革创新案例评审打分", "panel", 10, (), "分", trim_from=5),
            _i("R05", "“放管服”改革事项按时办结率", "completion", 10, G1, "%"),
            _i("R06", "数字化改革应用场景数", "relative", 10, (), "个"),
            _i("R07", "改革经验被上级刊发篇数", "relative", 5, (), "篇"),
            _i(
                "R08",
                "服务对象满意度",
                "bands",
                10,
                (),
                "%",
                bands=[[80, 0.6], [90, 0.8], [95, 1.0]],
            ),
        ],
    ),
    (
        "party",
        "基层党建",
        20,
        3,
        10,
        [
            _i("D01", "党组织标准化规范化建设达标情况", "share", 15, (), "%", percent=True),
            _i("D02", "“三会一课”制度落实情况", "share", 10, (), "%", percent=True),
            _i("D03", "党员教育培训完成率", "completion", 10, (), "%"),
            _i("D04", "党建品牌创建", "bands", 10, (), "个", bands=[[1, 0.5], [2, 1.0]]),
            _i("D05", "意识形态工作责任制落实情况", "share", 10, (), "%", percent=True),
            _i("D06", "党风廉政建设责任制落实情况", "share", 10, (), "%", percent=True),
            _i("D07", "机关作风建设群众评议得分", "relative", 10, (), "分"),
            _i("D08", "党建工作述职评议评委打分", "panel", 10, (), "分", trim_from=5),
            _i("D09", "发展党员计划完成率", "completion", 5, (), "%"),
            _i("D10", "志愿服务人均时长", "relative", 10, (), "小时"),
        ],
    ),
]

# Who supplies each indicator's value and who verifies it (docs/scheme.md).
ASSESSED_BY = {
    "P01": STATS,
    "A11": DRC,
    "P02": DRC,
    "P03": "县商务局",
    "P04": DRC,
    "P05": DRC,
    "P07": "县财政局",
    "P08": "县行政审批服务局",
}
DESCRIPTIONS = {
    "A01": (
        "本单位牵头负责的市考指标上，临朐县在潍坊市13个县市区中的位次（1为最好），由县统计局提供。"
    ),
    "P01": "累计完成额 ÷ 年度目标；超额完成最高按120%计分。",
    "R03": "每季度擂台比武现场汇报，评委0—100分打分；县领导、人大代表政协委员、服务对象代表"
    "三类评委各自取平均（同类满5人时去掉一个最高分和一个最低分），再按50%、30%、20%加权。",
    "P09": "帮包项目当月应完成节点中按期完成的比例。",
    "A12": "本单位负责领域内发生的生产安全事故起数，越少越好。",
}


def scheme_data() -> dict:
    """Return the demo scheme as the YAML mapping `leitai score` reads."""
    arenas = []
    for code, name, weight, bonus_cap, deduction_cap, indicators in ARENAS:
        rows = [{k: v for k, v in ind.items() if not k.startswith("_")} for ind in indicators]
        arenas.append(
            {
                "code": code,
                "name": name,
                "weight": weight,
                "bonus_cap": bonus_cap,
                "deduction_cap": deduction_cap,
                "indicators": rows,
            }
        )
    return {
        "name": org.YEAR_NAME,
        "bonus_levels": {"national": 3, "provincial": 2, "municipal": 1, "county": 0.5},
        "quarter_weights": {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 1},
        "arenas": arenas,
    }


def build(run) -> None:
    """Build (or complete) the demo county's 2022 scheme side."""
    county = org.demo_county()
    year = AssessmentYear.objects.get(jurisdiction=county, year=org.YEAR)
    units = {u.name: u for u in Unit.objects.filter(jurisdiction=county)}
    with run.progress(5) as bar:
        scheme = _scheme(run, year, units)
        bar.advance()
        periods = _periods(run, year)
        bar.advance()
        _targets(run, year, scheme)
        bar.advance()
        _exemptions(run, year, units)
        bar.advance()
        _adjustments(run, periods, units)
        bar.advance()


def reset() -> None:
    """Delete the demo county's scheme side (and any data collected in its periods)."""
    county = org.demo_county()
    if county is None:
        return
    years = AssessmentYear.objects.filter(jurisdiction=county)
    periods = Period.objects.filter(year__in=years)
    for model in (Evidence, IndicatorValue, PanelScore, Submission, Adjustment):
        model.objects.filter(period__in=periods).delete()
    Target.objects.filter(year__in=years).delete()
    Exemption.objects.filter(year__in=years).delete()
    periods.delete()
    Scheme.objects.filter(year__in=years).delete()


def _scheme(run, year: AssessmentYear, units: dict[str, Unit]) -> Scheme:
    existing = Scheme.objects.filter(year=year).order_by("-version").first()
    if existing is not None:
        return existing
    data = scoring.dump_dict(scoring.parse_dict(scheme_data()))
    scheme = Scheme.objects.create(
        year=year,
        version=1,
        name=data["name"],
        state=Scheme.State.ACTIVE,
        bonus_levels=data["bonus_levels"],
        quarter_weights=data["quarter_weights"],
        note="2022年1月县委、县政府印发",
    )
    build_rows(scheme, data)
    _metadata(scheme, units)
    engine_scheme(scheme)  # the engine must accept what was stored
    run.count("scheme versions")
    run.count("indicators", scheme.indicators.count())
    return scheme


def _metadata(scheme: Scheme, units: dict[str, Unit]) -> None:
    measures = {i["code"]: i["_measure"] for *_, inds in ARENAS for i in inds}
    rows = list(scheme.indicators.all())
    for ind in rows:
        ind.measure = measures[ind.code]
        ind.description = DESCRIPTIONS.get(
            ind.code, DESCRIPTIONS["A01"] if ind.rule == "rank" else ""
        )
        if ind.rule == "panel":
            ind.supplier = Indicator.Supplier.OFFICE
        elif ind.rule == "rank" or ind.code == "P01":
            ind.supplier, ind.assessor = Indicator.Supplier.ASSESSOR, units[STATS]
        else:
            assessor = ASSESSED_BY.get(ind.code) or (ORG_DEPT if ind.code.startswith("D") else None)
            ind.assessor = units[assessor] if assessor else None
    Indicator.objects.bulk_update(rows, ["measure", "description", "supplier", "assessor"])


# As of the demo (mid-January 2023): the year's data are in. January–September, November and
# Q1–Q3 locked; October (its stragglers), December, Q4 and the year closed. Q2 is locked by the
# contest step after its contest (`demo/contest.py`, which also puts off the contests' lock times).
LOCKED = {f"2022-{m:02d}" for m in (*range(1, 10), 11)} | {"2022-Q1", "2022-Q2", "2022-Q3"}


def _state(code: str) -> str:
    locked = code in LOCKED and code != demo_contest.FINISHED
    return Period.State.LOCKED if locked else Period.State.CLOSED


def _periods(run, year: AssessmentYear) -> dict[str, Period]:
    present = set(Period.objects.filter(year=year).values_list("code", flat=True))
    rows = [
        Period(year=year, state=_state(p["code"]), **{**p, **demo_contest.lock_time(p["code"])})
        for p in year_period_plan(year.year)
        if p["code"] not in present
    ]
    Period.objects.bulk_create(rows)
    run.count("periods", len(rows))
    return {p.code: p for p in Period.objects.filter(year=year)}


def _targets(run, year: AssessmentYear, scheme: Scheme) -> None:
    members = GroupMembership.objects.filter(year=year).select_related("unit", "group")
    completion = list(scheme.indicators.filter(rule=Indicator.Rule.COMPLETION))
    present = set(
        Target.objects.filter(year=year, period=None).values_list("unit_id", "indicator_code")
    )
    rows = []
    for member in members.order_by("unit__code"):
        rng = random.Random(f"target-{member.unit.code}")
        for ind in completion:
            applies = not ind.groups or member.group.code in ind.groups
            if applies and (member.unit_id, ind.code) not in present:
                rows.append(
                    Target(
                        year=year,
                        unit=member.unit,
                        indicator_code=ind.code,
                        value=_target_value(ind, rng),
                    )
                )
    Target.objects.bulk_create(rows)
    run.count("targets", len(rows))


def _target_value(ind: Indicator, rng: random.Random) -> Decimal:
    if ind.measure == "%":
        return Decimal(rng.choice([90, 95, 98, 100]))
    if ind.measure == "亿元":
        return Decimal(rng.randint(5, 120)) / Decimal(10)
    return Decimal(rng.randint(10, 60))


EXEMPTIONS = [
    (STATS, "A01", "统计部门负责提供位次数据，不参与本项位次考核"),
    ("县审计局", "P03", "无招商引资任务"),
    ("县地方金融监督管理局", "P05", "无新开工项目任务"),
    ("县委组织部", "D09", "发展党员计划由组织部统筹，不考核本单位"),
]


def _exemptions(run, year: AssessmentYear, units: dict[str, Unit]) -> None:
    present = set(Exemption.objects.filter(year=year).values_list("unit_id", "indicator_code"))
    rows = [
        Exemption(year=year, unit=units[name], indicator_code=code, reason=reason)
        for name, code, reason in EXEMPTIONS
        if (units[name].pk, code) not in present
    ]
    Exemption.objects.bulk_create(rows)
    run.count("exemptions", len(rows))


# (period, unit, arena, kind, level, points, matter, state)
ADJUSTMENTS = [
    (
        "2022-01",
        DRC,
        "projects",
        "bonus",
        "provincial",
        None,
        "全省重点项目建设先进集体",
        "approved",
    ),
    (
        "2022-02",
        "县商务局",
        "projects",
        "bonus",
        "municipal",
        None,
        "全市招商引资工作先进单位",
        "approved",
    ),
    (
        "2022-03",
        "县农业农村局",
        "reform",
        "bonus",
        "national",
        None,
        "全国农村改革试验区典型经验",
        "approved",
    ),
    (
        "2022-04",
        "县行政审批服务局",
        "reform",
        "bonus",
        "provincial",
        None,
        "全省“一网通办”示范单位",
        "approved",
    ),
    (
        "2022-05",
        "县文化和旅游局",
        "projects",
        "bonus",
        "municipal",
        None,
        "全市文旅项目观摩第一名",
        "approved",
    ),
    (
        "2022-05",
        "县委组织部",
        "party",
        "bonus",
        "provincial",
        None,
        "全省基层党建工作典型案例",
        "approved",
    ),
    (
        "2022-06",
        "县水利局",
        "projects",
        "bonus",
        "county",
        None,
        "防汛抗旱工作先进集体",
        "superseded",
    ),
    (
        "2022-07",
        "县水利局",
        "projects",
        "bonus",
        "municipal",
        None,
        "防汛抗旱工作先进集体",
        "approved",
    ),
    (
        "2022-08",
        "县卫生健康局",
        "reform",
        "bonus",
        "",
        Decimal("1.5"),
        "医共体改革经验全市推广",
        "approved",
    ),
    (
        "2022-09",
        "县市场监督管理局",
        "reform",
        "bonus",
        "municipal",
        None,
        "全市营商环境创新案例",
        "approved",
    ),
    (
        "2022-10",
        "县工业和信息化局",
        "projects",
        "bonus",
        "provincial",
        None,
        "省级专精特新企业培育工作",
        "approved",
    ),
    (
        "2022-03",
        "县住房和城乡建设局",
        "projects",
        "deduction",
        "",
        Decimal("2"),
        "重点项目进度滞后被市通报",
        "approved",
    ),
    (
        "2022-06",
        "县生态环境分局",
        "advance",
        "deduction",
        "",
        Decimal("3"),
        "环保督察反馈问题整改不到位",
        "approved",
    ),
    (
        "2022-08",
        "县交通运输局",
        "projects",
        "deduction",
        "",
        Decimal("1"),
        "项目资料报送弄虚作假",
        "approved",
    ),
    (
        "2022-09",
        "县应急管理局",
        "advance",
        "veto",
        "",
        None,
        "发生较大生产安全责任事故",
        "approved",
    ),
    (
        "2022-10",
        "县民政局",
        "party",
        "deduction",
        "",
        Decimal("1"),
        "督导发现问题逾期未整改",
        "approved",
    ),
    (
        "2022-12",
        "县自然资源和规划局",
        "projects",
        "bonus",
        "provincial",
        None,
        "全省自然资源节约集约示范县创建",
        "proposed",
    ),
    (
        "2022-12",
        "县教育和体育局",
        "reform",
        "bonus",
        "municipal",
        None,
        "全市教育改革创新案例",
        "proposed",
    ),
    (
        "2022-12",
        "县司法局",
        "party",
        "deduction",
        "",
        Decimal("0.5"),
        "党建材料报送迟报",
        "proposed",
    ),
]


def _adjustments(run, periods: dict[str, Period], units: dict[str, Unit]) -> None:
    present = set(
        Adjustment.objects.filter(period__in=periods.values()).values_list(
            "period__code", "unit_id", "matter", "level"
        )
    )
    office = org_user("office")
    stats = org_user("stats")
    rows = []
    for code, unit, arena, kind, level, points, matter, state in ADJUSTMENTS:
        if (code, units[unit].pk, matter, level) in present:
            continue
        period = periods[code]
        decided = period.deadline if state != "proposed" else None
        rows.append(
            Adjustment(
                period=period,
                unit=units[unit],
                arena_code=arena,
                kind=kind,
                level=level,
                points=points,
                matter=matter,
                state=state,
                document="临办字〔2022〕" + str(len(rows) + 11) + "号" if kind == "bonus" else "",
                reason="" if kind == "bonus" else matter,
                proposed_by=stats if kind == "deduction" else office,
                decided_by=office if decided else None,
                decided_at=decided,
                decision_note="经活动办审核属实" if decided else "",
            )
        )
    Adjustment.objects.bulk_create(rows)
    if rows:  # proposed_at is set on insert; place it in the period for a realistic history
        for row in Adjustment.objects.filter(period__in=periods.values()).select_related("period"):
            proposed = row.period.opens_at + dt.timedelta(days=1)
            Adjustment.objects.filter(pk=row.pk).update(proposed_at=min(proposed, timezone.now()))
    run.count("adjustments", len(rows))


def org_user(username: str):
    """Return a demo login by username."""
    return get_user_model().objects.get(username=username)
