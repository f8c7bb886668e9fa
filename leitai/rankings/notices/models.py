"""Ranking notices (排名通报): the official document generated from a published snapshot.

The snapshot never changes, so neither does what a notice says; the office chooses the heading
(document number, issuing office, date, title), the files are rendered once in the background
and stored under MEDIA_ROOT/notices/. Regenerating makes a new notice; a notice whose rendering
failed is rendered again as the same notice (same heading and number).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.core.models import BackgroundJob

FORMATS = ("docx", "pdf", "xlsx")


class Notice(models.Model):
    """One notice of a published snapshot: its heading, generated body and three files."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    snapshot = models.ForeignKey(
        "rankings.RankingSnapshot",
        verbose_name=_("snapshot"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    doc_number = models.CharField(_("document number"), max_length=60)
    issuer = models.CharField(_("issuing office"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"))
    copy_to = models.CharField(_("copied to"), max_length=300, blank=True)
    printed_by = models.CharField(_("printed by"), max_length=100, blank=True)
    printed_on = models.DateField(_("printed on"), null=True, blank=True)
    replaces_number = models.CharField(
        _("replaces document"),
        max_length=60,
        blank=True,
        help_text=_("The number of the notice a corrected re-issue replaces."),
    )
    public = models.BooleanField(
        _("on the public page"),
        default=False,
        help_text=_("Shown only while the ranking itself is on the public page."),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    error = models.CharField(
        _("error"),
        max_length=200,
        blank=True,
        help_text=_("Why the files could not be generated, as shown to the office."),
    )
    body = models.JSONField(_("body"), default=list, blank=True)
    docx = models.FileField(_("Word file"), upload_to="notices/%Y/", blank=True)
    pdf = models.FileField(_("PDF file"), upload_to="notices/%Y/", blank=True)
    xlsx = models.FileField(_("Excel file"), upload_to="notices/%Y/", blank=True)
    job = models.ForeignKey(
        BackgroundJob,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)

    class Meta:
        verbose_name = _("ranking notice")
        verbose_name_plural = _("ranking notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "ready", "failed"]), name="notice_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="failed") | Q(error=""), name="notice_error_only_when_failed"
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number

    def file_of(self, kind: str):
        """Return the stored file of one format ("docx", "pdf", "xlsx")."""
        if kind not in FORMATS:
            raise ValueError(kind)
        return getattr(self, kind)


class NoticeSettings(models.Model):
    """A jurisdiction's notice heading and 版记: its number prefix (代字), issuer, copies, printer.

    Document numbers are `<prefix>〔<year>〕<n>号`, numbered afresh each year; the office sets
    the prefix once (e.g. 临擂办) and every new notice is offered the next free number.
    """

    jurisdiction = models.OneToOneField(
        "org.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.CASCADE,
        related_name="notice_settings",
    )
    doc_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        help_text=_("The office's own prefix of its document numbers; numbers restart each year."),
    )
    issuer = models.CharField(_("issuing office"), max_length=100)
    copy_to = models.CharField(
        _("copied to"),
        max_length=300,
        blank=True,
        help_text=_("Who receives copies, named in the closing block of every notice."),
    )
    printed_by = models.CharField(
        _("printed by"),
        max_length=100,
        help_text=_("The office that prints the notices, named in the closing block."),
    )

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return self.doc_prefix
