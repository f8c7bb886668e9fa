"""Every change of honours: set the rules, grade the year, publish, objections, finalise.

Each function is one transaction with exactly one audit row (`@service`); the drafts' steps
are checked against transitions.py first. Grading reads the published year snapshot and the
data behind the gates (selectors.grading_inputs) and stores what the pure grading computed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.models import Scheme
from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.honours import grading, selectors
from leitai.honours.models import GradingRules, HonoursDraft, HonoursEntry, Objection
from leitai.honours.rules import RulesError, parse_rules
from leitai.honours.transitions import DRAFT, OBJECTION
from leitai.org.access import is_office_of
from leitai.org.calendar.selectors import calendar_for
from leitai.org.models import AssessmentYear, Unit


def rules_errors(error: RulesError) -> ValidationError:
    """Return the rules' problems as one ValidationError on `rules`, each naming its place."""
    messages = [
        _("Grading rules, %(place)s: %(problem)s")
        % {"place": place, "problem": _(message) % params}
        for place, message, params in error.problems
    ]
    return ValidationError({"rules": messages})


@service
def grading_rules_set(*, actor, scheme: Scheme, rules: dict) -> GradingRules:
    """Set the grading rules of a scheme version (checked in full; nothing saved on an error)."""
    if not is_office_of(actor, scheme.year.jurisdiction_id):
        raise PermissionDenied("office required")
    arenas = set(scheme.arenas.values_list("code", flat=True))
    try:
        parse_rules(rules, arenas=arenas)
    except RulesError as exc:
        raise rules_errors(exc) from exc
    existing = GradingRules.objects.select_for_update().filter(scheme=scheme).first()
    before = {"rules": existing.rules} if existing else None
    obj = existing or GradingRules(scheme=scheme)
    obj.rules, obj.updated_by = rules, actor
    obj.save()
    record(
        actor=actor,
        action="honours.rules_set",
        obj=obj,
        before=before,
        after={"rules": rules},
        jurisdiction=scheme.year.jurisdiction,
    )
    return obj


