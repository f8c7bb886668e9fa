"""The ledger's figures and the system values they feed, against hand-worked values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from leitai.projects.feeds import SystemValue, ledger_values, unit_figures
from leitai.projects.models import Project, ProjectFeed, ProjectMonth
from tests.projects.conftest import make_project, set_stage

D = dt.date
OCT = D(2022, 10, 31)


def _complete(project, amounts):
    for month, amount in enumerate(amounts, start=1):
        ProjectMonth.objects.filter(project=project, month=month).update(completed=amount)


def _starts(world):
    """Unit B: 9 starts planned by 10-31, 7 counted; one reported, one pending; one early."""
    projects = []
    for n in range(9):
        p = make_project(
            world.year, world.unit_b, f"S{n}", planned={"start": D(2022, 3 + (n % 7), 10)}
        )
        projects.append(p)
    for p in projects[:7]:
        set_stage(p, "start", "done", D(2022, 9, 1))
    set_stage(projects[7], "start", "reported", D(2022, 9, 1))
    # Planned for November but counted in October: outside the October ratio.
    early = make_project(world.year, world.unit_b, "S9", planned={"start": D(2022, 11, 15)})
    set_stage(early, "start", "done", D(2022, 10, 20))


def test_investment_rate_of_a_unit(pw):
    # P01: plan 100 a month (1200), 90 done in months 1–10 → 900; a second project of unit A:
    # plan 50 a month (600), 70 a month → 700. Unit A: 1600 / 1800 = 88.89%.
    _complete(pw.project_a, [90] * 10)
    second = make_project(pw.year, pw.unit_a, "P03", plan=[50] * 12)
    _complete(second, [70] * 10 + [500])  # November is after the period: not counted
    figures = unit_figures(Project.objects.filter(year=pw.year), OCT)
    a = figures[pw.unit_a.pk]
    assert (a.planned_year, a.completed, a.projects) == (Decimal(1800), Decimal(1600), 2)
    assert a.investment_rate.quantize(Decimal("0.01")) == Decimal("88.89")


def test_start_rate_seven_of_nine(pw):
    _starts(pw)
    b = unit_figures(Project.objects.filter(year=pw.year), OCT)[pw.unit_b.pk]
    assert (b.started, b.planned_starts) == (7, 9)
    assert b.start_rate.quantize(Decimal("0.01")) == Decimal("77.78")


def test_entries_and_signings(pw):
    a1 = make_project(pw.year, pw.unit_a, "E1", total="50000")
    a2 = make_project(pw.year, pw.unit_a, "E2", total="12000.50")
    a3 = make_project(pw.year, pw.unit_a, "E3", total="9999")
    set_stage(a1, "entry", "done", D(2022, 3, 1))
    set_stage(a2, "entry", "done", D(2022, 11, 2))  # after the period
    set_stage(a3, "entry", "reported", D(2022, 6, 1))  # not checked yet
    set_stage(a1, "signing", "done", D(2022, 1, 5))
    set_stage(a2, "signing", "done", D(2022, 4, 5))
    set_stage(a3, "signing", "done", D(2021, 12, 5))  # last year
    a = unit_figures(Project.objects.filter(year=pw.year), OCT)[pw.unit_a.pk]
    assert (a.entries, a.signings, a.signed_amount) == (1, 2, Decimal("62000.50"))


def test_ledger_values_with_their_explanations(pw):
    _complete(pw.project_a, [90] * 10)
    _starts(pw)
    for metric, code in [
        ("investment_rate", "XM01"),
        ("start_rate", "XM02"),
        ("entry_count", "XM03"),
        ("signing_amount", "XM04"),
    ]:
        ProjectFeed.objects.create(year=pw.year, metric=metric, indicator_code=code)
    values = ledger_values(year=2022, period_code="2022-10", period_end=OCT)
    a, b = pw.unit_a.pk, pw.unit_b.pk
    assert values == [
        SystemValue(
            a,
            "XM01",
            75.0,
            "1—10月完成投资 900.00 万元，年度计划 1200.00 万元，完成率 75.0%，"
            "低于序时进度 8.3 个百分点",
            "Months 1–10: 900.00 of 1200.00 (10k yuan) planned, 75.0%, "
            "8.3 points below the elapsed-time schedule",
        ),
        # Project A's 开工 was planned on 2022-03-15 and has not counted: 0/1.
        SystemValue(a, "XM02", 0.0, "开工率 0/1 = 0.0%", "Start rate 0/1 = 0.0%"),
        SystemValue(a, "XM03", 0.0, "入库项目 0 个", "0 projects entered into statistics"),
        SystemValue(
            a,
            "XM04",
            0.0,
            "签约项目 0 个，签约额 0.00 万元",
            "0 projects signed for 0.00 (10k yuan)",
        ),
        SystemValue(
            b,
            "XM01",
            0.0,
            "1—10月完成投资 0.00 万元，年度计划 600.00 万元，完成率 0.0%，"
            "低于序时进度 83.3 个百分点",
            "Months 1–10: 0.00 of 600.00 (10k yuan) planned, 0.0%, "
            "83.3 points below the elapsed-time schedule",
        ),
        SystemValue(b, "XM02", 77.78, "开工率 7/9 = 77.8%", "Start rate 7/9 = 77.8%"),
        SystemValue(b, "XM03", 0.0, "入库项目 0 个", "0 projects entered into statistics"),
        SystemValue(
            b,
            "XM04",
            0.0,
            "签约项目 0 个，签约额 0.00 万元",
            "0 projects signed for 0.00 (10k yuan)",
        ),
    ]
