"""Cross-cutting records: the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceFile(models.Model):
    """What every stored evidence file records besides the file itself (abstract).

    A concrete model adds the object it proves and `file`, with its own upload folder; the
    checks and storage are in leitai/core/evidence.py.
    """

    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class AuditLogKept(Exception):
    """Raised on any attempt to change or delete audit entries: the log is append-only."""


class AuditEntryQuerySet(models.QuerySet):
    """Audit entries are added, never changed or deleted (等保 2.0; docs/security.md)."""

    def delete(self):
        raise AuditLogKept("audit entries cannot be deleted")

    delete.queryset_only = True

    def update(self, **kwargs):
        raise AuditLogKept("audit entries cannot be changed")


class AuditEntry(models.Model):
    """One state change: who did what to which object, with the state before and after.

    Written only by service functions (see leitai/core/audit.py), never edited and never
    deleted: the model and its queries refuse both, and on PostgreSQL a trigger refuses a
    DELETE of an entry younger than the jurisdiction's retention (at least 180 days) and any
    UPDATE of what an entry says (migration core 0003).
    """

    class Source(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        COMMAND = "command", _("Command")
        SYSTEM = "system", _("System")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    jurisdiction = models.ForeignKey(
        "org.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogKept("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogKept("audit entries cannot be deleted")


class BackgroundJob(models.Model):
    """One piece of background work (a notice to render, a large import) and how far it got.

    Written only by leitai/core/jobs.py: `enqueue` queues it and runs it inline, or the
    `leitai worker` (django-tasks' database backend) picks it up. `func_path` and `kwargs` say
    what to run.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    func_path = models.CharField(_("function"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="background_job_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="background_job_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ScheduledRun(models.Model):
    """One run of a scheduled job (`leitai.core.schedule`) in one time slot.

    The unique (job, slot) pair is what makes a slot run once when several workers tick the
    schedule: the first to insert the row runs the job, the others find it taken.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=200)
    slot = models.DateTimeField(_("slot"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M} {self.status}"
