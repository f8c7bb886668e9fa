"""Cache of the rendered bodies of snapshot pages: a snapshot never changes, so neither do they.

Only the page body is cached (the shell with the person's name and form tokens is rendered
each time). The key holds the snapshot, the page, the query string, the language, the
viewer's scope (office or reader, may appeal or not) and a stamp of the year's publications,
because the period switch and a unit's rank over the year change when a period is published,
re-issued or its display choices change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Max
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from leitai.rankings.models import Publication

TIMEOUT = 24 * 3600


def year_stamp(year_id: int) -> str:
    """Return a stamp that changes whenever a publication of the year is added or changed."""
    stamp = Publication.objects.filter(period__year_id=year_id).aggregate(
        n=Count("pk"), last=Max("pk"), superseded=Max("superseded_at"), changed=Max("list_size")
    )
    return f"{stamp['n']}:{stamp['last']}:{stamp['superseded']}:{stamp['changed']}"


def page_key(request, snapshot, page: str, viewer: str) -> str:
    """Return the cache key of one page of a snapshot as this viewer sees it."""
    publication = getattr(snapshot, "publication", None)
    parts = [
        str(snapshot.pk),
        page,
        request.GET.urlencode(),
        get_language() or "",
        viewer,
        f"{publication.list_size}:{publication.superseded_at}" if publication else "draft",
        year_stamp(snapshot.year_id),
    ]
    return "rankings:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(
    request,
    snapshot,
    *,
    page: str,
    viewer: str,
    template: str,
    context: Callable[[], dict],
    shell: dict,
):
    """Render the page shell around a cached body (rendering the body when it is missing)."""
    key = page_key(request, snapshot, page, viewer)
    body = cache.get(key)
    if body is None:
        body = render_to_string(template, context(), request=request)
        cache.set(key, body, TIMEOUT)
    return render(request, "rankings/page.html", {**shell, "body": body})
