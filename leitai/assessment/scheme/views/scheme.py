"""Scheme pages: the year's versions, one version's arenas and indicators, import, export, edit."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.scheme import selectors
from leitai.assessment.scheme.access import (
    arena_for_user,
    indicator_for_user,
    scheme_for_user,
    visible_schemes,
)
from leitai.assessment.scheme.forms import (
    LEVEL_LABELS,
    ArenaCreateForm,
    ArenaForm,
    IndicatorForm,
    SchemeForm,
    SchemeImportForm,
)
from leitai.assessment.scheme.services import scheme as services
from leitai.assessment.scheme.transitions import SCHEME
from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of, visible_years, year_for_user
from leitai.org.models import Group, Unit
from leitai.org.views.common import chosen_year


def _form_page(request, form, title, back, **extra):
    context = {"form": form, "title": title, "back_url": reverse(back[0], args=[back[1]]), **extra}
    return render(request, "assessment/scheme_form.html", context)


@login_required
def scheme_list(request):
    """List the versions of the year's scheme and show the one in force."""
    year = chosen_year(request)
    schemes = selectors.schemes_of_year(year, visible_schemes(request.user))
    return render(
        request,
        "assessment/scheme_list.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "schemes": schemes,
            "can_edit": is_office_of(request.user, year.jurisdiction_id),
        },
    )


@login_required
def scheme_detail(request, scheme_id):
    """Show one version: its arenas with their indicators, levels and quarter weights."""
    scheme = scheme_for_user(request.user, scheme_id)
    scheme = selectors.scheme_with_rows(scheme.pk)
    can_edit = SCHEME.may(request.user, scheme, "edit")
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "arenas": selectors.arena_table(scheme),
            "levels": [
                (LEVEL_LABELS.get(level, level), points)
                for level, points in (scheme.bonus_levels or {}).items()
            ],
            "can_edit": can_edit,
            "actions": SCHEME.allowed(request.user, scheme),
            "in_use": can_edit and selectors.scheme_in_use(scheme),
        },
    )


