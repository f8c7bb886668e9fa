"""Who may see and act on contests: the one place these checks live.

The office and county leaders of a jurisdiction see its contests; a unit's reporter and leader
see the contests their unit presents at; a person with the judge role sees the contests where
he judges. Everything else is a 404, the same as a missing object. Judges on the night need no
login: a judge's personal link (`judge_for_token`) opens that judge's phone page only.

What anyone sees of a score is decided in `selectors.py`: nothing before the unit's reveal.
"""

from __future__ import annotations

import hashlib

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from leitai.contest.models import Contest, ContestUnit, Judge, PresentationFile, Submission
from leitai.org.access import get_or_404, is_office_of, scope_for


def contest_of(obj) -> Contest:
    """Return the contest of a contest, round, judge or score sheet."""
    if isinstance(obj, Contest):
        return obj
    if isinstance(obj, Submission):
        return obj.round.contest
    return obj.contest


def is_contest_office(user, obj) -> bool:
    """Return whether `user` is the office of the contest's jurisdiction."""
    return is_office_of(user, contest_of(obj).year.jurisdiction_id)


def is_contest_judge(judge, obj) -> bool:
    """Return whether `judge` (a Judge, from a link) judges the round's contest and may score."""
    return (
        isinstance(judge, Judge)
        and judge.contest_id == contest_of(obj).pk
        and judge.present
        and link_is_valid(judge)
    )


def is_contest_unit_person(user, obj) -> bool:
    """Return whether `user` is a reporter or leader of a unit presenting at the contest."""
    own = scope_for(user).own_unit_ids
    return bool(own) and contest_of(obj).rounds.filter(unit_id__in=own).exists()


def may_see_presentation(user, round_: ContestUnit) -> bool:
    """Return whether `user` may open a unit's presentation file: the office, or the unit's own
    reporter or leader."""
    return is_contest_office(user, round_) or round_.unit_id in scope_for(user).own_unit_ids


def presentation_for_user(user, round_id) -> PresentationFile:
    """Return a unit's presentation file if `user` may open it, else raise Http404."""
    round_ = round_for_user(user, round_id)
    found = PresentationFile.objects.filter(round=round_).first()
    if found is None or not may_see_presentation(user, round_):
        raise Http404("not found")
    return found


def visible_contests(user) -> QuerySet[Contest]:
    """Return the contests `user` may see."""
    if not getattr(user, "is_authenticated", False):
        return Contest.objects.none()
    scope = scope_for(user)
    condition = (
        Q(year__jurisdiction_id__in=scope.people_jurisdiction_ids)
        | Q(rounds__unit_id__in=scope.own_unit_ids)
        | Q(judges__person=user)
    )
    ids = Contest.objects.filter(condition).values("pk")
    return Contest.objects.filter(pk__in=ids)


def contest_for_user(user, contest_id, *, for_change: bool = False) -> Contest:
    """Return the contest if `user` may see it (or run it: office), else raise Http404."""
    contests = visible_contests(user).select_related("year__jurisdiction", "period")
    if for_change:
        office = scope_for(user).office_jurisdiction_ids
        contests = contests.filter(year__jurisdiction_id__in=office)
    return get_or_404(contests, contest_id)


def round_for_user(user, round_id, *, for_change: bool = False) -> ContestUnit:
    """Return a unit's round if `user` may see (or run) its contest, else raise Http404."""
    rounds = ContestUnit.objects.filter(contest__in=visible_contests(user))
    if for_change:
        office = scope_for(user).office_jurisdiction_ids
        rounds = rounds.filter(contest__year__jurisdiction_id__in=office)
    return get_or_404(rounds.select_related("contest__year", "unit"), round_id)


def judge_for_user(user, judge_id) -> Judge:
    """Return a judge of a contest the office `user` runs, else raise Http404."""
    office = scope_for(user).office_jurisdiction_ids
    judges = Judge.objects.filter(contest__year__jurisdiction_id__in=office)
    return get_or_404(judges.select_related("contest__year"), judge_id)


def submission_for_user(user, submission_id) -> Submission:
    """Return a score sheet of a contest the office `user` runs, else raise Http404."""
    office = scope_for(user).office_jurisdiction_ids
    sheets = Submission.objects.filter(round__contest__year__jurisdiction_id__in=office)
    return get_or_404(sheets.select_related("round__contest__year", "judge"), submission_id)


# --- judges' links ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """Return the stored form of a judge's link token (its SHA-256, hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_is_valid(judge: Judge, now=None) -> bool:
    """Return whether the judge's link still opens: issued, not revoked, not expired."""
    now = now or timezone.now()
    return bool(
        judge.token_hash
        and judge.revoked_at is None
        and judge.expires_at is not None
        and now < judge.expires_at
        and judge.contest.state != Contest.State.FINISHED
    )


def judge_for_token(token) -> Judge | None:
    """Return the judge whose valid link carries `token`, else None (the caller answers 404)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    judge = (
        Judge.objects.select_related("contest__year", "contest__current__unit", "unit")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if judge is None or not link_is_valid(judge):
        return None
    return judge
