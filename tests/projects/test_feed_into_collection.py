"""The ledger's declared feed writes the period's system values with their explanation."""

from __future__ import annotations

from decimal import Decimal

from leitai.assessment.collection.services.system_values import system_values_refresh
from leitai.assessment.models import IndicatorValue
from leitai.projects.models import ProjectFeed, ProjectMonth
from tests.assessment.collection_world import build_collection


def test_refresh_takes_the_ledger_feed_chosen_by_the_office(pw):
    col = build_collection(pw.world)
    # T01 is a system-supplied indicator of the collection world's scheme.
    ProjectFeed.objects.create(year=pw.year, metric="investment_rate", indicator_code="T01")
    ProjectMonth.objects.filter(project=pw.project_a, month=1).update(completed=90)
    ProjectMonth.objects.filter(project=pw.project_a, month=2).update(completed=100)
    system_values_refresh(actor=pw.office, period=col.february)
    # Unit A: 190 of 1200 = 15.83%; 序时进度 2/12 = 16.67%: 0.8 points below.
    # Unit B: 0 of 600 = 0%: 16.7 points below.
    values = {
        v.unit_id: (v.value, v.source, v.state, v.note)
        for v in IndicatorValue.objects.filter(period=col.february, indicator_code="T01")
    }
    assert values == {
        pw.unit_a.pk: (
            Decimal("15.8300"),
            "system",
            "verified",
            "1—2月完成投资 190.00 万元，年度计划 1200.00 万元，完成率 15.8%，"
            "低于序时进度 0.8 个百分点",
        ),
        pw.unit_b.pk: (
            Decimal("0.0000"),
            "system",
            "verified",
            "1—2月完成投资 0.00 万元，年度计划 600.00 万元，完成率 0.0%，"
            "低于序时进度 16.7 个百分点",
        ),
    }
