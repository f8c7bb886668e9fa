"""Channels and the outbox (`Notification`), with one row per delivery attempt."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leitai.org.models import Jurisdiction, Unit


class Channel(models.Model):
    """Where a jurisdiction's office (or one unit) is reached: a robot, a webhook or e-mail.

    `address` is the robot's webhook URL (with its access token or key), the generic
    webhook's URL, or the e-mail addresses; the base URL is part of it, so a private
    deployment (政务钉钉) or a local receiver works the same. `secret` signs the request and is
    never shown back on a page.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk custom robot")
        FEISHU = "feishu", _("Feishu bot")
        WEBHOOK = "webhook", _("HTTP webhook")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channels",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    mobiles = models.JSONField(_("mobiles to mention"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "unit", "name"], name="notify_channel_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """One message in the outbox, written in the transaction of the change that causes it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        MERGED = "merged", _("Sent in a digest")
        FAILED = "failed", _("Failed")

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    due_at = models.DateTimeField(_("due at"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    digest = models.ForeignKey(
        "self",
        verbose_name=_("sent in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    """One try at delivering a notification, with the channel's answer."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    at = models.DateTimeField(_("at"))
    ok = models.BooleanField(_("delivered"))
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.at:%Y-%m-%d %H:%M:%S}"
