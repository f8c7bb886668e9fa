"""Demo step: the data collected in all twelve months of 2022 and in its four quarters.

Runs after the scheme step. Every unit in a group gets a value for every indicator that applies
to it, month by month, drifting with its own strength, trend and noise so the rankings move;
县体育事业发展中心 (group G1) is weak in the first quarter and strong from April, so it rises
in Q2. Quarters carry the values of their last month and 5–7 judges' scores for the panel
indicators (Q4's too: the year is complete). All values are verified; a few units signed off
late; in October three units have a value returned and two have not signed off (October stays
closed with them, counted as missing). Rows are written directly (bulk); a period that has
data is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from leitai.assessment.collection.selectors import active_scheme, applicability
from leitai.assessment.collection.services.collection import insert
from leitai.assessment.models import Indicator, IndicatorValue, PanelScore, Period, Submission
from leitai.demo import contest, org
from leitai.demo import scheme as demo_scheme
from leitai.org.models import AssessmentYear, GroupMembership, Unit

MONTHS = [f"2022-{m:02d}" for m in range(1, 13)]
QUARTERS = {"2022-Q1": 3, "2022-Q2": 6, "2022-Q3": 9, "2022-Q4": 12}
RISER = "县体育事业发展中心"
LATE = {
    "2022-03": ["县商务局", "县审计局"],
    "2022-07": ["县文化和旅游局"],
    "2022-12": ["县审计局"],
}
RETURNED_IN_OCTOBER = ["县商务局", "县交通运输局", "县水利局"]
UNSIGNED_IN_OCTOBER = ["县审计局", "县文化和旅游局"]
COUNTED = {"个", "次", "项", "起", "篇", "位"}


def build(run) -> None:
    """Write the missing periods' values, submissions and judges' scores."""
    county = org.demo_county()
    year = county and AssessmentYear.objects.filter(jurisdiction=county, year=org.YEAR).first()
    scheme = year and active_scheme(year)
    if scheme is None:
        return
    periods = {p.code: p for p in Period.objects.filter(year=year)}
    filled = set(
        IndicatorValue.objects.filter(period__year=year).values_list("period__code", flat=True)
    )
    todo = [c for c in [*MONTHS, *QUARTERS] if c in periods and c not in filled]
    if not todo:
        return
    context = _Context(year, scheme)
    bar = run.progress(len(todo))
    for code in todo:
        _period(run, context, periods[code])
        bar.advance()
    bar.finish()


class _Context:
    """What every period needs, read once."""

    def __init__(self, year: AssessmentYear, scheme):
        self.year = year
        self.indicators = list(scheme.indicators.order_by("arena__order", "order"))
        members = GroupMembership.objects.filter(year=year).select_related("unit", "group")
        self.units = sorted((m.unit for m in members), key=lambda u: u.code)
        self.rules = applicability(year.pk)
        self.names = {u.name: u for u in Unit.objects.filter(jurisdiction=year.jurisdiction)}
        users = get_user_model().objects.filter(username__in=["office", "stats", "unitleader"])
        self.users = {u.username: u for u in users}
        self.profile = {u.pk: unit_profile(u) for u in self.units}
        self.groups = {m.unit_id: m.group.code for m in members}


def unit_profile(unit: Unit) -> tuple[float, float]:
    rng = random.Random(f"strength-{unit.code}")
    return rng.uniform(0.35, 0.95), rng.uniform(-0.03, 0.03)


def quality(unit: Unit, profile: tuple[float, float], month: int, salt: str) -> float:
    """Return how well the unit does in the month (0–1): strength, trend, noise."""
    if unit.name == RISER:
        base = 0.2 if month <= 3 else 0.37  # tuned: last in Q1, up 13 places in Q2
    else:
        strength, trend = profile
        base = strength + trend * (month - 1)
    noise = random.Random(f"{unit.code}-{month}-{salt}").gauss(0, 0.07)
    return min(1.0, max(0.03, base + noise))


def amount(indicator: Indicator, q: float, target: Decimal | None) -> Decimal:
    """Return a plausible value of the indicator for a unit doing `q` well."""
    lower = indicator.direction == Indicator.Direction.LOWER
    rule, measure = indicator.rule, indicator.measure
    if rule == "rank":
        number = 1 + round(12 * (1 - q))
    elif rule == "completion":
        number = float(target or 100) * (0.55 + 0.7 * q)
    elif rule == "share":
        number = 55 + 45 * q
    elif rule == "bands" and measure == "%":
        number = 75 + 25 * q
    elif rule == "bands":
        top = max(b[0] for b in indicator.params.get("bands", [[10, 1]])) or 1
        number = top * 1.3 * ((1 - q) if lower else q)
    else:  # relative
        scale = {"天": 30, "分": 100, "小时": 40, "个": 20, "篇": 12}.get(measure, 20)
        number = scale * ((1.3 - q) if lower else (0.2 + 0.8 * q))
    if measure in COUNTED:
        return Decimal(max(0, round(number)))
    return Decimal(str(round(number, 2)))


def _period(run, context: _Context, period: Period) -> None:
    month = QUARTERS.get(period.code) or int(period.code[-2:])
    targets = _targets(context.year)
    office, stats = context.users.get("office"), context.users.get("stats")
    values, submissions, panel = [], [], []
    returned = period.code == "2022-10"
    for unit in context.units:
        profile = context.profile[unit.pk]
        for indicator in context.indicators:
            if not context.rules.applies(indicator, unit.pk):
                continue
            q = quality(unit, profile, month, indicator.code)
            if indicator.rule == "panel":
                by_contest = _by_contest(period, unit, indicator, context)
                if period.kind == Period.Kind.QUARTER and not by_contest:
                    panel += _judges(period, unit, indicator, q, office)
                continue
            values.append(_value(period, unit, indicator, q, targets, office, stats))
        submissions.append(_submission(period, unit, context))
    if returned:
        _return_some(values, submissions, context)
    insert(IndicatorValue, values)
    Submission.objects.bulk_create(submissions, batch_size=500, ignore_conflicts=True)
    insert(PanelScore, panel)
    run.count("indicator values", len(values))
    run.count("submissions", len(submissions))
    run.count("judges' scores", len(panel))


def _targets(year) -> dict:
    from leitai.assessment.models import Target

    rows = Target.objects.filter(year=year, period__isnull=True)
    return {(t.unit_id, t.indicator_code): t.value for t in rows}


def _value(period, unit, indicator, q, targets, office, stats) -> IndicatorValue:
    by_assessor = indicator.supplier == Indicator.Supplier.ASSESSOR
    verified_at = period.deadline + dt.timedelta(days=2)
    return IndicatorValue(
        period=period,
        unit=unit,
        indicator_code=indicator.code,
        value=amount(indicator, q, targets.get((unit.pk, indicator.code))),
        source=IndicatorValue.Source.ASSESSOR if by_assessor else IndicatorValue.Source.UNIT,
        state=IndicatorValue.State.VERIFIED,
        entered_by=stats if by_assessor else None,
        verified_at=verified_at,
        verified_by=stats if by_assessor and stats else office,
        revision=2,
    )


def judge_scores(period_code: str, unit_code: str, indicator_code: str, q: float) -> list[Decimal]:
    """Return the 5–7 judges' scores (0.5 steps) of a unit doing `q` well; from the codes, not
    the ids, so a rebuild is identical."""
    rng = random.Random(f"judges-{period_code}-{unit_code}-{indicator_code}")
    count = 5 + rng.randrange(3)
    scores = []
    for _n in range(count):
        score = min(100.0, max(40.0, 68 + 28 * q + rng.gauss(0, 3)))
        scores.append(Decimal(str(round(score * 2) / 2)))
    return scores


def _by_contest(period: Period, unit: Unit, indicator: Indicator, context: _Context) -> bool:
    """The contest step writes R03 of the contest quarter's group (see `demo/contest.py`)."""
    return (
        indicator.code == contest.INDICATOR
        and period.code == contest.FINISHED
        and context.groups.get(unit.pk) == contest.GROUP
    )


