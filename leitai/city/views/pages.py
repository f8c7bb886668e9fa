"""The city area's pages (office only): the year's city indicators and results, an indicator's
form, and the upload of the city's notice table (upload → preview → confirm).

The uploaded file waits under MEDIA_ROOT/imports/<random token> between preview and confirm,
with the token in the session; on confirm the service reads it again and stores it only if
its plan's fingerprint is the previewed one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from leitai.city.access import city_indicator_for_user, office_year, release_for_user
from leitai.city.forms import RULE, CityIndicatorForm, ResultsUploadForm, indicator_initial
from leitai.city.imports import read_results
from leitai.city.ledger import period_ledger, year_accounts
from leitai.city.selectors import release_lines, year_indicators, year_releases
from leitai.city.services import city_indicator_save, city_results_import
from leitai.core.forms import add_service_errors
from leitai.core.imports import ImportRejected, PlanChanged, forget_upload, keep_upload, kept_upload

SESSION_KEY = "city_results_token"


@login_required
def overview(request):
    """The year's city indicators with their carriers, and the city's results received."""
    year = office_year(request.user, request.GET.get("year"))
    context = {
        "year": year,
        "indicators": year_indicators(year),
        "releases": year_releases(year),
        "year_accounts": year_accounts(year),
    }
    return render(request, "city/overview.html", context)


@login_required
def indicator_create(request):
    """Add a city indicator of the year."""
    year = office_year(request.user, request.GET.get("year"))
    return _indicator_form(request, year, None)


@login_required
def indicator_edit(request, indicator_id):
    """Change a city indicator and its carriers."""
    indicator = city_indicator_for_user(request.user, indicator_id, for_change=True)
    return _indicator_form(request, indicator.year, indicator)


def _indicator_form(request, year, indicator):
    initial = indicator_initial(indicator) if indicator else None
    form = CityIndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            city_indicator_save(
                actor=request.user,
                year=year,
                fields={
                    **{k: data[k] for k in data if k not in ("carriers", *RULE)},
                    "params": form.params(),
                },
                carriers=data["carriers"],
                indicator=indicator,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("City indicator saved."))
            return redirect(f"{reverse('city:overview')}?year={year.pk}")
    title = _("City indicator") if indicator else _("New city indicator")
    context = {"form": form, "title": title, "subtitle": str(year), "back": "city:overview"}
    return render(request, "city/form.html", context)


@login_required
def release_detail(request, release_id):
    """This county's positions in one period's city results, and the whole table."""
    release = release_for_user(request.user, release_id)
    rows = release.rows.select_related("city_indicator").order_by(
        "city_indicator__code", "position", "county"
    )
    context = {
        "release": release,
        "lines": release_lines(release),
        "rows": rows,
        "ledger": period_ledger(release),
    }
    return render(request, "city/release.html", context)


@login_required
def results_upload(request):
    """Upload the city's table of a period, preview it, then confirm or cancel."""
    year = office_year(request.user, request.GET.get("year"))
    periods = year.periods.order_by("starts_on", "code")
    if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
        return _confirm(request, year, periods)
    form = ResultsUploadForm(request.POST or None, request.FILES or None, periods=periods)
    if request.method != "POST" or not form.is_valid():
        return _form(request, year, form)
    upload = form.cleaned_data["file"]
    data = upload.read(settings.LEITAI_MAX_IMPORT_BYTES + 1)
    period = form.cleaned_data["period"]
    plan = _read(data, upload.name, year, period)
    if plan.problems:
        return _form(request, year, form, plan.problems, upload.name)
    token = keep_upload(data)
    request.session[SESSION_KEY] = token
    return _preview(request, year, plan, token, upload.name)


def _read(data, name, year, period):
    return read_results(
        data, name, year=year, period_code=period, max_bytes=settings.LEITAI_MAX_IMPORT_BYTES
    )


def _confirm(request, year, periods):
    token = request.POST.get("token", "")
    path = kept_upload(request, SESSION_KEY, token)
    here = f"{reverse('city:upload')}?year={year.pk}"
    if path is None:
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect(here)
    if "cancel" in request.POST:
        forget_upload(request, SESSION_KEY, path)
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect(here)
    name, period = request.POST.get("filename", ""), request.POST.get("period", "")
    try:
        plan = city_results_import(
            actor=request.user,
            year=year,
            period_code=period,
            data=path.read_bytes(),
            name=name,
            digest=request.POST.get("digest", ""),
            max_bytes=settings.LEITAI_MAX_IMPORT_BYTES,
        )
    except PlanChanged as exc:
        messages.warning(request, _("The data changed since the preview; please check again."))
        return _preview(request, year, exc.plan, token, name)
    except (ImportRejected, ValidationError) as exc:
        forget_upload(request, SESSION_KEY, path)
        problems = getattr(exc, "problems", None) or [_("Choose a period of the year.")]
        form = ResultsUploadForm(periods=periods)
        return _form(request, year, form, problems, name)
    forget_upload(request, SESSION_KEY, path)
    messages.success(
        request,
        _("City results of %(period)s stored: %(count)s indicators in.")
        % {"period": plan.period_code, "count": len(plan.lines)},
    )
    return redirect(f"{reverse('city:overview')}?year={year.pk}")


def _form(request, year, form, problems=(), filename=""):
    context = {"year": year, "form": form, "problems": problems, "filename": filename}
    return render(request, "city/upload.html", context)


def _preview(request, year, plan, token, filename):
    context = {
        "year": year,
        "plan": plan,
        "token": token,
        "digest": plan.digest(),
        "filename": filename,
    }
    return render(request, "city/preview.html", context)
