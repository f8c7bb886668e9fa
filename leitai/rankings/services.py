"""Every change of the rankings: compute, publish, display choices, the publishing rule, appeals.

Each service is one transaction (`@service`) with a permission check first (the state tables
of leitai/rankings/transitions.py where the object has a state) and exactly one audit row.
Snapshots are only ever created here, never changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai import scoring
from leitai.assessment.models import Period
from leitai.assessment.scheme.selectors import engine_scheme
from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.notify.services import notify_unit
from leitai.org.access import require_office
from leitai.org.calendar.selectors import calendar_for
from leitai.org.models import Unit
from leitai.rankings import compute
from leitai.rankings.access import HEAVY, is_unit_leader
from leitai.rankings.inputs import (
    PeriodInputs,
    build_inputs,
    fingerprint,
    period_adjustments,
    previous_period,
    year_units,
)
from leitai.rankings.models import (
    Appeal,
    Publication,
    PublishingRule,
    RankingRow,
    RankingSnapshot,
)
from leitai.rankings.selectors import appealable_indicators
from leitai.rankings.transitions import APPEAL, SNAPSHOT

DISPLAY_FIELDS = ("public", "public_shows", "list_size")
DEFAULT_APPEAL_DAYS = 3


# --- compute -------------------------------------------------------------------------------


@service
def snapshot_compute(
    *,
    actor,
    period: Period,
    check: compute.Sensitivity | None = None,
    reason: str = "",
    appeal: Appeal | None = None,
) -> RankingSnapshot:
    """Compute a new draft of the period's ranking (a corrected re-issue when `reason` is given).

    Months and quarters score their own data; the year rolls up the published quarters.
    """
    require_office(actor, period.year.jurisdiction_id)
    period = Period.objects.select_for_update().select_related("year").get(pk=period.pk)
    scheme_row = _scheme_for(period)
    scheme = _parse(scheme_row)
    if appeal is not None:
        _check_reissue(actor, period, appeal)
        reason = reason if reason.strip() else appeal.decision
    supersedes = _supersedes(period, reason)
    previous = _previous_publication(period)
    ranks, groups = _previous_ranks(previous)
    if period.kind == Period.Kind.YEAR:
        inputs, result, sources = _roll_up(period, scheme, ranks, groups)
    else:
        inputs = build_inputs(period, scheme, ranks, groups)
        result, sources = _score(scheme, inputs.canonical), []
    result = compute.with_sensitivity(result, check or compute.Sensitivity())
    snapshot = _store(
        actor,
        period,
        scheme_row,
        inputs,
        result,
        check or compute.Sensitivity(),
        previous,
        supersedes=supersedes,
        reason=reason.strip(),
        appeal=appeal,
    )
    snapshot.sources.set(sources)
    record(
        actor=actor,
        action="ranking_snapshot.compute",
        obj=snapshot,
        after={
            "period": period.code,
            "number": snapshot.number,
            "scheme": scheme_row.pk,
            "fingerprint": snapshot.fingerprint,
            "supersedes": snapshot.supersedes_id,
            "reason": snapshot.reason,
        },
        jurisdiction=period.year.jurisdiction,
    )
    return snapshot


def _scheme_for(period: Period):
    from leitai.assessment.scheme.access import active_scheme

    scheme = active_scheme(period.year)
    if scheme is None:
        raise ValidationError({"period": _("The year has no scheme in force.")})
    return scheme


def _parse(scheme_row) -> scoring.Scheme:
    try:
        return engine_scheme(scheme_row)
    except scoring.SchemeError as exc:
        raise ValidationError({"scheme": exc.messages}) from exc


def _check_reissue(actor, period: Period, appeal: Appeal) -> None:
    """Refuse a re-issue for an appeal of another period or one the state table refuses."""
    if appeal.publication.period_id != period.pk:
        raise ValidationError({"appeal": _("Only an accepted appeal of this period.")})
    try:
        APPEAL.check(actor, appeal, "reissue")
    except ValidationError as exc:
        raise ValidationError({"appeal": exc.messages}) from exc


def _supersedes(period: Period, reason: str) -> RankingSnapshot | None:
    """Return the published snapshot a re-issue replaces (None for an ordinary draft)."""
    if not reason.strip():
        return None
    current = Publication.objects.filter(period=period, superseded_by=None).first()
    if current is None:
        raise ValidationError({"reason": _("Nothing is published for this period yet.")})
    return current.snapshot


def _previous_publication(period: Period) -> RankingSnapshot | None:
    """Return the current published snapshot of the period before, if any."""
    before = previous_period(period)
    if before is None:
        return None
    publication = Publication.objects.filter(period=before, superseded_by=None)
    publication = publication.select_related("snapshot").first()
    return publication.snapshot if publication else None


def _previous_ranks(snapshot: RankingSnapshot | None) -> tuple[dict, dict]:
    if snapshot is None:
        return {}, {}
    rows = snapshot.rows.exclude(rank=None).values_list("unit__code", "rank", "group__code")
    return {u: r for u, r, _ in rows}, {u: g for u, _, g in rows}


def _score(scheme: scoring.Scheme, canonical: dict) -> scoring.Result:
    try:
        return compute.score_canonical(scheme, canonical)
    except scoring.InputError as exc:
        raise ValidationError({"inputs": [str(p) for p in exc.problems]}) from exc


def _roll_up(period, scheme, ranks, groups):
    """Roll the year up from the current published snapshot of each quarter."""
    publications = Publication.objects.filter(
        period__year_id=period.year_id, period__kind=Period.Kind.QUARTER, superseded_by=None
    ).select_related("snapshot", "period")
    sources = sorted((p.snapshot for p in publications), key=lambda s: s.period.starts_on)
    if not sources:
        raise ValidationError({"period": _("No quarter of the year is published yet.")})
    quarters = {}
    for source in sources:
        quarter_scheme = scoring.parse_dict(source.inputs["scheme"])
        quarters[source.period.code.rsplit("-", 1)[-1]] = _score(quarter_scheme, source.inputs)
    unit_ids, group_ids = year_units(period.year_id)[1:]
    canonical = {
        "period": period.code,
        "scheme": scoring.dump_dict(scheme),
        "quarters": {
            q: {"snapshot": s.pk, "fingerprint": s.fingerprint}
            for q, s in zip(quarters, sources, strict=True)
        },
        "adjustments": period_adjustments(period, scheme, unit_ids),
        "previous_ranks": dict(sorted(ranks.items())),
        "previous_groups": dict(sorted(groups.items())),
    }
    try:
        result = compute.roll_up_quarters(quarters, canonical)
    except scoring.InputError as exc:
        raise ValidationError({"inputs": [str(p) for p in exc.problems]}) from exc
    return PeriodInputs(canonical, {}, unit_ids, group_ids), result, sources


def _store(actor, period, scheme_row, inputs, result, check, previous, **extra):
    canonical = inputs.canonical
    last = RankingSnapshot.objects.filter(period=period).order_by("-number").first()
    units = result.ordered()
    snapshot = RankingSnapshot.objects.create(
        jurisdiction_id=period.year.jurisdiction_id,
        year_id=period.year_id,
        period=period,
        number=(last.number + 1) if last else 1,
        scheme=scheme_row,
        basis="roll_up" if "quarters" in canonical else "data",
        fingerprint=fingerprint(canonical),
        inputs=canonical,
        scheme_dump=canonical["scheme"],
        results=_shared_results(result, inputs),
        sensitivity=check.as_dict(),
        missing=compute.missing_list(units, inputs.excluded, result.scheme),
        previous=previous,
        created_by=actor,
        **extra,
    )
    _store_rows(snapshot, units, inputs)
    return snapshot


def _shared_results(result: scoring.Result, inputs: PeriodInputs) -> dict:
    return {
        "groups": list(result.groups),
        "units": len(result.units),
        "quarters": sorted(inputs.canonical.get("quarters", {})),
    }


def _store_rows(snapshot, units, inputs: PeriodInputs) -> None:
    adjustments: dict[str, list] = {}
    for row in inputs.canonical["adjustments"]:
        adjustments.setdefault(row["unit"], []).append(row)
    quarter_totals = _quarter_totals(snapshot, inputs)
    rows = []
    for position, unit in enumerate(units):
        data = compute.row_data(unit, adjustments.get(unit.unit, []))
        if quarter_totals:
            data["detail"]["quarters"] = quarter_totals.get(unit.unit, {})
        rows.append(
            RankingRow(
                snapshot=snapshot,
                unit_id=inputs.unit_ids[unit.unit],
                group_id=inputs.group_ids[unit.group],
                position=position,
                **data,
            )
        )
    RankingRow.objects.bulk_create(rows)


def _quarter_totals(snapshot, inputs: PeriodInputs) -> dict[str, dict[str, float | None]]:
    quarters = inputs.canonical.get("quarters")
    if not quarters:
        return {}
    out: dict[str, dict[str, float | None]] = {}
    ids = {v["snapshot"]: q for q, v in quarters.items()}
    rows = RankingRow.objects.filter(snapshot_id__in=ids).values_list(
        "snapshot_id", "unit__code", "total"
    )
    for snapshot_id, code, total in rows:
        out.setdefault(code, {})[ids[snapshot_id]] = total
    return out


# --- publish -------------------------------------------------------------------------------


def working_days_after(start: dt.datetime, days: int, jurisdiction) -> dt.datetime:
    """Return the end (23:59:59 local) of the `days`-th working day after `start`, by the
    working-day calendar of `jurisdiction` (holidays and make-up working days)."""
    return calendar_for(jurisdiction).end_of(start, days)


@service
def snapshot_publish(
    *,
    actor,
    snapshot: RankingSnapshot,
    appeal_days: int = DEFAULT_APPEAL_DAYS,
    public: bool = False,
    public_shows: str = Publication.PublicShows.TOTALS,
    list_size: int = 3,
    override_reason: str = "",
) -> Publication:
    """Publish a draft: from now on everyone of the county sees it and it never changes.

    A corrected re-issue supersedes the publication it corrects. `appeal_days` working days
    (0 = no appeals) set the end of the appeal window. A draft with more missing values than
    the year's publishing rule allows is refused unless `override_reason` says why.
    """
    Period.objects.select_for_update().get(pk=snapshot.period_id)
    _check_draft(actor, snapshot)
    current = Publication.objects.filter(period_id=snapshot.period_id, superseded_by=None).first()
    _check_publishable(snapshot, current, appeal_days)
    share = missing_share(snapshot)
    override_reason = override_reason.strip()
    _check_missing(share, override_reason)
    now = timezone.now()
    if current is not None:
        # The unique "one current publication" constraint needs the old one retired first.
        Publication.objects.filter(pk=current.pk).update(superseded_at=now)
    publication = Publication(
        snapshot=snapshot,
        period_id=snapshot.period_id,
        published_at=now,
        published_by=actor,
        appeal_until=(
            working_days_after(now, appeal_days, snapshot.jurisdiction_id) if appeal_days else None
        ),
    )
    apply_changes(
        publication,
        {"public": public, "public_shows": public_shows, "list_size": list_size},
        DISPLAY_FIELDS,
    )
    publication.save()
    if current is not None:
        Publication.objects.filter(pk=current.pk).update(superseded_by=publication)
    record(
        actor=actor,
        action="ranking_snapshot.publish",
        obj=snapshot,
        after={
            **state(publication, ("appeal_until", *DISPLAY_FIELDS)),
            "supersedes": current.snapshot_id if current else None,
            "missing": share.as_dict(),
            **({"override_reason": override_reason} if share.too_high else {}),
        },
        jurisdiction=snapshot.jurisdiction,
    )
    _announce_ranks(snapshot)
    return publication


def _announce_ranks(snapshot: RankingSnapshot) -> None:
    """Tell each ranked unit's channels its own rank in its group (晒绩), in the outbox."""
    rows = list(snapshot.rows.exclude(rank=None).select_related("group"))
    sizes: dict[int, int] = {}
    for row in rows:
        sizes[row.group_id] = sizes.get(row.group_id, 0) + 1
    title = _("Ranking of %(period)s published") % {"period": snapshot.period.code}
    for row in rows:
        body = _("%(unit)s ranks %(rank)d of %(count)d in %(group)s.") % {
            "unit": row.unit_name,
            "rank": row.rank,
            "count": sizes[row.group_id],
            "group": row.group.name,
        }
        notify_unit(unit=row.unit_id, event="ranking.published", title=title, body=body)


