"""After the reveal: the fairness checks (office), replacing a flagged judge's scores, and the
result sheet as PDF and XLSX (revealed units only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.contest import exports, fairness
from leitai.contest.access import contest_for_user, judge_for_user
from leitai.contest.forms import ReasonForm
from leitai.contest.models import Contest
from leitai.contest.services.fairness import judge_replace
from leitai.contest.views.common import service_messages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def contest_fairness(request, contest_id):
    """Show the judges' leniency, correlation and flags, and the order's robustness."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    checks = fairness.judge_checks(contest)
    context = {
        "contest": contest,
        "checks": checks,
        "robust": fairness.robustness(contest),
        "flag_spreads": fairness.FLAG_SPREADS,
        "flag_floor": fairness.FLAG_FLOOR,
        "may_replace": contest.state == Contest.State.RUNNING,
    }
    return render(request, "contest/fairness.html", context)


@login_required
@require_POST
def replace_judge(request, judge_id):
    """Replace a flagged judge's scores by the others' mean, with a reason."""
    judge = judge_for_user(request.user, judge_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        count = judge_replace(
            actor=request.user, judge=judge, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s's %(count)s scores are replaced by the other judges' mean.")
            % {"name": judge.name, "count": count},
        )
    return redirect("contest:fairness", judge.contest_id)


def _download(content: bytes, contest: Contest, ext: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"contest-{contest.pk}-results.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def result_xlsx(request, contest_id):
    """Download the result sheet as XLSX (revealed units only)."""
    contest = contest_for_user(request.user, contest_id)
    return _download(exports.result_xlsx(contest), contest, "xlsx", XLSX)


@login_required
def result_pdf(request, contest_id):
    """Download the result sheet as PDF (revealed units only)."""
    contest = contest_for_user(request.user, contest_id)
    return _download(exports.result_pdf(contest), contest, "pdf", "application/pdf")
