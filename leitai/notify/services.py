"""Channels and the outbox: `notify` writes a message in the caller's transaction, `send_due`
delivers what is due (retries with exponential backoff, a claim that survives a dead runner,
and a digest when a robot's per-minute limit is reached)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.transactions import service
from leitai.notify.models import Attempt, Channel, Notification
from leitai.notify.senders import PER_MINUTE, DeliveryError, deliver
from leitai.org.access import require_office

State = Notification.State
# A message claimed longer ago than this belongs to a runner that died: claimed again.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
# Tries before a message is given up (the delivery page can resend it).
MAX_TRIES = 5
# The wait after the first failure, doubled after each further one (1, 2, 4, 8 minutes).
BACKOFF = dt.timedelta(minutes=1)
MINUTE = dt.timedelta(minutes=1)
CHANNEL_FIELDS = ("kind", "name", "address", "mobiles", "active", "unit_id")


def notify(*, channel: Channel, event: str, title: str, body: str) -> Notification | None:
    """Put a message for `channel` in the outbox, inside the caller's transaction.

    Call it from a service: the message is written with the change that causes it, so a
    change that rolls back sends nothing and a committed one is never lost.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() must run inside the transaction of a service")
    if not channel.active:
        return None
    return Notification.objects.create(
        channel=channel, event=event, title=title, body=body, due_at=timezone.now()
    )


def notify_unit(*, unit, event: str, title: str, body: str) -> int:
    """Put a message in the outbox for every active channel of `unit`; return how many."""
    channels = Channel.objects.filter(unit_id=getattr(unit, "pk", unit), active=True)
    return sum(1 for ch in channels if notify(channel=ch, event=event, title=title, body=body))


@service
def channel_save(
    *,
    actor,
    jurisdiction,
    channel: Channel | None = None,
    unit=None,
    kind: str,
    name: str,
    address: str,
    secret: str = "",
    mobiles: list[str] | tuple = (),
    active: bool = True,
) -> Channel:
    """Add or change a channel; an empty `secret` keeps the one stored (it is write-only)."""
    require_office(actor, jurisdiction)
    if unit is not None and unit.jurisdiction_id != jurisdiction.pk:
        raise ValidationError({"unit": _("The unit is not of this jurisdiction.")})
    if kind not in Channel.Kind.values:
        raise ValidationError({"kind": _("Unknown channel kind.")})
    if kind != Channel.Kind.EMAIL and not address.startswith(("http://", "https://")):
        raise ValidationError({"address": _("The address must be an http:// or https:// URL.")})
    bad = [m for m in mobiles if not (m.isdigit() and len(m) == 11)]
    if bad:
        raise ValidationError(
            {"mobiles": _("Not an 11-digit mobile number: %(m)s") % {"m": "、".join(bad)}}
        )
    before = state(channel, CHANNEL_FIELDS) if channel else None
    if channel is None:
        channel = Channel(jurisdiction=jurisdiction)
    elif channel.jurisdiction_id != jurisdiction.pk:
        raise ValidationError(_("The channel is not of this jurisdiction."))
    channel.unit, channel.kind, channel.name = unit, kind, name.strip()
    channel.address, channel.mobiles, channel.active = address.strip(), list(mobiles), active
    secret_changed = bool(secret)
    if secret:
        channel.secret = secret
    after = state(channel, CHANNEL_FIELDS)
    if before is not None and after == before and not secret_changed:
        return channel  # saved unchanged: nothing to write
    channel.full_clean(exclude=["jurisdiction", "unit"])
    channel.save()
    record(
        actor=actor,
        action="channel.create" if before is None else "channel.update",
        obj=channel,
        before=before,
        # The secret itself never goes into the audit log, only that it changed.
        after={**after, "secret_changed": secret_changed},
        unit=unit,
        jurisdiction=jurisdiction,
    )
    return channel


@service
def channel_test_send(*, actor, channel: Channel) -> Notification:
    """Queue a test message on `channel`, to check its address and secret."""
    require_office(actor, channel.jurisdiction_id)
    note = Notification.objects.create(
        channel=channel,
        event="test",
        title=_("Leitai test message"),
        body=_("This channel is connected to Leitai."),
        due_at=timezone.now(),
    )
    record(
        actor=actor,
        action="channel.test_send",
        obj=channel,
        after={"notification": note.pk},
        jurisdiction=channel.jurisdiction,
    )
    return note