def _check_draft(actor, snapshot: RankingSnapshot) -> None:
    """Refuse to publish unless the table allows it (a draft, by its office)."""
    try:
        SNAPSHOT.check(actor, _fresh(snapshot), "publish")
    except ValidationError as exc:
        message = _("This snapshot is already published.")
        raise ValidationError({"snapshot": message}) from exc


def _check_missing(share: MissingShare, override_reason: str) -> None:
    """Refuse a draft missing more values than the rule allows, unless a reason is given."""
    if share.too_high and not override_reason:
        message = _(
            "%(missing)d of %(total)d values (%(percent)s%%) are missing, above the "
            "limit of %(limit)s%% the office set. Give a reason to publish anyway."
        )
        raise ValidationError({"override_reason": message % share.as_dict()})


def _fresh(snapshot: RankingSnapshot) -> RankingSnapshot:
    """Read the snapshot and its publication again (after the period's lock), without its JSON."""
    rows = RankingSnapshot.objects.select_related("publication")
    return rows.defer(*HEAVY).get(pk=snapshot.pk)


@dataclass(frozen=True)
class MissingShare:
    """How many of a draft's applicable values were missing, against the office's limit."""

    missing: int
    total: int
    limit: Decimal

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal(100) if self.missing else Decimal(0)
        return (Decimal(100) * self.missing / self.total).quantize(Decimal("0.01"))

    @property
    def too_high(self) -> bool:
        return self.percent > self.limit or (self.total == 0)

    def as_dict(self) -> dict:
        return {
            "missing": self.missing,
            "total": self.total,
            "percent": f"{self.percent:f}",
            "limit": f"{self.limit.normalize():f}",
        }


