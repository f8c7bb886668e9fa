"""Reminding late units (催报): an e-mail to the reporters of units past the deadline."""

from __future__ import annotations

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
from leitai.org.access import require_office
from leitai.org.models import Role, RoleGrant


def late_units(period: Period) -> list:
    """Return the units past the deadline that have not signed off."""
    return [row.unit for row in chasing_board(period) if row.late]


@service
def reminders_send(*, actor, period: Period) -> int:
    """E-mail every reporter and unit leader of the late units; return the e-mails sent."""
    require_office(actor, period.year.jurisdiction_id)
    units = late_units(period)
    if not units:
        raise ValidationError(_("No unit is late; nobody was reminded."))
    grants = RoleGrant.objects.filter(
        unit__in=units, role__in=[Role.REPORTER, Role.UNIT_LEADER]
    ).select_related("user", "unit")
    messages = []
    for grant in grants.order_by("unit__code", "user__username"):
        if grant.user.email and grant.user.is_active:
            messages.append(_message(period, grant))
    unit_codes = sorted(u.code for u in units)
    record(
        actor=actor,
        action="reminder.send",
        obj=period,
        after={"units": unit_codes, "emails": len(messages)},
        jurisdiction=period.year.jurisdiction,
    )
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)


def _message(period: Period, grant) -> tuple:
    params = {
        "unit": grant.unit.name,
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
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [grant.user.email])