@service
def honours_grade(*, actor, year: AssessmentYear, note: str = "") -> HonoursDraft:
    """Grade the year from its published year snapshot into a new, immutable draft."""
    if not is_office_of(actor, year.jurisdiction_id):
        raise PermissionDenied("office required")
    publication = selectors.year_publication(year)
    if publication is None:
        raise ValidationError({"year": _("The year's ranking is not published yet.")})
    snapshot = publication.snapshot
    stored = selectors.rules_for(snapshot.scheme)
    if stored is None:
        raise ValidationError({"rules": _("Set the year's grading rules first.")})
    try:
        rules = parse_rules(
            stored.rules, arenas={a["code"] for a in snapshot.scheme_dump["arenas"]}
        )
    except RulesError as exc:
        raise rules_errors(exc) from exc
    names = selectors.arena_names(snapshot)
    units = selectors.grading_inputs(year, snapshot, rules)
    outcomes = grading.grade_year(rules, units, arena_names=names)
    AssessmentYear.objects.select_for_update().get(pk=year.pk)  # one numbering at a time
    number = (year.honours.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = HonoursDraft.objects.create(
        year=year,
        number=number,
        snapshot=snapshot,
        scheme=stored.scheme,
        rules=stored.rules,
        arena_names=names,
        created_by=actor,
        note=note,
    )
    groups = dict(snapshot.rows.values_list("unit_id", "group_id"))
    HonoursEntry.objects.bulk_create(
        _entry(draft, position, unit, outcomes[unit.id], groups[unit.id])
        for position, unit in enumerate(units, start=1)
    )
    grades = {rule["name"]: 0 for rule in stored.rules["grades"]}
    for out in outcomes.values():
        grades[out.grade] += 1
    record(
        actor=actor,
        action="honours.grade",
        obj=draft,
        after={
            "number": number,
            "snapshot": snapshot.pk,
            "grades": grades,
            "awards": sum(len(o.awards) for o in outcomes.values()),
        },
        jurisdiction=year.jurisdiction,
    )
    return draft


def _entry(draft, position, unit, out, group_id) -> HonoursEntry:
    return HonoursEntry(
        draft=draft,
        unit_id=unit.id,
        unit_name=unit.name,
        group_id=group_id,
        position=position,
        total=unit.total,
        rank=unit.rank,
        grade=out.grade,
        grade_index=out.grade_index,
        awards=out.awards,
        gates=out.gates,
        nearest=out.nearest,
        reason_zh=out.reason_zh,
        reason_en=out.reason_en,
        staff_percent=out.staff_percent or "",
    )


def _locked(draft: HonoursDraft) -> HonoursDraft:
    return HonoursDraft.objects.select_for_update().select_related("year").get(pk=draft.pk)


@service
def honours_publish(*, actor, draft: HonoursDraft, today: dt.date | None = None) -> HonoursDraft:
    """Publish the draft: publicity (公示) until N working days after today (the rules' N)."""
    draft = _locked(draft)
    DRAFT.move(actor, draft, "publish")
    today = today or timezone.localdate()
    days = int(draft.rules.get("publicity_days") or 0)
    draft.published_at = timezone.now()
    draft.publicity_until = calendar_for(draft.year.jurisdiction_id).add(today, days)
    draft.save(update_fields=["state", "published_at", "publicity_until"])
    record(
        actor=actor,
        action="honours.publish",
        obj=draft,
        before={"state": "draft"},
        after={"state": draft.state, "publicity_until": draft.publicity_until.isoformat()},
        jurisdiction=draft.year.jurisdiction,
    )
    return draft


@service
def honours_finalise(*, actor, draft: HonoursDraft, today: dt.date | None = None) -> HonoursDraft:
    """Make the draft the year's final list, once its publicity ended with no objection pending."""
    draft = _locked(draft)
    DRAFT.check(actor, draft, "finalise")
    today = today or timezone.localdate()
    if (
        draft.publicity_until
        and today <= draft.publicity_until
        and draft.rules.get("publicity_days")
    ):
        raise ValidationError(
            {"state": _("The publicity lasts until %(day)s.") % {"day": draft.publicity_until}}
        )
    if draft.objections.filter(state=Objection.State.PENDING).exists():
        raise ValidationError({"state": _("Handle every objection first.")})
    if HonoursDraft.objects.filter(year=draft.year, state=HonoursDraft.State.FINAL).exists():
        raise ValidationError({"state": _("The year already has a final list.")})
    DRAFT.move(actor, draft, "finalise")
    draft.finalised_at = timezone.now()
    draft.save(update_fields=["state", "finalised_at"])
    record(
        actor=actor,
        action="honours.finalise",
        obj=draft,
        before={"state": "publicised"},
        after={"state": draft.state},
        jurisdiction=draft.year.jurisdiction,
    )
    return draft


@service
def honours_discard(*, actor, draft: HonoursDraft, reason: str) -> HonoursDraft:
    """Discard a draft (e.g. after an upheld objection); its entries stay for the record."""
    draft = _locked(draft)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    before = draft.state
    DRAFT.move(actor, draft, "discard")
    draft.note = (draft.note + "\n" if draft.note else "") + reason.strip()
    draft.save(update_fields=["state", "note"])
    record(
        actor=actor,
        action="honours.discard",
        obj=draft,
        before={"state": before},
        after={"state": draft.state, "reason": reason.strip()},
        jurisdiction=draft.year.jurisdiction,
    )
    return draft


@service
def objection_record(
    *,
    actor,
    draft: HonoursDraft,
    text: str,
    contact: str = "",
    unit: Unit | None = None,
    received_at: dt.datetime | None = None,
) -> Objection:
    """Record an objection (异议) received during the publicity."""
    draft = _locked(draft)
    DRAFT.check(actor, draft, "object")
    if not text.strip():
        raise ValidationError({"text": _("Write what the objection says.")})
    if unit is not None and not draft.entries.filter(unit=unit).exists():
        raise ValidationError({"unit": _("The unit is not in this draft.")})
    objection = Objection.objects.create(
        draft=draft,
        unit=unit,
        text=text.strip(),
        contact=contact.strip(),
        received_at=received_at or timezone.now(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="honours.objection_record",
        obj=objection,
        after={"draft": draft.pk, "unit": unit.pk if unit else None},
        jurisdiction=draft.year.jurisdiction,
    )
    return objection


@service
def objection_handle(*, actor, objection: Objection, action: str, handling: str) -> Objection:
    """Uphold or dismiss an objection, saying how it was handled."""
    objection = (
        Objection.objects.select_for_update().select_related("draft__year").get(pk=objection.pk)
    )
    if action not in OBJECTION.actions:
        raise ValidationError({"action": _("Uphold or dismiss.")})
    OBJECTION.move(actor, objection, action)
    if not handling.strip():
        raise ValidationError({"handling": _("Say how the objection was handled.")})
    objection.handling, objection.handled_by = handling.strip(), actor
    objection.handled_at = timezone.now()
    objection.save(update_fields=["state", "handling", "handled_by", "handled_at"])
    record(
        actor=actor,
        action=f"honours.objection_{action}",
        obj=objection,
        before={"state": "pending"},
        after={"state": objection.state, "handling": handling},
        jurisdiction=objection.draft.year.jurisdiction,
    )
    return objection
