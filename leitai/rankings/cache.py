"""Cache of rendered snapshot pages: a snapshot never changes, so neither do its pages.

Two layers. The page body is shared by every viewer of the same scope: its key holds the
snapshot, the page, the query string, the language, the viewer's scope (office or reader, may
appeal or not) and a stamp of the year's publications, because the period switch and a unit's
rank over the year change when a period is published, re-issued or its display choices change.
The whole page (the shell shows the person's name and menu and carries their form token) is
cached per person on top, keyed also by the user, their CSRF cookie and the cache generations
(leitai/core/cache.py): the global one and the snapshot's jurisdiction's, so a change there or in
the organisation, such as a new role, re-renders the shell around the cached body (such an entry
lives 10 minutes at most), and only when no flash message waits.
The access check runs on every request before either layer is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from leitai.core.cache import generation_key, get_fixed, local_cache, set_fixed
from leitai.rankings.models import Publication, RankingRow, RankingSnapshot

TIMEOUT = 24 * 3600
STAMP_SECONDS = 2


def year_stamp(year_id: int) -> str:
    """Return a stamp that changes whenever a publication of the year is added or changed.

    It is itself kept for STAMP_SECONDS in each process's own memory (no service could clear
    every process's copy): a new publication shows in other pages' period switch within that.
    """
    key = f"rankings:stamp:{year_id}"
    stamp = local_cache().get(key)
    if stamp is None:
        values = Publication.objects.filter(period__year_id=year_id).aggregate(
            n=Count("pk"),
            last=Max("pk"),
            superseded=Max("superseded_at"),
            changed=Max("list_size"),
        )
        stamp = f"{values['n']}:{values['last']}:{values['superseded']}:{values['changed']}"
        local_cache().set(key, stamp, STAMP_SECONDS)
    return stamp


@dataclass(frozen=True)
class SnapshotMeta:
    """What a page needs of a snapshot before its body: access, title, cache key."""

    pk: int
    jurisdiction_id: int
    year_id: int
    period_code: str
    published: bool
    list_size: int
    appeal_until: dt.datetime | None
    superseded_at: dt.datetime | None


def snapshot_meta(snapshot_id: int) -> SnapshotMeta | None:
    """Return a snapshot's summary, kept STAMP_SECONDS by each process (publication may change)."""
    key = f"rankings:meta:{snapshot_id}"
    meta = local_cache().get(key)
    if meta is None:
        row = (
            RankingSnapshot.objects.filter(pk=snapshot_id)
            .values(
                "pk",
                "jurisdiction_id",
                "year_id",
                "period__code",
                "publication__pk",
                "publication__list_size",
                "publication__appeal_until",
                "publication__superseded_at",
            )
            .first()
        )
        if row is None:
            return None
        meta = SnapshotMeta(
            row["pk"],
            row["jurisdiction_id"],
            row["year_id"],
            row["period__code"],
            row["publication__pk"] is not None,
            row["publication__list_size"] or 3,
            row["publication__appeal_until"],
            row["publication__superseded_at"],
        )
        local_cache().set(key, meta, STAMP_SECONDS)
    return meta


def row_meta(snapshot_id: int, unit_id: int) -> dict | None:
    """Return a row's unit, name and group (rows never change, so kept long)."""
    key = f"rankings:row:{snapshot_id}:{unit_id}"
    meta = cache.get(key)
    if meta is None:
        meta = (
            RankingRow.objects.filter(snapshot_id=snapshot_id, unit_id=unit_id)
            .values("unit_id", "unit_name", "group_id")
            .first()
        )
        if meta is None:
            return None
        cache.set(key, meta, TIMEOUT)
    return meta


def page_key(request, meta: SnapshotMeta, page: str, viewer: str) -> str:
    """Return the cache key of one page of a snapshot as this viewer sees it."""
    parts = [
        str(meta.pk),
        page,
        request.GET.urlencode(),
        get_language() or "",
        viewer,
        f"{meta.published}:{meta.list_size}:{meta.superseded_at}",
        year_stamp(meta.year_id),
    ]
    return "rankings:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(
    request,
    meta: SnapshotMeta,
    *,
    page: str,
    viewer: str,
    template: str,
    context: Callable[[], dict],
    shell: dict,
):
    """Render the page shell around a cached body (rendering the body when it is missing)."""
    key = page_key(request, meta, page, viewer)
    full_key = _personal_key(request, key, meta.jurisdiction_id)
    if full_key is not None:
        html = get_fixed(full_key)
        if html is not None:
            return HttpResponse(html)
    body = get_fixed(key)
    if body is None:
        body = render_to_string(template, context(), request=request)
        set_fixed(key, body, TIMEOUT)
    response = render(request, "rankings/page.html", {**shell, "body": body})
    if full_key is not None:
        set_fixed(full_key, response.content, TIMEOUT)
    return response


def _personal_key(request, key: str, jurisdiction_id: int) -> str | None:
    """Return the whole-page key for this person, or None when the page must be rendered."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    # Flash messages live in the "messages" cookie or the session (the default storages).
    waiting = "messages" in request.COOKIES or "_messages" in getattr(request, "session", {})
    if not csrf or waiting:
        return None
    parts = f"{key}|{request.user.pk}|{csrf}"
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return generation_key("rankings:page", digest, jurisdiction=jurisdiction_id)
