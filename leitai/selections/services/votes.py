"""The vote: ballots without voters, the committee's scores, and the sealed tally's opening.

A vote is stored as two unrelated things: a `VoteReceipt` per title saying that this person
(or this one-time code) has voted — unique per title, so two browsers voting at once for the
same person and title make one count and the other is refused by the database — and one `Vote`
row per choice with a random key and no voter and no time. The audit row says that a vote was
cast on which titles, never for whom. Nothing counts the `Vote` rows before `vote_close`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.transactions import service
from leitai.selections.models import Nomination, Objection, Selection, Vote, VoterCode, VoteReceipt
from leitai.selections.services.setup import audit, code_digest
from leitai.selections.transitions import NOMINATION, SELECTION

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def find_code(selection: Selection, code: str) -> VoterCode | None:
    """Return the selection's voting code typed as `code` (used or not), or None."""
    return VoterCode.objects.filter(selection=selection, digest=code_digest(code)).first()


def _choices(selection: Selection, choices: dict) -> dict:
    """Return title → the chosen nominations, or refuse naming the title."""
    titles = {t.pk: t for t in selection.titles.all()}
    shortlisted = Nomination.objects.filter(
        selection=selection, status=Nomination.Status.SHORTLISTED
    )
    by_pk = {n.pk: n for n in shortlisted}
    cleaned = {}
    for title_id, ids in choices.items():
        title = titles.get(title_id)
        if title is None:
            raise ValidationError({"choices": _("Vote only on the titles of this selection.")})
        ids = list(ids)
        chosen = [by_pk.get(i) for i in ids]
        if (
            not ids
            or len(set(ids)) != len(ids)
            or len(ids) > title.places
            or any(n is None or n.title_id != title.pk for n in chosen)
        ):
            raise ValidationError(
                {
                    "choices": _("“%(title)s”: choose 1 to %(n)s different nominees of this title.")
                    % {"title": title.name, "n": title.places}
                }
            )
        cleaned[title] = chosen
    if not cleaned:
        raise ValidationError({"choices": _("Choose at least one nominee.")})
    return cleaned


def _receipt(title, voter, code) -> None:
    try:
        with transaction.atomic():  # a savepoint: the database says whether this voter voted
            VoteReceipt.objects.create(title=title, voter=voter, code=code)
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already voted on “%(title)s”.") % {"title": title.name}
        ) from exc


@service
def vote_cast(*, selection: Selection, choices: dict, voter=None, code: str = "") -> int:
    """Cast a ballot: title id → the ids of the chosen nominees (at most the title's places).

    The voter is a person who logged in (`voter`) or a one-time code (`code`), used up by this
    ballot. Return how many titles were voted on.
    """
    selection = Selection.objects.select_related("year__jurisdiction").get(pk=selection.pk)
    actor = voter
    if voter is None:
        actor = find_code(selection, code or "")
        if actor is None or actor.used:
            raise ValidationError({"code": _("This voting code is not valid or already used.")})
    SELECTION.check(actor, selection, "vote")
    cleaned = _choices(selection, choices)
    if voter is None and not VoterCode.objects.filter(pk=actor.pk, used=False).update(used=True):
        raise ValidationError({"code": _("This voting code is not valid or already used.")})
    for title in cleaned:
        _receipt(title, voter, None if voter is not None else actor)
    Vote.objects.bulk_create(
        Vote(title=title, nomination=n) for title, chosen in cleaned.items() for n in chosen
    )
    titles = sorted(title.name for title in cleaned)
    after = {"voted": True, "titles": titles, "by_code": voter is None}
    audit(voter, "selection.vote", selection, selection, after=after)
    return len(cleaned)


@service
def committee_scores_save(*, actor, selection: Selection, scores: dict) -> int:
    """Save the committee's scores (0–100) of the shortlisted nominees; return how many changed."""
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    nominations = {
        n.pk: n
        for n in Nomination.objects.select_for_update().filter(
            selection=selection, pk__in=list(scores)
        )
    }
    changed, before, after = [], {}, {}
    for pk, value in scores.items():
        nomination = nominations.get(pk)
        if nomination is None:
            raise ValidationError({"scores": _("Score only the nominees of this selection.")})
        nomination.selection = selection
        NOMINATION.check(actor, nomination, "score")
        value = Decimal(value)
        if not 0 <= value <= 100 or value != value.quantize(CENT):
            raise ValidationError(
                {
                    "scores": _("%(name)s: give a score from 0 to 100 with at most two decimals.")
                    % {"name": nomination.name}
                }
            )
        if nomination.committee_score != value:
            before[pk] = (
                str(nomination.committee_score) if nomination.committee_score is not None else None
            )
            nomination.committee_score = value
            after[pk] = str(value)
            changed.append(nomination)
    Nomination.objects.bulk_update(changed, ["committee_score"])
    if changed:
        audit(actor, "selection.committee_scores", selection, selection, before, after)
    return len(changed)


