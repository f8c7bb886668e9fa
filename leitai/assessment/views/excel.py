"""Excel round trip of values: download a pre-filled template, upload → preview → import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def template(request, period_id):
    raise Http404("not found")


@login_required
def upload(request, period_id):
    raise Http404("not found")