def publishing_rule(year) -> PublishingRule:
    """The year's publishing rule (the default one when the office has not set it)."""
    return PublishingRule.objects.filter(year=year).first() or PublishingRule(year=year)


def missing_share(snapshot: RankingSnapshot) -> MissingShare:
    """Count the draft's applicable values and the missing ones (缺报 and not yet verified).

    A year rolled up from the quarters has no values of its own: it counts those of the
    published quarters it rolls up.
    """
    limit = Decimal(publishing_rule(snapshot.year).max_missing_percent)
    if snapshot.basis == RankingSnapshot.Basis.ROLL_UP:
        shares = [missing_share(source) for source in snapshot.sources.all()]
        return MissingShare(sum(s.missing for s in shares), sum(s.total for s in shares), limit)
    total = 0
    for detail in snapshot.rows.values_list("detail", flat=True):
        total += sum(1 for i in (detail or {}).get("indicators", {}).values() if i["applicable"])
    return MissingShare(len(snapshot.missing or []), total, limit)


@service
def publishing_rule_save(*, actor, year, max_missing_percent) -> PublishingRule:
    """Set the year's limit of missing values above which publishing needs a reason."""
    require_office(actor, year.jurisdiction_id)
    rule = PublishingRule.objects.select_for_update().filter(year=year).first()
    rule = rule or PublishingRule(year=year)  # the default until the office changes it
    before, after = apply_changes(
        rule, {"max_missing_percent": max_missing_percent}, ("max_missing_percent",)
    )
    if after:
        rule.save()
        record(
            actor=actor,
            action="publishing_rule.save",
            obj=rule,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return rule


def _check_publishable(snapshot, current, appeal_days) -> None:
    if not 0 <= appeal_days <= 30:
        raise ValidationError({"appeal_days": _("Give 0 to 30 working days.")})
    if current is None and snapshot.supersedes_id:
        raise ValidationError({"snapshot": _("The publication this re-issue corrects is gone.")})
    if current is not None and snapshot.supersedes_id != current.snapshot_id:
        raise ValidationError(
            {
                "snapshot": _(
                    "This period is already published; compute a corrected re-issue "
                    "with a reason to replace it."
                )
            }
        )


@service
def publication_update(*, actor, publication: Publication, **changes) -> Publication:
    """Change what the public page and the red/black list show; the results never change."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    SNAPSHOT.check(actor, _fresh(publication.snapshot), "display")
    before, after = apply_changes(publication, changes, DISPLAY_FIELDS)
    publication.save(update_fields=list(changes))
    record(
        actor=actor,
        action="publication.update",
        obj=publication,
        before=before,
        after=after,
        jurisdiction=publication.snapshot.jurisdiction,
    )
    return publication


# --- appeals -------------------------------------------------------------------------------


@service
def appeal_file(
    *, actor, publication: Publication, unit: Unit, reason: str, evidence=None, indicators=()
) -> Appeal:
    """File a unit leader's appeal against the unit's published result, within the window.

    `indicators` names the disputed indicators: codes of the unit's own indicators in it.
    """
    if not is_unit_leader(actor, unit):
        raise PermissionDenied("only the unit's leader may appeal")
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _check_appealable(publication, unit, reason)
    appeal = Appeal(
        publication=publication,
        unit=unit,
        indicators=_disputed(publication, unit, indicators),
        reason=reason.strip(),
        filed_at=timezone.now(),
        filed_by=actor,
    )
    if evidence is not None:
        appeal.evidence = evidence
    appeal.save()
    record(
        actor=actor,
        action="appeal.file",
        obj=appeal,
        after=state(appeal, ("publication", "unit", "reason", "indicators", "state")),
        unit=unit,
        jurisdiction=unit.jurisdiction,
    )
    return appeal


def _disputed(publication: Publication, unit: Unit, codes) -> list[str]:
    """Return the disputed codes in scheme order; refuse one that is not the unit's."""
    own = appealable_indicators(publication.snapshot, unit.pk)
    wanted = {str(code) for code in codes}
    foreign = sorted(wanted - set(own))
    if foreign:
        message = _("%(codes)s: not an indicator of this unit in this ranking.")
        raise ValidationError({"indicators": message % {"codes": "、".join(foreign)}})
    return [code for code in own if code in wanted]


def _check_appealable(publication: Publication, unit: Unit, reason: str) -> None:
    if publication.superseded_by_id is not None:
        raise ValidationError({"publication": _("This result has been replaced.")})
    if publication.appeal_until is None or timezone.now() > publication.appeal_until:
        raise ValidationError({"publication": _("The appeal window is closed.")})
    if not publication.snapshot.rows.filter(unit=unit).exists():
        raise ValidationError({"unit": _("The unit is not in this ranking.")})
    if Appeal.objects.filter(publication=publication, unit=unit).exists():
        raise ValidationError({"unit": _("The unit has already appealed this result.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the appeal.")})


@service
def appeal_decide(*, actor, appeal: Appeal, accept: bool, decision: str) -> Appeal:
    """Accept or reject a pending appeal with the office's reason.

    An accepted appeal is followed by the correction (through the assessment services) and a
    corrected re-issue computed with `snapshot_compute(appeal=...)`.
    """
    appeal = Appeal.objects.select_for_update().select_related("unit").get(pk=appeal.pk)
    action = "accept" if accept else "reject"
    APPEAL.check(actor, appeal, action)
    if not decision.strip():
        raise ValidationError({"decision": _("Give the reason for the decision.")})
    before = state(appeal, ("state", "decision"))
    APPEAL.move(actor, appeal, action)
    appeal.decision = decision.strip()
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    appeal.save()
    record(
        actor=actor,
        action=f"appeal.{action}",
        obj=appeal,
        before=before,
        after=state(appeal, ("state", "decision")),
        unit=appeal.unit,
        jurisdiction=appeal.unit.jurisdiction,
    )
    return appeal
