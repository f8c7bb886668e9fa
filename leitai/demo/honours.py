"""Demo step: 2022 graded for the demo county, publicised, one objection handled, finalised.

Runs after the rankings step (it reads the published year ranking). The rules are the demo
scheme version's; the gates read the demo's own data: 县应急管理局's veto of September, the
rectification problems still red or yellow on 31 December, and the months a unit came last.
Idempotent: rules, draft, objection and the final list are each made only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from leitai.assessment.scheme.access import active_scheme
from leitai.org.models import AssessmentYear, Unit

COUNTY = "370724"
YEAR = 2022
PUBLISHED_ON = dt.date(2023, 1, 16)
FINALISED_ON = dt.date(2023, 1, 30)
OBJECTION_UNIT = "县住房和城乡建设局"
OBJECTION = "县住房和城乡建设局全年排名靠前，为何未评为优秀？请予说明。"
HANDLING = (
    "经核实，该局有整改问题年末仍逾期未销号（红色），"
    "按评优规则不得评为优秀，维持原评定。已电话答复。"
)
RULES = {
    "method": "quota",
    "rounding": "half_up",
    "tie": "share",
    "publicity_days": 5,
    "grades": [
        {"name": "优秀", "percent": 30, "staff_percent": 25},
        {"name": "良好", "percent": 40, "staff_percent": 20},
        {"name": "合格", "percent": 25, "staff_percent": 15},
        {"name": "不合格", "staff_percent": 10},
    ],
    "gates": [
        {"kind": "veto", "best": "不合格"},
        {"kind": "red_problem", "best": "良好"},
        {"kind": "yellow_card", "best": "良好"},
        {"kind": "last_place", "months": 3, "best": "合格"},
    ],
    "awards": [
        {
            "kind": "advanced",
            "name": "先进单位",
            "top": 3,
            "staff_percent": 30,
            "gates": [{"kind": "veto"}, {"kind": "red_problem"}],
        },
        {"kind": "progress", "name": "进步奖", "top": 1, "base": "q1", "gates": [{"kind": "veto"}]},
        {"kind": "single", "name": "单项奖", "top": 1, "gates": [{"kind": "veto"}]},
    ],
}


def build(run) -> None:
    """Set the rules, grade the year, publicise, handle one objection, finalise."""
    from leitai.honours import selectors, services
    from leitai.honours.models import GradingRules, HonoursDraft, Objection

    year = AssessmentYear.objects.filter(jurisdiction__code=COUNTY, year=YEAR).first()
    office = get_user_model().objects.filter(username="office").first()
    scheme = active_scheme(year) if year else None
    if scheme is None or office is None or selectors.year_publication(year) is None:
        return
    if not GradingRules.objects.filter(scheme__year=year).exists():
        services.grading_rules_set(actor=office, scheme=scheme, rules=RULES)
        run.count("grading rules")
    draft = HonoursDraft.objects.filter(year=year).order_by("number").first()
    if draft is None:
        draft = services.honours_grade(actor=office, year=year)
        run.count("honours drafts")
    if draft.state == HonoursDraft.State.DRAFT:
        draft = services.honours_publish(actor=office, draft=draft, today=PUBLISHED_ON)
    if not Objection.objects.filter(draft=draft).exists():
        unit = Unit.objects.filter(jurisdiction=year.jurisdiction, name=OBJECTION_UNIT).first()
        objection = services.objection_record(actor=office, draft=draft, text=OBJECTION, unit=unit)
        services.objection_handle(
            actor=office, objection=objection, action="dismiss", handling=HANDLING
        )
        run.count("objections")
    if draft.state == HonoursDraft.State.PUBLICISED:
        services.honours_finalise(actor=office, draft=draft, today=FINALISED_ON)


def reset() -> None:
    """Delete the demo county's honours (they refer to its rankings and years)."""
    from leitai.honours.models import GradingRules, HonoursDraft

    HonoursDraft.objects.filter(year__jurisdiction__code=COUNTY).delete()
    GradingRules.objects.filter(scheme__year__jurisdiction__code=COUNTY).delete()
