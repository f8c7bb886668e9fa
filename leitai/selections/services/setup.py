"""Setting a selection up: the selection with its titles, clearance offices, its stages, codes."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.org.access import is_office_of
from leitai.org.models import AssessmentYear
from leitai.selections.models import (
    DEFAULT_TITLES,
    ClearanceOffice,
    Nomination,
    Selection,
    Title,
    VoterCode,
)
from leitai.selections.transitions import SELECTION

# Voting codes: no 0/O, 1/I/L, so a code read aloud or copied from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_CODES = 2000


def audit(actor, action: str, obj, selection: Selection, before=None, after=None):
    """Write the one audit row of a selections service (in the selection's jurisdiction)."""
    record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        jurisdiction=selection.year.jurisdiction,
    )


def lock(selection: Selection) -> Selection:
    """Re-read the selection with a row lock (every selections service takes it first)."""
    return (
        Selection.objects.select_for_update()
        .select_related("year__jurisdiction")
        .get(pk=selection.pk)
    )


def code_digest(code: str) -> str:
    """Return the stored form of a voting code (spaces and case do not matter)."""
    plain = "".join(code.split()).upper()
    return hashlib.sha256(plain.encode()).hexdigest()


def _check_weights(committee_weight: int, vote_weight: int) -> None:
    if committee_weight + vote_weight != 100:
        raise ValidationError(
            {"vote_weight": _("The committee's weight and the vote's weight must add up to 100.")}
        )


def _check_titles(titles: list[tuple[str, int, int]]) -> None:
    names = [name.strip() for name, _places, _quota in titles]
    if not names or any(not name for name in names):
        raise ValidationError({"titles": _("Give the selection at least one title.")})
    if len(set(names)) != len(names):
        raise ValidationError({"titles": _("Each title may appear only once.")})
    for name, places, quota in titles:
        if places < 1 or quota < 0:
            raise ValidationError(
                {
                    "titles": _("Title “%(name)s”: at least one place, and no negative unit quota.")
                    % {"name": name}
                }
            )


@service
def selection_create(
    *,
    actor,
    year: AssessmentYear,
    name: str,
    series: str,
    titles: list[tuple[str, int, int]] | None = None,
    publicity_days: int = 5,
    committee_weight: int = 50,
    vote_weight: int = 50,
) -> Selection:
    """Create a selection with its titles (name, places, nominations per unit).

    Without titles it gets the six of 六比六树, one place each and one nomination per unit.
    """
    if not is_office_of(actor, year.jurisdiction_id):
        raise PermissionDenied("office role required")
    titles = titles if titles is not None else [(t, 1, 1) for t in DEFAULT_TITLES]
    _check_titles(titles)
    _check_weights(committee_weight, vote_weight)
    if not 1 <= publicity_days <= 30:
        raise ValidationError({"publicity_days": _("Give 1 to 30 working days of public notice.")})
    if Selection.objects.filter(year=year, name=name).exists():
        raise ValidationError({"name": _("This year already has a selection of that name.")})
    selection = Selection.objects.create(
        year=year,
        name=name,
        series=series,
        publicity_days=publicity_days,
        committee_weight=committee_weight,
        vote_weight=vote_weight,
    )
    Title.objects.bulk_create(
        Title(selection=selection, name=t.strip(), order=n, places=p, unit_quota=q)
        for n, (t, p, q) in enumerate(titles, start=1)
    )
    after = {"name": name, "series": series, "titles": [t for t, _p, _q in titles]}
    audit(actor, "selection.create", selection, selection, after=after)
    return selection


@service
def clearance_office_save(
    *, actor, selection: Selection, name: str, members: list, office: ClearanceOffice | None = None
) -> ClearanceOffice:
    """Add a clearance office (or change one) with the people who sign for it."""
    selection = lock(selection)
    SELECTION.check(actor, selection, "edit")
    jurisdiction_id = selection.year.jurisdiction_id
    strangers = [p for p in members if not p.role_grants.filter(jurisdiction_id=jurisdiction_id)]
    if not members or strangers:
        raise ValidationError(
            {"members": _("Name at least one person of this county to sign for the office.")}
        )
    clash = selection.clearance_offices.filter(name=name)
    if office is not None:
        clash = clash.exclude(pk=office.pk)
    if not name.strip() or clash.exists():
        raise ValidationError({"name": _("Give the office a name not used yet.")})
    before = None
    if office is None:
        office = ClearanceOffice.objects.create(selection=selection, name=name.strip())
    else:
        before = {
            "name": office.name,
            "members": sorted(office.members.values_list("pk", flat=True)),
        }
        office.name = name.strip()
        office.save(update_fields=["name"])
    office.members.set(members)
    after = {"name": office.name, "members": sorted(p.pk for p in members)}
    audit(actor, "selection.clearance_office", office, selection, before, after)
    return office


def _check_open(selection: Selection) -> None:
    if not selection.clearance_offices.exists():
        raise ValidationError(_("Add at least one clearance office before opening nominations."))


def _check_clearance_done(selection: Selection) -> None:
    waiting = selection.nominations.filter(status=Nomination.Status.SIGNED).count()
    if waiting:
        raise ValidationError(_("%(n)s nominations still wait for clearance.") % {"n": waiting})


@service
def selection_step(*, actor, selection: Selection, action: str) -> Selection:
    """Take a calendar step without data of its own: open, close nominations, close clearance."""
    if action not in ("open", "close_nominations", "close_clearance"):
        raise ValidationError(_("Unknown step."))
    selection = lock(selection)
    SELECTION.check(actor, selection, action)
    if action == "open":
        _check_open(selection)
    if action == "close_clearance":
        _check_clearance_done(selection)
    before = {"status": selection.status}
    SELECTION.move(actor, selection, action)
    selection.save(update_fields=["status"])
    audit(actor, f"selection.{action}", selection, selection, before, {"status": selection.status})
    return selection


@service
def voter_codes_create(*, actor, selection: Selection, count: int) -> list[str]:
    """Make `count` one-time voting codes; return them in plain text (only their hash is kept)."""
    selection = lock(selection)
    SELECTION.check(actor, selection, "codes")
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": _("Make 1 to %(n)s codes at a time.") % {"n": MAX_CODES}})
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH)) for _n in range(count)
    ]
    VoterCode.objects.bulk_create(
        VoterCode(selection=selection, digest=code_digest(code)) for code in codes
    )
    audit(actor, "selection.codes", selection, selection, after={"codes": count})
    return codes