@login_required
def scheme_yaml(request, scheme_id):
    """Download the version as the YAML `leitai score` reads."""
    scheme = scheme_for_user(request.user, scheme_id)
    response = HttpResponse(
        selectors.scheme_yaml(selectors.scheme_with_rows(scheme.pk)),
        content_type="application/x-yaml; charset=utf-8",
    )
    name = f"scheme-{scheme.year.year}-v{scheme.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def scheme_metadata(request, scheme_id):
    """Download the indicators' supplier, assessor, measure and description as YAML."""
    scheme = scheme_for_user(request.user, scheme_id)
    data = selectors.scheme_metadata(selectors.scheme_with_rows(scheme.pk))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    name = f"scheme-{scheme.year.year}-v{scheme.version}-metadata.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def scheme_import(request):
    """Import a version from YAML as a new draft (office only)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    form = SchemeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_import(
                actor=request.user,
                year=year,
                text=form.cleaned_data["text"],
                metadata=form.cleaned_data["metadata"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scheme imported as a draft."))
            return redirect("assessment:scheme_detail", scheme.pk)
    return render(request, "assessment/scheme_import.html", {"form": form, "year": year})


@login_required
@require_POST
def scheme_copy(request):
    """Create this year's draft from last year's scheme (office only)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    try:
        scheme = services.scheme_copy_last_year(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{_list_url()}?year={year.pk}")
    messages.success(request, _("Last year's scheme copied as a draft."))
    return redirect("assessment:scheme_detail", scheme.pk)


def _list_url() -> str:
    return reverse("assessment:scheme_list")


def _act(request, scheme_id, service, done: str):
    scheme = scheme_for_user(request.user, scheme_id, for_change=True)
    try:
        service(actor=request.user, scheme=scheme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessment:scheme_detail", scheme.pk)
    messages.success(request, done)
    return None


@login_required
@require_POST
def scheme_activate(request, scheme_id):
    """Put a draft in force (office only)."""
    response = _act(request, scheme_id, services.scheme_activate, _("The version is in force."))
    return response or redirect("assessment:scheme_detail", scheme_id)


@login_required
@require_POST
def scheme_discard(request, scheme_id):
    """Delete a draft (office only)."""
    year_id = scheme_for_user(request.user, scheme_id, for_change=True).year_id
    response = _act(request, scheme_id, services.scheme_discard, _("The draft was deleted."))
    return response or redirect(f"{_list_url()}?year={year_id}")


def _saved(request, obj_scheme_id: int, result, fallback) -> HttpResponse:
    """Redirect to the version that now holds the change (a new one after copy-on-write)."""
    scheme_id = getattr(result, "scheme_id", None) or obj_scheme_id
    if scheme_id != fallback:
        messages.info(request, _("Data exist for this year: the change made a new version."))
    messages.success(request, _("Saved."))
    return redirect("assessment:scheme_detail", scheme_id)


@login_required
def scheme_edit(request, scheme_id):
    """Edit a version's name, bonus levels and quarter weights (office only)."""
    scheme = scheme_for_user(request.user, scheme_id, for_change=True)
    form = SchemeForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.scheme_update(actor=request.user, scheme=scheme, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, result.pk, None, scheme.pk)
    back = ("assessment:scheme_detail", scheme.pk)
    return _form_page(request, form, _("Edit the scheme"), back)


@login_required
def arena_create(request, scheme_id):
    """Add an arena with its first indicator (office only)."""
    scheme = scheme_for_user(request.user, scheme_id, for_change=True)
    form = ArenaCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            arena = services.arena_create(
                actor=request.user,
                scheme=scheme,
                first_indicator=form.first_indicator(),
                **form.changes(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, scheme.pk, arena, scheme.pk)
    return _form_page(request, form, _("New arena"), ("assessment:scheme_detail", scheme.pk))


@login_required
def arena_edit(request, arena_id):
    """Edit an arena (office only)."""
    arena = arena_for_user(request.user, arena_id, for_change=True)
    initial = {f: getattr(arena, f) for f in ArenaForm.base_fields}
    form = ArenaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.arena_update(actor=request.user, arena=arena, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, arena.scheme_id, result, arena.scheme_id)
    back = ("assessment:scheme_detail", arena.scheme_id)
    return _form_page(
        request, form, _("Edit the arena"), back, delete_url="arena_delete", obj=arena
    )


@login_required
@require_POST
def arena_delete(request, arena_id):
    """Remove an arena and its indicators (office only)."""
    arena = arena_for_user(request.user, arena_id, for_change=True)
    try:
        services.arena_delete(actor=request.user, arena=arena)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _latest_of(request, arena.scheme)


def _latest_of(request, scheme) -> HttpResponse:
    scheme.refresh_from_db()
    if "edit" not in SCHEME.possible(scheme):  # retired: go to the version that replaced it
        latest = selectors.latest_scheme(scheme.year)
        return redirect("assessment:scheme_detail", latest.pk)
    return redirect("assessment:scheme_detail", scheme.pk)


def _indicator_form(request, scheme, indicator=None):
    return IndicatorForm(
        request.POST or None,
        arenas=scheme.arenas.order_by("order", "id"),
        groups=Group.objects.filter(year_id=scheme.year_id).order_by("order", "code"),
        units=Unit.objects.filter(jurisdiction_id=scheme.year.jurisdiction_id).order_by("code"),
        indicator=indicator,
    )


@login_required
def indicator_create(request, arena_id):
    """Add an indicator to an arena (office only)."""
    arena = arena_for_user(request.user, arena_id, for_change=True)
    form = _indicator_form(request, arena.scheme)
    form.initial.setdefault("arena", arena.pk)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        target_arena = changes.pop("arena")
        try:
            result = services.indicator_create(actor=request.user, arena=target_arena, **changes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, arena.scheme_id, result, arena.scheme_id)
    back = ("assessment:scheme_detail", arena.scheme_id)
    return _form_page(request, form, _("New indicator"), back)


@login_required
def indicator_edit(request, indicator_id):
    """Edit an indicator (office only); a rule change once data exist makes a new version."""
    indicator = indicator_for_user(request.user, indicator_id, for_change=True)
    form = _indicator_form(request, indicator.scheme, indicator)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if changes.get("code") == indicator.code:
            changes.pop("code")
        try:
            result = services.indicator_update(actor=request.user, indicator=indicator, **changes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, indicator.scheme_id, result, indicator.scheme_id)
    back = ("assessment:scheme_detail", indicator.scheme_id)
    return _form_page(
        request, form, _("Edit the indicator"), back, delete_url="indicator_delete", obj=indicator
    )


@login_required
@require_POST
def indicator_delete(request, indicator_id):
    """Remove an indicator (office only)."""
    indicator = indicator_for_user(request.user, indicator_id, for_change=True)
    try:
        services.indicator_delete(actor=request.user, indicator=indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _latest_of(request, indicator.scheme)
