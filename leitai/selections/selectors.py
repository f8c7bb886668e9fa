"""Reads of selections for pages and the API, scoped through access.py.

Nothing here shows how many votes a nominee has: the counts are computed once, by the close
of the vote (`services.votes.vote_close`), and stored on the nominations; before that only the
number of voters who took part per title (`turnout`) is known.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from leitai.selections import access
from leitai.selections.models import Nomination, QuotaPenalty, Selection, Title, VoteReceipt

N = Nomination.Status


def titles_of(selection: Selection) -> list[Title]:
    """Return the selection's titles in order."""
    return list(selection.titles.order_by("order", "pk"))


def penalties(selection: Selection, unit_id: int, title: Title) -> int:
    """Return how many places the unit lost for this title (revoked awards of earlier years)."""
    return QuotaPenalty.objects.filter(
        jurisdiction_id=selection.year.jurisdiction_id,
        series=selection.series,
        title_name=title.name,
        unit_id=unit_id,
        year=selection.year.year,
    ).count()


def unit_quota(selection: Selection, unit_id: int, title: Title) -> int:
    """Return how many people the unit may nominate for the title this year."""
    return max(title.unit_quota - penalties(selection, unit_id, title), 0)


def used_quota(selection: Selection, unit_id: int, title: Title) -> int:
    """Return how many nominations the unit has made for the title."""
    return Nomination.objects.filter(selection=selection, unit_id=unit_id, title=title).count()


def quota_rows(selection: Selection, unit_id: int) -> list[dict]:
    """Return, per title, the unit's quota, the places used and those left."""
    rows = []
    for title in titles_of(selection):
        quota = unit_quota(selection, unit_id, title)
        used = used_quota(selection, unit_id, title)
        lost = penalties(selection, unit_id, title)
        rows.append(
            {
                "title": title,
                "quota": quota,
                "used": used,
                "left": max(quota - used, 0),
                "lost": lost,
            }
        )
    return rows


def nominations_for(user, selection: Selection) -> QuerySet[Nomination]:
    """Return the selection's nominations `user` may see."""
    return (
        access.visible_nominations(user)
        .filter(selection=selection)
        .select_related("title", "unit", "person")
        .order_by("title__order", "title_id", "unit__code", "pk")
    )


def shortlist(selection: Selection) -> QuerySet[Nomination]:
    """Return the nominees on the public notice (and, later, those voted on)."""
    states = (N.SHORTLISTED, N.AWARDED, N.NOT_AWARDED, N.REVOKED)
    return (
        selection.nominations.filter(status__in=states)
        .select_related("title", "unit")
        .order_by("title__order", "title_id", "unit__code", "pk")
    )


def final_list(selection: Selection) -> QuerySet[Nomination]:
    """Return the awarded nominees (revoked ones shown as revoked), best first per title."""
    return (
        selection.nominations.filter(status__in=(N.AWARDED, N.REVOKED))
        .select_related("title", "unit")
        .order_by("title__order", "title_id", "rank", "pk")
    )


def results(selection: Selection) -> QuerySet[Nomination]:
    """Return every nominee voted on with the stored tally; empty until the vote closed."""
    if selection.status != Selection.Status.FINAL:
        return selection.nominations.none()
    return (
        selection.nominations.filter(rank__isnull=False)
        .select_related("title", "unit")
        .order_by("title__order", "title_id", "rank")
    )


def turnout(selection: Selection) -> dict[int, int]:
    """Return title id → how many voters took part (not what they chose)."""
    rows = (
        VoteReceipt.objects.filter(title__selection=selection)
        .values("title_id")
        .annotate(n=Count("pk"))
    )
    return {row["title_id"]: row["n"] for row in rows}


def voted_titles(user, selection: Selection) -> set[int]:
    """Return the ids of the titles `user` has voted on."""
    if not getattr(user, "pk", None):
        return set()
    receipts = VoteReceipt.objects.filter(title__selection=selection, voter=user)
    return set(receipts.values_list("title_id", flat=True))


PUBLIC = (Selection.Status.PUBLICITY, Selection.Status.VOTING, Selection.Status.FINAL)


def public_selections_all() -> QuerySet[Selection]:
    """Return the selections on public notice, voting or final, of every jurisdiction."""
    return Selection.objects.filter(status__in=PUBLIC)


def public_selections(jurisdiction_id: int) -> QuerySet[Selection]:
    """Return the selections of a jurisdiction on public notice or final (the public page)."""
    return public_selections_all().filter(year__jurisdiction_id=jurisdiction_id)