def _judges(period, unit, indicator, q, office) -> list[PanelScore]:
    scores = judge_scores(period.code, unit.code, indicator.code, q)
    if indicator.code == contest.INDICATOR:  # rater classes: the eleven judges of the contests
        labelled = [
            (name, code, Decimal(score))
            for name, code, score in contest.panel_scores(scores, f"{period.code}-{unit.code}")
        ]
    else:
        labelled = [(f"评委{n}", "", score) for n, score in enumerate(scores, start=1)]
    return [
        PanelScore(
            period=period,
            unit=unit,
            indicator_code=indicator.code,
            judge_label=label,
            rater_class=code,
            score=score,
            entered_by=office,
        )
        for label, code, score in labelled
    ]


def _submission(period: Period, unit: Unit, context: _Context) -> Submission:
    late = unit.name in LATE.get(period.code, [])
    signed = period.deadline + (dt.timedelta(days=3) if late else -dt.timedelta(days=2))
    locked = period.code in demo_scheme.LOCKED
    return Submission(
        period=period,
        unit=unit,
        state=Submission.State.LOCKED if locked else Submission.State.VERIFIED,
        highlight=_highlight(period, unit),
        submitted_at=signed,
        submitted_by=context.users.get("unitleader") if unit.name == "县发展和改革局" else None,
        revision=3,
    )


HIGHLIGHTS = [
    "新签约亿元以上项目{n}个，总投资{m}亿元。",
    "完成年度重点任务节点{n}个，提前{m}天办结审批事项。",
    "经验做法被市级简报刊发{n}篇。",
    "开展“{n}+{m}”服务企业活动，解决企业诉求{n}项。",
]


def _highlight(period: Period, unit: Unit) -> str:
    rng = random.Random(f"highlight-{period.code}-{unit.code}")
    if rng.random() < 0.4:
        return ""
    return rng.choice(HIGHLIGHTS).format(n=rng.randint(2, 9), m=rng.randint(3, 30))


def _return_some(values, submissions, context: _Context) -> None:
    """In October: a value returned for three units, two units not signed off yet."""
    returned = {context.names[n].pk for n in RETURNED_IN_OCTOBER if n in context.names}
    unsigned = {context.names[n].pk for n in UNSIGNED_IN_OCTOBER if n in context.names}
    first_unit_value = {}
    for value in values:
        if value.source != IndicatorValue.Source.UNIT:
            continue
        if value.unit_id in returned and value.unit_id not in first_unit_value:
            first_unit_value[value.unit_id] = value
            value.state = IndicatorValue.State.RETURNED
            value.return_comment = "与统计快报口径不一致，请核实后重新报送。"
            value.verified_at = value.verified_by = None
        elif value.unit_id in unsigned:
            value.state = IndicatorValue.State.DRAFT
            value.verified_at = value.verified_by = None
    for submission in submissions:
        if submission.unit_id in returned:
            submission.state = Submission.State.RETURNED
            submission.return_comment = "与统计快报口径不一致，请核实后重新报送。"
        elif submission.unit_id in unsigned:
            submission.state = Submission.State.DRAFT
            submission.submitted_at = None


def reset() -> None:
    """Nothing to do: the scheme step's reset deletes the data collected in its periods."""
