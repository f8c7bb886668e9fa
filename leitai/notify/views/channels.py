"""The office's channels and the delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.forms import add_service_errors
from leitai.notify import selectors, services
from leitai.notify.access import channel_for_user, notification_for_user
from leitai.notify.forms import ChannelForm
from leitai.org.models import Unit
from leitai.org.views.common import office_jurisdiction


@login_required
def channel_list(request):
    """List the jurisdiction's channels (office)."""
    office_jurisdiction(request)
    return render(
        request, "notify/channels.html", {"channels": selectors.channel_list(request.user)}
    )


def _edit(request, channel=None):
    jurisdiction = office_jurisdiction(request)
    initial = {}
    if channel is not None:
        initial = {
            "kind": channel.kind,
            "name": channel.name,
            "unit": channel.unit_id,
            "address": channel.address,
            "mobiles": ", ".join(channel.mobiles),
            "active": channel.active,
        }
    units = Unit.objects.filter(jurisdiction=jurisdiction).order_by("code")
    form = ChannelForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_save(
                actor=request.user, jurisdiction=jurisdiction, channel=channel, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Channel saved."))
            return redirect("notify:channel_list")
    title = _("New channel") if channel is None else channel.name
    return render(
        request, "notify/form.html", {"form": form, "title": title, "back": "notify:channel_list"}
    )


@login_required
def channel_create(request):
    """Add a channel (office)."""
    return _edit(request)


@login_required
def channel_edit(request, channel_id):
    """Change a channel (office); the secret is kept unless a new one is typed."""
    office_jurisdiction(request)
    return _edit(request, channel_for_user(request.user, channel_id, for_change=True))


@login_required
@require_POST
def channel_test(request, channel_id):
    """Queue a test message on a channel (office)."""
    channel = channel_for_user(request.user, channel_id, for_change=True)
    services.channel_test_send(actor=request.user, channel=channel)
    messages.success(request, _("A test message is queued."))
    return redirect("notify:delivery_log")


@login_required
def delivery_log(request):
    """What went where, each attempt with the channel's answer (office)."""
    office_jurisdiction(request)
    return render(
        request, "notify/log.html", {"notifications": selectors.delivery_log(request.user)}
    )


@login_required
@require_POST
def resend(request, notification_id):
    """Queue a message once more (office)."""
    note = notification_for_user(request.user, notification_id, for_change=True)
    try:
        services.notification_resend(actor=request.user, notification=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message is queued again."))
    return redirect("notify:delivery_log")