@service
def selection_open_vote(*, actor, selection: Selection) -> Selection:
    """Open the vote once the public notice is over and every objection was handled."""
    selection = (
        Selection.objects.select_for_update()
        .select_related("year__jurisdiction")
        .get(pk=selection.pk)
    )
    SELECTION.check(actor, selection, "open_vote")
    if timezone.localdate() <= selection.publicity_end:
        raise ValidationError(
            _("The public notice runs until %(day)s; the vote opens after it.")
            % {"day": selection.publicity_end.isoformat()}
        )
    waiting = Objection.objects.filter(
        nomination__selection=selection, status=Objection.Status.OPEN
    ).count()
    if waiting:
        raise ValidationError(_("%(n)s objections wait to be handled.") % {"n": waiting})
    before = {"status": selection.status}
    SELECTION.move(actor, selection, "open_vote")
    selection.save(update_fields=["status"])
    audit(actor, "selection.open_vote", selection, selection, before, {"status": selection.status})
    return selection


def blend(
    selection: Selection, committee: Decimal, votes: int, voters: int
) -> tuple[Decimal, Decimal]:
    """Return (vote score, final score): the share of voters × 100, blended with the weights."""
    vote_score = (HUNDRED * votes / voters).quantize(CENT, ROUND_HALF_UP) if voters else Decimal(0)
    final = (
        committee * selection.committee_weight / HUNDRED
        + vote_score * selection.vote_weight / HUNDRED
    ).quantize(CENT, ROUND_HALF_UP)
    return vote_score, final


def _rank(nominations: list[Nomination]) -> list[Nomination]:
    # Ties: the committee's score, then the votes, then the earlier nomination.
    return sorted(nominations, key=lambda n: (-n.final_score, -n.committee_score, -n.votes, n.pk))


@service
def vote_close(*, actor, selection: Selection) -> list[Nomination]:
    """Close the vote: count, blend with the committee's scores, and award each title's places.

    Return the awarded nominations. Refused while a shortlisted nominee has no committee score.
    """
    selection = (
        Selection.objects.select_for_update()
        .select_related("year__jurisdiction")
        .get(pk=selection.pk)
    )
    SELECTION.check(actor, selection, "close_vote")
    nominees = list(
        Nomination.objects.select_for_update()
        .filter(selection=selection, status=Nomination.Status.SHORTLISTED)
        .select_related("title")
    )
    unscored = [n.name for n in nominees if n.committee_score is None]
    if unscored:
        raise ValidationError(
            _("The committee has not scored: %(names)s.") % {"names": "、".join(unscored)}
        )
    counts = dict(
        Vote.objects.filter(title__selection=selection)
        .values_list("nomination_id")
        .annotate(n=Count("pk"))
    )
    voters = dict(
        VoteReceipt.objects.filter(title__selection=selection)
        .values_list("title_id")
        .annotate(n=Count("pk"))
    )
    awarded = []
    for title in selection.titles.all():
        group = [n for n in nominees if n.title_id == title.pk]
        for n in group:
            n.selection = selection
            n.votes = counts.get(n.pk, 0)
            n.vote_score, n.final_score = blend(
                selection, n.committee_score, n.votes, voters.get(title.pk, 0)
            )
        for rank, n in enumerate(_rank(group), start=1):
            n.rank = rank
            NOMINATION.move(actor, n, "award" if rank <= title.places else "not_award")
            if rank <= title.places:
                awarded.append(n)
    Nomination.objects.bulk_update(
        nominees, ["status", "votes", "vote_score", "final_score", "rank"]
    )
    before = {"status": selection.status}
    SELECTION.move(actor, selection, "close_vote")
    selection.save(update_fields=["status"])
    after = {"status": selection.status, "awarded": sorted(n.pk for n in awarded)}
    audit(actor, "selection.close_vote", selection, selection, before, after)
    return awarded
