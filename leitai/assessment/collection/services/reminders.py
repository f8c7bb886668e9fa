"""Reminding late units (催报): an e-mail to the reporters of units past the deadline."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.assessment.collection.selectors import chasing_board
from leitai.assessment.models import Period
from leitai.core.audit import record
from leitai.core.models import AuditEntry
from leitai.core.schedule import every
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
    return _send(actor, period)


def _send(actor, period: Period) -> Reminded:
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


@service
def reminders_send_by_system(*, period: Period) -> Reminded:
    """E-mail the late units of a period, the system being the actor (the schedule's)."""
    return _send(None, period)


@every(minutes=60, label=N_("Remind late units after the deadline (once a day)"))
def reminders_due(*, now: dt.datetime) -> str:
    """Remind the late units of each open or closed period past its deadline, once a day.

    A period already reminded by the system today (an audit row) is left alone, so running
    it again the same day sends nothing.
    """
    today = timezone.localtime(now).date()
    due = Period.objects.filter(
        state__in=[Period.State.OPEN, Period.State.CLOSED], deadline__lte=now
    ).select_related("year__jurisdiction")
    periods = units = 0
    for period in due.order_by("year_id", "deadline"):
        if _reminded_by_system(period, today) or not late_units(period):
            continue
        units += len(reminders_send_by_system(period=period).reached)
        periods += 1
    # Counts only: the schedule's page is shown to the office of every jurisdiction.
    return _("%(periods)d period(s) reminded, %(units)d unit(s) reached") % {
        "periods": periods,
        "units": units,
    }


def _reminded_by_system(period: Period, day: dt.date) -> bool:
    return AuditEntry.objects.filter(
        action="reminder.send",
        object_type=period._meta.label_lower,
        object_id=str(period.pk),
        actor__isnull=True,
        created_at__date=day,
    ).exists()


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
