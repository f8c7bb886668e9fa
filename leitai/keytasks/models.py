"""Key tasks (重点任务), milestones (节点) with evidence, weekly reports (周调度), coordination."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitai.core.models import EvidenceFile
from leitai.org.models import AssessmentYear, Unit


class DispatchSettings(models.Model):
    """The office's weekly dispatch rules for one year: deadline, warning window, margin, as-of."""

    year = models.OneToOneField(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="dispatch_settings",
    )
    deadline_weekday = models.PositiveSmallIntegerField(
        _("deadline weekday"), default=4, help_text=_("0 = Monday … 6 = Sunday.")
    )
    deadline_time = models.TimeField(_("deadline time"), default=dt.time(17, 0))
    due_soon_days = models.PositiveSmallIntegerField(
        _("days before a milestone is due (blue)"), default=7
    )
    lag_margin = models.PositiveSmallIntegerField(
        _("margin behind the elapsed time (percentage points)"), default=10
    )
    as_of = models.DateField(
        _("dispatch date"),
        null=True,
        blank=True,
        help_text=_("Pages compute colours as of this date; empty means today."),
    )

    class Meta:
        verbose_name = _("dispatch settings")
        verbose_name_plural = _("dispatch settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_weekday__lte=6), name="dispatch_weekday_valid"
            ),
            models.CheckConstraint(condition=Q(lag_margin__lte=100), name="dispatch_margin_valid"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class TaskCategory(models.Model):
    """A category of key tasks in a year, from the county's own list (e.g. 十大攻坚)."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task category")
        verbose_name_plural = _("task categories")
        ordering = ["year_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="task_category_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class KeyTask(models.Model):
    """A key task of one year: led by one unit, helped by co-units, in a county leader's charge."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="key_tasks"
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        TaskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tasks"
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-units"), blank=True, related_name="co_tasks"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_tasks_in_charge",
    )
    goal = models.TextField(_("goal"), blank=True)
    indicator_code = models.CharField(
        _("indicator code"),
        max_length=32,
        blank=True,
        help_text=_("Code of the scheme's share indicator this task feeds; may be empty."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["year_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="key_task_code_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="key_task_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Milestone(models.Model):
    """A milestone (节点) of a task: when it is due, what done means, when it was done, evidence."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_means = models.CharField(_("what done means"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task_id", "due_date", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "order"], name="milestone_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneEvidence(EvidenceFile):
    """An evidence file (佐证材料) the lead unit attached to a milestone when marking it done."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="evidence_files",
    )
    file = models.FileField(_("file"), upload_to="tasks/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = _("milestone evidence file")
        verbose_name_plural = _("milestone evidence files")
        ordering = ["milestone_id", "uploaded_at", "pk"]


class WeeklyReport(models.Model):
    """The lead unit's report on one task for one week (Monday to Sunday)."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports"
    )
    week_start = models.DateField(_("week (Monday)"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    done_this_week = models.TextField(_("done this week"))
    plan_next_week = models.TextField(_("plan for next week"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["task_id", "-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["task", "week_start"], name="one_report_per_week"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.week_start}"


class CoordinationRequest(models.Model):
    """A problem needing coordination (需协调解决的问题), answered by the leader in charge."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("coordination request", "Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", pgettext_lazy("coordination request", "Closed")

    task = models.ForeignKey(
        KeyTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="requests"
    )
    report = models.ForeignKey(
        WeeklyReport,
        verbose_name=_("weekly report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    question = models.TextField(_("problem"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "answered", "closed"]),
                name="coordination_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:60]


class DispatchNotice(models.Model):
    """The weekly dispatch notice (调度通报) of one week, stored as the figures it showed."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField(_("week (Monday)"))
    as_of = models.DateField(_("as of"))
    content = models.JSONField(_("content"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_at = models.DateTimeField(_("generated at"))

    class Meta:
        verbose_name = _("dispatch notice")
        verbose_name_plural = _("dispatch notices")
        ordering = ["year_id", "-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["year", "week_start"], name="one_notice_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.week_start}"
