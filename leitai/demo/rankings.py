"""Demo step: the whole year 2022 computed and published, one appeal re-issued.

Runs after the scheme and collection steps. Each month and quarter is computed from its
verified data and published in order, so every period has its rank changes; then the year is
rolled up from the four published quarters and published. 县发展和改革局 appeals October;
the office accepts, approves a bonus it had missed (through the assessment services) and
publishes a corrected re-issue. The publication dates are then set to plausible days after
each period (and the appeal windows with them, in working days of the county's calendar), so
only a real new publication has an open window.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from leitai.assessment.models import Adjustment, Period
from leitai.assessment.scheme.access import active_scheme
from leitai.org.models import AssessmentYear, Unit
from leitai.rankings import services
from leitai.rankings.models import Appeal, Publication, RankingRow, RankingSnapshot

COUNTY = "370724"
YEAR = 2022
MONTHS = [f"2022-{m:02d}" for m in range(1, 13)]
QUARTERS = ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
APPEAL_PERIOD = "2022-10"
APPEAL_UNIT = "县发展和改革局"
APPEAL_REASON = "我局10月获省级改革创新试点表彰，加分未计入，申请更正。附：省发改委通报。"
APPEAL_DECISION = "经核实，省级表彰属实，补记改革创新擂台省级加分2分，更正后重新通报。"
BONUS_MATTER = "省级改革创新试点表彰（申诉更正）"
PUBLISHED_AFTER = dt.timedelta(days=8)


def build(run) -> None:
    """Compute and publish what is missing, in period order."""
    year = AssessmentYear.objects.filter(jurisdiction__code=COUNTY, year=YEAR).first()
    office = get_user_model().objects.filter(username="office").first()
    if year is None or office is None or active_scheme(year) is None:
        return
    periods = {p.code: p for p in Period.objects.filter(year=year)}
    codes = [*MONTHS, *QUARTERS, str(YEAR)]  # the year rolls up the published quarters
    todo = [periods[c] for c in codes if c in periods and not _published(periods[c])]
    bar = run.progress(len(todo))
    for period in todo:
        _publish(run, office, period)
        if period.code == APPEAL_PERIOD:
            _appeal(run, office, period)
        bar.advance()
    bar.finish()
    if todo:
        _backdate(year)


def _published(period: Period) -> bool:
    return Publication.objects.filter(period=period, superseded_at=None).exists()


def _publish(run, office, period: Period) -> None:
    snapshot = services.snapshot_compute(actor=office, period=period)
    services.snapshot_publish(actor=office, snapshot=snapshot, public=True)
    run.count("ranking snapshots")
    run.count("publications")


def _appeal(run, office, period: Period) -> None:
    """File, accept and correct the March appeal of 县发展和改革局, then re-issue."""
    from leitai.assessment.scheme.services.adjustments import adjustment_approve, adjustment_propose

    unit = Unit.objects.get(jurisdiction__code=COUNTY, name=APPEAL_UNIT)
    leader = get_user_model().objects.get(username="unitleader")
    publication = Publication.objects.get(period=period, superseded_at=None)
    appeal = services.appeal_file(
        actor=leader, publication=publication, unit=unit, reason=APPEAL_REASON
    )
    services.appeal_decide(actor=office, appeal=appeal, accept=True, decision=APPEAL_DECISION)
    arena = _reform_arena(period)
    bonus = adjustment_propose(
        actor=office,
        period=period,
        unit=unit,
        arena_code=arena,
        kind=Adjustment.Kind.BONUS,
        level=Adjustment.Level.PROVINCIAL,
        points=Decimal(2),
        matter=BONUS_MATTER,
    )
    adjustment_approve(actor=office, adjustment=bonus, note=APPEAL_DECISION)
    appeal.refresh_from_db()
    reissue = services.snapshot_compute(actor=office, period=period, appeal=appeal)
    services.snapshot_publish(actor=office, snapshot=reissue, public=True)
    run.count("appeals")
    run.count("ranking snapshots")


def _reform_arena(period: Period) -> str:
    scheme = active_scheme(period.year)
    arenas = list(scheme.arenas.order_by("order", "id").values_list("code", "name"))
    for code, name in arenas:
        if "改革" in name:
            return code
    return arenas[0][0]


def _backdate(year) -> None:
    """Give each publication a date a week after its period (the demo is built in one go)."""
    publications = Publication.objects.filter(period__year=year).select_related("period")
    publications = publications.select_related("snapshot").only(
        "pk", "superseded_at", "period__ends_on", "snapshot__supersedes_id"
    )
    for publication in publications.order_by("pk"):
        when = timezone.make_aware(
            dt.datetime.combine(publication.period.ends_on + PUBLISHED_AFTER, dt.time(10))
        )
        if publication.snapshot.supersedes_id:
            when += dt.timedelta(days=5)
        Publication.objects.filter(pk=publication.pk).update(
            published_at=when,
            appeal_until=services.working_days_after(when, 3, year.jurisdiction_id),
            superseded_at=when + dt.timedelta(days=5) if publication.superseded_at else None,
        )
    for appeal in Appeal.objects.filter(unit__jurisdiction=year.jurisdiction):
        published = Publication.objects.get(pk=appeal.publication_id).published_at
        Appeal.objects.filter(pk=appeal.pk).update(
            filed_at=published + dt.timedelta(days=1), decided_at=published + dt.timedelta(days=3)
        )


@transaction.atomic
def reset() -> None:
    """Delete the demo county's rankings (their references run in cycles; see the models)."""
    from leitai.rankings.models import Notice

    snapshots = RankingSnapshot.objects.filter(jurisdiction__code=COUNTY)
    Notice.objects.filter(snapshot__in=snapshots).delete()
    Appeal.objects.filter(unit__jurisdiction__code=COUNTY).delete()
    Publication.objects.filter(snapshot__in=snapshots).delete()
    RankingRow.objects.filter(snapshot__in=snapshots).delete()
    RankingSnapshot.sources.through.objects.filter(from_rankingsnapshot__in=snapshots).delete()
    snapshots.delete()
