"""Reminding late units (催报): an e-mail to the reporters of units past the deadline."""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.collection.selectors import chasing_board
from leitai.assessment.models import Period
from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.notify.services import notify_unit
from leitai.org.access import require_office
from leitai.org.models import Role, RoleGrant


def late_units(period: Period) -> list:
    """Return the units past the deadline that have not signed off."""
    return [row.unit for row in chasing_board(period) if row.late]


class Reminded(NamedTuple):
    """What a reminder reached: the e-mails sent, the late units reached by at least one, and
    the late units nobody could be e-mailed (no active reporter or leader with an address)."""

    emails: int
    reached: list[str]
    unreached: list[str]


@service
def reminders_send(*, actor, period: Period) -> Reminded:
    """E-mail every reporter and unit leader of the late units.

    The audit row lists the units reached (the chasing board's "last reminded" reads them) and
    those nobody could be e-mailed, so the board never says a unit was reminded when it was not.
    """
    require_office(actor, period.year.jurisdiction_id)
    units = late_units(period)
    if not units:
        raise ValidationError(_("No unit is late; nobody was reminded."))
    grants = RoleGrant.objects.filter(
        unit__in=units, role__in=[Role.REPORTER, Role.UNIT_LEADER]
    ).select_related("user", "unit")
    messages, reached = [], set()
    for grant in grants.order_by("unit__code", "user__username"):
        if grant.user.email and grant.user.is_active:
            messages.append(_message(period, grant.unit, grant.user.email))
            reached.add(grant.unit.code)
    chats = sum(_chat(period, unit) for unit in units)
    result = Reminded(
        len(messages),
        sorted(reached),
        sorted(u.code for u in units if u.code not in reached),
    )
    record(
        actor=actor,
        action="reminder.send",
        obj=period,
        after={
            "units": result.reached,
            "unreached": result.unreached,
            "emails": result.emails,
            "chats": chats,
        },
        jurisdiction=period.year.jurisdiction,
    )
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return result


def _chat(period: Period, unit) -> int:
    """Put the reminder in the outbox for the unit's own channels (chat robots, webhooks)."""
    subject, body, _sender, _to = _message(period, unit, "")
    return notify_unit(unit=unit, event="reminder.late", title=subject, body=body)


def _message(period: Period, unit, email: str) -> tuple:
    params = {
        "unit": unit.name,
        "period": period.code,
        "deadline": timezone.localtime(period.deadline).strftime("%Y-%m-%d %H:%M"),
    }
    subject = _("[Leitai] %(unit)s: the data for %(period)s are overdue") % params
    body = (
        _(
            "The data of %(unit)s for %(period)s were due on %(deadline)s and have not been "
            "signed off yet. Please fill them in and have the unit leader sign them off."
        )
        % params
    )
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [email])
