"""The project ledger (项目建设): projects, their stages with evidence, monthly updates, feeds.

Money is in 万元 (ten thousand yuan), stored as Decimal with 2 places.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.core.models import EvidenceFile
from leitai.org.models import AssessmentYear, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}

# Size bands (规模) by total investment in 万元: (lower bound, code). 50亿 = 500 000 万元.
SIZE_BANDS = (
    (Decimal("500000"), "50+"),
    (Decimal("200000"), "20-50"),
    (Decimal("100000"), "10-20"),
    (Decimal("50000"), "5-10"),
    (Decimal("0"), "0-5"),
)


class SizeBand(models.TextChoices):
    """The size band of a project, derived from its total investment."""

    HUGE = "50+", _("≥5 billion yuan")
    LARGE = "20-50", _("2–5 billion yuan")
    MEDIUM = "10-20", _("1–2 billion yuan")
    SMALL = "5-10", _("0.5–1 billion yuan")
    MINOR = "0-5", _("<0.5 billion yuan")


def size_band(total_investment: Decimal) -> str:
    """Return the size band code of a total investment in 万元."""
    for bound, code in SIZE_BANDS:
        if total_investment >= bound:
            return code
    return SIZE_BANDS[-1][1]


class Project(models.Model):
    """A project of one year's ledger, in a responsible unit's charge, with its master data."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial key project")
        CITY = "city", _("City key project")
        COUNTY = "county", _("County key project")

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        LIVELIHOOD = "livelihood", _("Livelihood")
        OTHER = "other", _("Other")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="projects"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-units"), blank=True, related_name="co_projects"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_in_charge",
    )
    task_force = models.CharField(_("task force"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=100, blank=True)
    total_investment = models.DecimalField(_("total investment (10k yuan)"), **MONEY)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["year_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="project_code_unique"),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_investment_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def size_band(self) -> str:
        return size_band(self.total_investment)

    def get_size_band_display(self) -> str:
        return SizeBand(self.size_band).label


class ProjectStage(models.Model):
    """One stage of a project's life: planned and actual date, and (for 开工/入库) its check."""

    class Stage(models.TextChoices):
        PLANNING = "planning", _("Planning")
        SIGNING = "signing", _("Signing")
        PREPARATION = "preparation", _("Preparation")
        START = "start", _("Construction start")
        ENTRY = "entry", _("Entry into statistics")
        COMPLETION = "completion", _("Completion")
        OPERATION = "operation", _("Operation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Not reached")
        REPORTED = "reported", _("Awaiting verification")
        RETURNED = "returned", _("Returned")
        DONE = "done", _("Done")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")
        ordering = ["project_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="project_stage_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "reported", "returned", "done"]),
                name="project_stage_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(actual_on__isnull=False),
                name="project_stage_reached_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_stage_display()}"


class StageEvidence(EvidenceFile):
    """An evidence file of a stage: its kind (document, contract, site photo) and its date."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approval or filing document")
        CONTRACT = "contract", _("Construction contract")
        PHOTO = "photo", _("Dated site photo")
        OTHER = "other", _("Other evidence")

    stage = models.ForeignKey(
        ProjectStage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    taken_on = models.DateField(_("dated"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = _("stage evidence file")
        verbose_name_plural = _("stage evidence files")
        ordering = ["stage_id", "uploaded_at", "pk"]


class ProjectMonth(models.Model):
    """A project's month: its planned investment and the unit's update."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    planned = models.DecimalField(_("planned investment (10k yuan)"), default=0, **MONEY)
    completed = models.DecimalField(
        _("completed investment (10k yuan)"), null=True, blank=True, **MONEY
    )
    workers = models.PositiveIntegerField(_("workers on site"), null=True, blank=True)
    problems = models.TextField(_("problems needing help"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project month")
        verbose_name_plural = _("project months")
        ordering = ["project_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="project_month_unique"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="project_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & (Q(completed__isnull=True) | Q(completed__gte=0)),
                name="project_month_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month}"


class MonthPhoto(EvidenceFile):
    """A site photo sent with a monthly update, with the day it was taken."""

    month = models.ForeignKey(
        ProjectMonth, verbose_name=_("month"), on_delete=models.CASCADE, related_name="photos"
    )
    taken_on = models.DateField(_("taken on"))
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        ordering = ["month_id", "taken_on", "pk"]


class ProjectFeed(models.Model):
    """Which scheme indicator a ledger figure feeds in one year (the office's choice)."""

    class Metric(models.TextChoices):
        INVESTMENT_RATE = "investment_rate", _("Investment completion rate (%)")
        START_RATE = "start_rate", _("Start rate (%)")
        ENTRY_COUNT = "entry_count", _("Projects entered into statistics")
        SIGNING_COUNT = "signing_count", _("Projects signed")
        SIGNING_AMOUNT = "signing_amount", _("Signed investment (10k yuan)")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="+"
    )
    metric = models.CharField(_("figure"), max_length=20, choices=Metric.choices)
    indicator_code = models.CharField(_("indicator code"), max_length=32)

    class Meta:
        verbose_name = _("project feed")
        verbose_name_plural = _("project feeds")
        ordering = ["year_id", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["year", "metric"], name="project_feed_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} → {self.indicator_code}"


class Event(models.Model):
    """A ledger event: a signing ceremony, a collective start (集中开工) or an inspection (观摩)."""

    class Kind(models.TextChoices):
        SIGNING = "signing", _("Signing ceremony")
        COLLECTIVE_START = "collective_start", _("Collective start")
        INSPECTION = "inspection", _("Inspection")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="events"
    )

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["year_id", "-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class EventPhoto(EvidenceFile):
    """A photo of an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["event_id", "pk"]