@service
def notification_resend(*, actor, notification: Notification) -> Notification:
    """Queue a failed or sent message once more, as a new outbox row."""
    require_office(actor, notification.channel.jurisdiction_id)
    if notification.state in (State.QUEUED, State.SENDING):
        raise ValidationError(_("The message is still waiting to be sent."))
    again = Notification.objects.create(
        channel=notification.channel,
        event=notification.event,
        title=notification.title,
        body=notification.body,
        due_at=timezone.now(),
    )
    record(
        actor=actor,
        action="notification.resend",
        obj=notification,
        after={"resent_as": again.pk},
        jurisdiction=notification.channel.jurisdiction,
    )
    return again


def claim_due(now: dt.datetime, limit: int = 200) -> list[int]:
    """Claim the messages due at `now` for one runner; return their ids.

    Rows are locked (`SKIP LOCKED`) and moved to "sending" in one short transaction, so two
    runners never claim the same message. A message left "sending" by a runner that died is
    due again after `CLAIM_TIMEOUT`.
    """
    with transaction.atomic():
        Notification.objects.filter(state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
            state=State.QUEUED
        )
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(state=State.QUEUED, due_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(state=State.SENDING, claimed_at=now)
    return ids


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Deliver the messages due at `now`; return how many were sent, merged, retried, given up.

    A plain function any job runner can call. Per robot at most `PER_MINUTE` calls a minute:
    when more are due, the last of the minute's calls carries the rest as one digest.
    """
    now = now or timezone.now()
    counts = {"sent": 0, "merged": 0, "retry": 0, "failed": 0}
    by_channel: dict[int, list[Notification]] = defaultdict(list)
    for note in Notification.objects.filter(pk__in=claim_due(now)).select_related("channel"):
        by_channel[note.channel_id].append(note)
    for notes in by_channel.values():
        for note in _within_limit(notes, now, counts):
            counts[_send_one(note, now)] += 1
    return counts


def send_due_job(report) -> dict[str, int]:
    """The background job: one pass of `send_due` (declared on the area's AppConfig)."""
    result = send_due()
    report(100)
    return result


def _within_limit(notes: list[Notification], now, counts) -> list[Notification]:
    channel = notes[0].channel
    limit = PER_MINUTE.get(channel.kind)
    if limit is None:
        return notes
    used = Attempt.objects.filter(notification__channel=channel, at__gt=now - MINUTE).count()
    room = limit - used
    if room <= 0:
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
            state=State.QUEUED, due_at=now + MINUTE
        )
        return []
    if len(notes) <= room:
        return notes
    single, rest = notes[: room - 1], notes[room - 1 :]
    with transaction.atomic():
        digest = Notification.objects.create(
            channel=channel,
            event="digest",
            title=_("%(n)d notifications") % {"n": len(rest)},
            body="\n\n".join(f"{n.title}\n{n.body}" for n in rest),
            state=State.SENDING,
            claimed_at=now,
            due_at=now,
        )
        Notification.objects.filter(pk__in=[n.pk for n in rest]).update(
            state=State.MERGED, digest=digest
        )
    counts["merged"] += len(rest)
    return [*single, digest]


def _send_one(note: Notification, now) -> str:
    try:
        answer, ok = deliver(note.channel, note.title, note.body), True
    except DeliveryError as exc:
        answer, ok = str(exc), False
    tries = note.tries + 1
    with transaction.atomic():
        Attempt.objects.create(notification=note, at=now, ok=ok, answer=answer[:2000])
        mine = Notification.objects.filter(pk=note.pk, state=State.SENDING)
        if ok:
            mine.update(state=State.SENT, sent_at=now, tries=F("tries") + 1)
            return "sent"
        if tries >= MAX_TRIES:
            mine.update(state=State.FAILED, tries=tries)
            return "failed"
        mine.update(state=State.QUEUED, tries=tries, due_at=now + BACKOFF * 2 ** (tries - 1))
        return "retry"
