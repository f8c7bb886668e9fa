"""The office's desk: compute drafts, check them, publish, set what is shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.collection.plausibility import period_flags
from leitai.assessment.models import Period
from leitai.assessment.scheme.access import period_for_user
from leitai.core.forms import add_service_errors
from leitai.rankings import selectors, services
from leitai.rankings.access import office_year, snapshot_for_user, visible_appeals
from leitai.rankings.forms import ComputeForm, DisplayFields, PublishForm, PublishingRuleForm
from leitai.rankings.models import Publication, RankingSnapshot
from leitai.rankings.transitions import SNAPSHOT


@login_required
def desk(request):
    """List the year's periods with their snapshots; compute and check from here."""
    year = office_year(request)
    periods = list(Period.objects.filter(year=year).order_by("kind", "starts_on"))
    snapshots = RankingSnapshot.objects.filter(year=year).select_related("publication")
    by_period: dict[int, list] = {}
    for snapshot in snapshots.only(
        "pk", "number", "period_id", "created_at", "reason", "publication"
    ).order_by("-number"):
        by_period.setdefault(snapshot.period_id, []).append(snapshot)
    order = {Period.Kind.MONTH: 0, Period.Kind.QUARTER: 1, Period.Kind.YEAR: 2}
    periods.sort(key=lambda p: (order[p.kind], p.starts_on))
    return render(
        request,
        "rankings/desk.html",
        {
            "year": year,
            # The reason box only where a re-issue is possible: a result was published.
            "periods": [
                (p, snaps, any(hasattr(s, "publication") for s in snaps))
                for p in periods
                for snaps in [by_period.get(p.pk, [])]
            ],
            "pending": visible_appeals(request.user).filter(state="pending").count(),
            "form": ComputeForm(),
        },
    )


@login_required
@require_POST
def compute(request, period_id):
    """Compute a new draft (or, with a reason, a corrected re-issue) of a period."""
    period = period_for_user(request.user, period_id, for_change=True)
    form = ComputeForm(request.POST)
    form.is_valid()
    try:
        snapshot = services.snapshot_compute(
            actor=request.user, period=period, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors[:10]:
                messages.error(request, error)
        return redirect(f"{_desk_url()}?year={period.year_id}")
    messages.success(request, _("Draft computed."))
    return redirect("rankings:check", snapshot.pk)


def _desk_url() -> str:
    from django.urls import reverse

    return reverse("rankings:desk")


@login_required
def check(request, snapshot_id):
    """Show a draft's checks beside it: rank robustness, missing data, changes; publish it."""
    snapshot = snapshot_for_user(request.user, snapshot_id, for_change=True)
    base = _base(request, snapshot)
    share = services.missing_share(snapshot)
    form = PublishForm(request.POST or None, needs_reason=share.too_high)
    if request.method == "POST" and form.is_valid():
        try:
            services.snapshot_publish(actor=request.user, snapshot=snapshot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Published."))
            return redirect("rankings:leaderboard", snapshot.pk)
    rows = snapshot.rows.select_related("group").defer("detail")
    rows = rows.order_by("group__order", "group__code", "position")
    return render(
        request,
        "rankings/check.html",
        {
            "snapshot": snapshot,
            "publication": getattr(snapshot, "publication", None),
            "rows": [(r, selectors.fmt(r.total)) for r in rows],
            "flagged": sum(1 for r in rows if r.robust is False),
            "missing": snapshot.missing,
            "missing_by_unit": selectors.missing_by_unit(snapshot.missing),
            "implausible": period_flags(snapshot.period),
            "share": share,
            "base": base,
            "others": _others(snapshot),
            "changes": selectors.snapshot_changes(snapshot, base) if base else [],
            "form": form,
            "display_form": _display_form(request.user, snapshot),
        },
    )


def _base(request, snapshot):
    if request.GET.get("against"):
        return snapshot_for_user(request.user, request.GET["against"], for_change=True)
    return selectors.comparison_base(snapshot)


def _others(snapshot):
    rows = RankingSnapshot.objects.filter(period_id=snapshot.period_id).exclude(pk=snapshot.pk)
    return list(rows.select_related("publication").only("pk", "number", "publication"))


def _display_form(user, snapshot):
    if not SNAPSHOT.may(user, snapshot, "display"):
        return None
    publication = snapshot.publication
    return DisplayFields(
        initial={
            "public": publication.public,
            "public_shows": publication.public_shows,
            "list_size": publication.list_size,
        }
    )


@login_required
@require_POST
def display(request, snapshot_id):
    """Change what the public page and the red/black list of a publication show."""
    snapshot = snapshot_for_user(request.user, snapshot_id, for_change=True)
    try:
        publication = snapshot.publication
    except Publication.DoesNotExist as exc:
        raise Http404("not found") from exc
    form = DisplayFields(request.POST)
    if form.is_valid():
        services.publication_update(
            actor=request.user, publication=publication, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please correct the errors below."))
    return redirect("rankings:check", snapshot.pk)


@login_required
def publishing_settings(request):
    """Set the year's limit of missing values above which publishing needs a reason (office)."""
    year = office_year(request)
    rule = services.publishing_rule(year)
    form = PublishingRuleForm(
        request.POST or None, initial={"max_missing_percent": rule.max_missing_percent}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publishing_rule_save(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{_desk_url()}?year={year.pk}")
    return render(
        request,
        "rankings/publishing_settings.html",
        {"year": year, "form": form, "back": f"{_desk_url()}?year={year.pk}"},
    )
