"""The rankings' items of the home page's to-do list (declared as `todo` on the AppConfig).

- office: appeals waiting for a decision, computed drafts not yet published;
- unit leader: its units' appeals still waiting for the office's decision.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leitai.core.areas import Todo
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant
from leitai.rankings.models import Appeal, RankingSnapshot


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return the rankings' to-do items of every role the person holds."""
    scope = scope_for(user)
    items: list[Todo] = []
    if year.jurisdiction_id in scope.office_jurisdiction_ids:
        items += _office(year)
    if Role.UNIT_LEADER in scope.roles:
        items += _leader(user, year)
    return items


def _pending(year: AssessmentYear):
    return Appeal.objects.filter(
        publication__snapshot__year=year,
        unit__jurisdiction_id=year.jurisdiction_id,
        state=Appeal.State.PENDING,
    )


def _office(year: AssessmentYear) -> list[Todo]:
    items = []
    appeals = _pending(year).count()
    if appeals:
        label = _("Appeals waiting for a decision")
        items.append(Todo(Role.OFFICE, label, appeals, reverse("rankings:appeal_list")))
    drafts = _unpublished_periods(year)
    if drafts:
        label = _("Computed results not yet published: %(periods)s") % {
            "periods": "、".join(drafts)
        }
        items.append(Todo(Role.OFFICE, label, len(drafts), reverse("rankings:desk")))
    return items


def _unpublished_periods(year: AssessmentYear) -> list[str]:
    """The periods whose newest snapshot is a draft (computed, never published)."""
    newest: dict[int, tuple[int, str, bool]] = {}
    rows = RankingSnapshot.objects.filter(year=year).values_list(
        "period_id", "number", "period__code", "publication"
    )
    for period_id, number, code, publication in rows:
        if period_id not in newest or number > newest[period_id][0]:
            newest[period_id] = (number, code, publication is not None)
    return sorted(code for _number, code, published in newest.values() if not published)


def _leader(user, year: AssessmentYear) -> list[Todo]:
    led = RoleGrant.objects.filter(user=user, role=Role.UNIT_LEADER, unit__isnull=False)
    appeals = _pending(year).filter(unit_id__in=led.values("unit_id")).count()
    if not appeals:
        return []
    label = _("Your unit's appeals waiting for the office's decision")
    return [Todo(Role.UNIT_LEADER, label, appeals, reverse("rankings:appeal_list"))]
