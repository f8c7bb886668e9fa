"""The office's supervision settings: the year's rule and the checklist categories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org.access import get_or_404, year_for_user
from leitai.org.views.common import office_jurisdiction
from leitai.supervision import selectors, services
from leitai.supervision.forms import CategoryForm, RuleForm
from leitai.supervision.models import ProblemCategory
from leitai.supervision.services import RULE_FIELDS
from leitai.supervision.views.common import supervision_year


@login_required
def supervision_settings(request):
    """Edit the year's limits, alerts and deduction points; list the categories (office)."""
    jurisdiction = office_jurisdiction(request)
    year = year_for_user(request.user, supervision_year(request).pk, for_change=True)
    rule = selectors.rule_of(year)
    form = RuleForm(request.POST or None, instance=rule, arenas=selectors.scheme_arenas(year))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in RULE_FIELDS}
        try:
            services.deduction_rule_save(actor=request.user, year=year, **changes)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rules saved."))
            return redirect(f"{request.path}?year={year.pk}")
    return render(
        request,
        "supervision/settings.html",
        {
            "year": year,
            "form": form,
            "categories": selectors.office_categories(jurisdiction),
            "category_form": CategoryForm(),
        },
    )


@login_required
def category_create(request):
    """Add a checklist category (office)."""
    jurisdiction = office_jurisdiction(request)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(
                actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Category added."))
            return redirect("supervision:settings")
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": _("New category"), "back": "supervision:settings"},
    )


@login_required
def category_edit(request, category_id):
    """Rename, reorder or deactivate a checklist category (office)."""
    jurisdiction = office_jurisdiction(request)
    category = get_or_404(ProblemCategory.objects.filter(jurisdiction=jurisdiction), category_id)
    initial = {f: getattr(category, f) for f in ("code", "name", "order", "active", "for_problems")}
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect("supervision:settings")
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": category.name, "back": "supervision:settings"},
    )
