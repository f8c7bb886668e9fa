"""The home page (every role's to-do list) and the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from leitai.core.areas import Todo, provided
from leitai.core.models import AuditEntry
from leitai.org.access import current_year_for, scope_for, visible_units
from leitai.org.models import Role

# The order of the sections of a person with several roles: the widest first.
ROLE_ORDER = (
    Role.OFFICE,
    Role.LEADER,
    Role.ASSESSOR,
    Role.UNIT_LEADER,
    Role.REPORTER,
    Role.SUPERVISOR,
    Role.JUDGE,
)


@dataclass(frozen=True)
class Section:
    """One role's part of the to-do list."""

    role: str
    label: str
    items: list[Todo]


@login_required
def home(request):
    """Show the person's to-do list: one section per role, each item linking to its page.

    The items come from the areas' `todo` declarations (leitai/core/areas.py).
    """
    scope = scope_for(request.user)
    if not (scope.wide_jurisdiction_ids or scope.own_unit_ids or scope.supervised_unit_ids):
        # The security and audit administrators have a page each and nothing else.
        if scope.security_jurisdiction_ids:
            return redirect("org:security")
        if scope.audit_jurisdiction_ids:
            return redirect("core:audit_list")
    year = current_year_for(request.user)
    sections = todo_sections(request.user, scope, year)
    return render(
        request,
        "core/home.html",
        {
            "year": year,
            "sections": sections,
            "own_units": visible_units(request.user).filter(pk__in=scope.own_unit_ids),
        },
    )


def todo_sections(user, scope, year) -> list[Section]:
    """Collect every area's to-do items of `year` into one section per role the person holds."""
    items: list[Todo] = []
    if year is not None:
        for provider in provided("todo"):
            items += provider(user, year=year)
    return [
        Section(role, Role(role).label, [item for item in items if item.role == role])
        for role in ROLE_ORDER
        if role in scope.roles
    ]


@login_required
def audit_list(request):
    """List audit entries of the audit administrator's jurisdictions, by unit and object type."""
    from leitai.org.access import get_or_404
    from leitai.org.models import SecuritySettings, Unit
    from leitai.org.selectors import security_settings

    audited = scope_for(request.user).audit_jurisdiction_ids
    if not audited:
        raise Http404("not found")
    entries = AuditEntry.objects.filter(jurisdiction_id__in=audited)
    units = Unit.objects.filter(jurisdiction_id__in=audited).order_by("code")
    unit = None
    if request.GET.get("unit"):
        unit = get_or_404(units, request.GET["unit"])
        entries = entries.filter(unit=unit)
    object_type = request.GET.get("object_type", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    labels = AuditEntry.objects.filter(jurisdiction_id__in=audited)
    object_types = [
        (label, _model_name(label))
        for label in labels.order_by("object_type").values_list("object_type", flat=True).distinct()
    ]
    page = Paginator(entries.select_related("unit"), 50).get_page(request.GET.get("page"))
    kept = min(security_settings(j).audit_retention_days for j in audited)
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "unit": unit,
            "object_type": object_type,
            "object_types": object_types,
            "units": units,
            "kept_days": max(kept, SecuritySettings.MIN_AUDIT_DAYS),
        },
    )


def _model_name(label: str) -> str:
    """A model label ("org.unit") as the model's name in the person's language."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def healthz(request):
    """Answer a fixed string: the bare baseline that served pages are benchmarked against."""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    """Answer 200 when this host can serve: database, cache, job queue and disk all fine.

    JSON: `{"ready": bool, "checks": {name: {"ok": bool, ...}}}`, 503 when any check fails.
    The load balancer takes a host out of service on 503; `/healthz` stays the bare liveness.
    """
    from leitai.core.readiness import checks

    found = checks()
    ready = all(check["ok"] for check in found.values())
    return JsonResponse({"ready": ready, "checks": found}, status=200 if ready else 503)


# Shown when even the page shell cannot be drawn (the database is down, a template fails).
_BARE_500 = (
    '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>服务器出错 · 擂台</title>'
    "<h1>服务器出错（500）</h1><p>服务器未能完成这次请求，本次请求没有保存任何内容。"
    '请稍后再试；如反复出现，请联系考核办。</p><p><a href="/">返回首页</a></p></html>'
)


@requires_csrf_token
def server_error(request):
    """The 500 page in the person's language with the navigation, or a bare Chinese page."""
    try:
        body = loader.get_template("500.html").render({}, request)
    except Exception:  # the error page must never fail itself
        body = _BARE_500
    return HttpResponseServerError(body)


@login_required
def schedule(request):
    """Show the office each scheduled job: how often, its last run and result, its next run."""
    from leitai.core.schedule import overview

    if not scope_for(request.user).office_jurisdiction_ids:
        raise Http404("not found")
    return render(request, "core/schedule.html", {"lines": overview()})
