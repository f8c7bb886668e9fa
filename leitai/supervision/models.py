"""Supervision (督导): inspection rounds, visits, problems, rectification and its evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.core.models import EvidenceFile
from leitai.org.models import AssessmentYear, Jurisdiction, SupervisionGroup, Unit


class Severity(models.TextChoices):
    """The office's scale of problems; deduction rules give points for each."""

    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class ProblemCategory(models.Model):
    """One of the office's checklist categories (e.g. 重点任务进展) for visits and problems."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="problem_categories",
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    for_problems = models.BooleanField(
        _("offered for problems"),
        default=True,
        help_text=_("Off for a checklist heading that records no problems, such as 工作亮点."),
    )

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["jurisdiction_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="category_code_unique"),
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="category_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


def _points(default: str):
    return models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0"))],
    )


class DeductionRule(models.Model):
    """A year's supervision rules: deadline limits, alert window and deduction points.

    Points fall in the scheme's arena `arena_code`; the engine applies that arena's cap.
    """

    year = models.OneToOneField(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="deduction_rule",
    )
    arena_code = models.CharField(_("arena code"), max_length=32, default="party")
    general_points = _points("0.5")
    serious_points = _points("1.0")
    overdue_points = _points("1.0")
    reopened_points = _points("0.5")
    general_days = models.PositiveSmallIntegerField(
        _("days to rectify a general problem"), default=30
    )
    serious_days = models.PositiveSmallIntegerField(
        _("days to rectify a serious problem"), default=15
    )
    plan_days = models.PositiveSmallIntegerField(_("days to submit a plan"), default=7)
    alert_days = models.PositiveSmallIntegerField(_("blue alert days before deadline"), default=7)
    working_days = models.BooleanField(
        _("count the days in working days"),
        default=False,
        help_text=_(
            "Count the rectification limits, the days to submit a plan and the alert days in "
            "working days of the working-day calendar instead of calendar days."
        ),
    )

    class Meta:
        verbose_name = _("deduction rule")
        verbose_name_plural = _("deduction rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(general_points__gte=0)
                & Q(serious_points__gte=0)
                & Q(overdue_points__gte=0)
                & Q(reopened_points__gte=0),
                name="deduction_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(general_days__gte=1) & Q(serious_days__gte=1),
                name="rectification_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.arena_code}"

    def days_for(self, severity: str) -> int:
        """Return the office's limit in days for a problem of `severity`."""
        return self.serious_days if severity == Severity.SERIOUS else self.general_days

    def points_for(self, severity: str) -> Decimal:
        """Return the points one problem of `severity` costs."""
        return self.serious_points if severity == Severity.SERIOUS else self.general_points


class InspectionRound(models.Model):
    """An inspection round (督导轮次) of a year, e.g. 2022年上半年督导."""

    year = models.ForeignKey(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.PROTECT,
        related_name="inspection_rounds",
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["year_id", "starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="round_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="round_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A supervision group's visit to one unit in a round, with its summary."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="visits"
    )
    supervision_group = models.ForeignKey(
        SupervisionGroup,
        verbose_name=_("supervision group"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["round_id", "visited_on", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_visit_per_unit_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class VisitFinding(models.Model):
    """What a visit found under one checklist category."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="findings"
    )
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("finding"))

    class Meta:
        verbose_name = _("visit finding")
        verbose_name_plural = _("visit findings")
        ordering = ["visit_id", "category__order"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "category"], name="one_finding_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.category}"


PROBLEM_STATUSES = ("open", "in_progress", "submitted", "reopened", "signed_off", "withdrawn")
EVENT_KINDS = (
    "raised",
    "plan_drafted",
    "plan_submitted",
    "progress",
    "evidence",
    "completed",
    "sent_back",
    "signed_off",
    "withdrawn",
)


class Problem(models.Model):
    """A problem on the rectification list (问题清单) and its rectification (整改).

    The unit answers with a plan (measures, responsible person, target date ≤ deadline),
    reports progress, submits completion with evidence; the supervisor signs it off (销号)
    or sends it back. `deadline` is the office's limit, fixed when the problem is raised.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting plan")
        IN_PROGRESS = "in_progress", _("Rectifying")
        SUBMITTED = "submitted", _("Awaiting verification")
        REOPENED = "reopened", _("Sent back")
        SIGNED_OFF = "signed_off", _("Signed off")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        VISIT = "visit", _("Supervision visit")
        COMPLAINT = "complaint", _("Complaint")
        CONTEST = "contest", _("Arena contest")
        OFFICE = "office", _("Office check")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="problems"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="problems"
    )
    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("description"))
    found_on = models.DateField(_("found on"))
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    measures = models.TextField(_("measures"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=100, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    plan_submitted_on = models.DateField(_("plan submitted on"), null=True, blank=True)
    last_progress_on = models.DateField(_("last progress on"), null=True, blank=True)
    signed_off_on = models.DateField(_("signed off on"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["year_id", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=list(PROBLEM_STATUSES)), name="problem_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=[s.value for s in Severity]),
                name="problem_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("found_on")), name="problem_deadline_after"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="signed_off", signed_off_on__isnull=False)
                    | (~Q(status="signed_off") & Q(signed_off_on__isnull=True))
                ),
                name="problem_signed_off_date",
            ),
            models.CheckConstraint(
                condition=Q(source="visit", visit__isnull=False)
                | (~Q(source="visit") & Q(visit__isnull=True)),
                name="problem_visit_matches_source",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.unit} · {self.summary}"

    @property
    def summary(self) -> str:
        """Return the first 40 characters of the description."""
        text = " ".join(self.description.split())
        return text if len(text) <= 40 else text[:39] + "…"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.SIGNED_OFF, self.Status.WITHDRAWN)


class ProblemEvent(models.Model):
    """One step of a problem's story: raised, plan, progress, completion, sent back, signed off."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Problem raised")
        PLAN_DRAFTED = "plan_drafted", _("Plan drafted")
        PLAN_SUBMITTED = "plan_submitted", _("Plan submitted")
        PROGRESS = "progress", _("Progress reported")
        EVIDENCE = "evidence", _("Evidence added")
        COMPLETED = "completed", _("Completion submitted")
        SENT_BACK = "sent_back", _("Sent back")
        SIGNED_OFF = "signed_off", _("Signed off")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["problem_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(EVENT_KINDS)), name="problem_event_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.problem_id} · {self.kind} · {self.on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Return a storage path for an evidence file (the name is already safe and random)."""
    return f"supervision/{filename}"


class Evidence(EvidenceFile):
    """An evidence file (photo, PDF, Office document) attached to a problem's story."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="evidence"
    )
    event = models.ForeignKey(
        ProblemEvent,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["problem_id", "uploaded_at", "pk"]
