"""The judge's phone page, opened by the judge's personal link (no login, no password).

The link opens this page only; the page's script reads and sends through the API with the
same token (`Authorization: Judge <token>`). A revoked, expired or unknown link is a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from leitai.contest.access import judge_for_token


@never_cache
def judge_page(request, token):
    """Show the judge's scoring page (390 px wide phones first)."""
    judge = judge_for_token(token)
    if judge is None:
        raise Http404("not found")
    template = "contest/judge_rank.html" if judge.contest.method == "rank" else "contest/judge.html"
    return render(request, template, {"judge": judge, "contest": judge.contest, "token": token})
