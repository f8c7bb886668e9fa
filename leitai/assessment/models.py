"""The assessment scheme of a year and the data collected against it.

Scheme rows are versioned: once a period has data, changing the rules makes a new version
(copy-on-write) and results record the version they used. Collected data (targets, values,
judges' scores, exemptions, adjustments) name indicators and arenas by their code, so they
survive a new version of the rules as long as the codes stay.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitai.org.models import AssessmentYear, Unit

CODE = {"max_length": 32}
AMOUNT = {"max_digits": 18, "decimal_places": 4}


class Scheme(models.Model):
    """One version of a year's assessment scheme (考核方案): arenas, indicators, levels, weights."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In force")
        RETIRED = "retired", _("Superseded")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="schemes"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    bonus_levels = models.JSONField(_("bonus levels"), default=dict)
    quarter_weights = models.JSONField(_("quarter weights"), default=dict)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["year_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="scheme_version_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(state="active"), name="one_active_scheme_per_year"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "active", "retired"]), name="scheme_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Arena(models.Model):
    """A weighted area of assessment (擂台) in one scheme version."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="arenas"
    )
    code = models.CharField(_("code"), **CODE)
    name = models.CharField(_("name"), max_length=100)
    weight = models.FloatField(_("weight"))
    bonus_cap = models.FloatField(_("bonus cap"), null=True, blank=True)
    deduction_cap = models.FloatField(_("deduction cap"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")
        ordering = ["scheme_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="arena_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="arena_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An indicator (指标) of an arena: its rule and parameters, who supplies and verifies it."""

    class Rule(models.TextChoices):
        COMPLETION = "completion", _("Target completion")
        RELATIVE = "relative", _("Comparison within the group")
        RANK = "rank", _("Position among peer jurisdictions")
        BANDS = "bands", _("Banded scoring")
        SHARE = "share", _("Done / part done")
        PANEL = "panel", _("Judges' scores")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Supplier(models.TextChoices):
        UNIT = "unit", _("The unit itself")
        ASSESSOR = "assessor", _("The assessor")
        SYSTEM = "system", _("The system")
        OFFICE = "office", _("The office (judges' scores)")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators"
    )
    arena = models.ForeignKey(
        Arena, verbose_name=_("arena"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), **CODE)
    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices)
    max_points = models.FloatField(_("maximum points"))
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    supplier = models.CharField(
        _("supplied by"), max_length=8, choices=Supplier.choices, default=Supplier.UNIT
    )
    assessor = models.ForeignKey(
        Unit,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessed_indicators",
    )
    measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    description = models.TextField(_("how it is measured"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme_id", "arena__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="max_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        # Judges' scores are entered by the office at the quarterly contest, never by a unit.
        if self.rule == self.Rule.PANEL and self.supplier != self.Supplier.OFFICE:
            raise ValidationError({"supplier": PANEL_SUPPLIER_MESSAGE})


PANEL_SUPPLIER_MESSAGE = _(
    "A judges' scores (panel) indicator is supplied by the office (judges' scores)."
)


class Period(models.Model):
    """A month, quarter or the year: when data open, are due and lock (填报周期)."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    class State(models.TextChoices):
        PENDING = "pending", _("Not open yet")
        OPEN = "open", pgettext_lazy("period state", "Open")
        CLOSED = "closed", pgettext_lazy("period state", "Closed")
        LOCKED = "locked", _("Locked")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=10)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    locks_at = models.DateTimeField(_("locks"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["year_id", "starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="period_code_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_at"))
                & Q(locks_at__gte=models.F("deadline")),
                name="period_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def shown_state(self) -> str:
        """The state people see: an open or closed period past its lock time is locked.

        Units can no longer change it from that moment (collection.access.period_is_locked),
        even before `leitai lock_due_periods` has recorded the lock.
        """
        lockable = self.state in (self.State.OPEN, self.State.CLOSED)
        if lockable and self.locks_at is not None and timezone.now() >= self.locks_at:
            return self.State.LOCKED
        return self.state

    def get_shown_state_display(self) -> str:
        return self.State(self.shown_state).label


class Target(models.Model):
    """A unit's target for a `completion` indicator: for the year, or for one period."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator_code = models.CharField(_("indicator"), **CODE)
    period = models.ForeignKey(
        Period,
        verbose_name=_("period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    value = models.DecimalField(_("target"), **AMOUNT)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "indicator_code", "period"], name="target_unique"
            ),
            models.UniqueConstraint(
                fields=["year", "unit", "indicator_code"],
                condition=Q(period__isnull=True),
                name="annual_target_unique",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator_code} {self.value}"


class Exemption(models.Model):
    """An indicator that does not apply to one unit for the year (豁免), with the reason."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="exemptions"
    )
    indicator_code = models.CharField(_("indicator"), **CODE)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "indicator_code"], name="exemption_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator_code}"


class Submission(models.Model):
    """A unit's data for one period (填报): its state, highlight and sign-off."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Awaiting sign-off")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")
        LOCKED = "locked", _("Locked")

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    highlight = models.TextField(_("highlights"), blank=True)
    return_comment = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="submission_unique"),
            models.CheckConstraint(
                condition=Q(
                    state__in=["draft", "ready", "submitted", "verified", "returned", "locked"]
                ),
                name="submission_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class IndicatorValue(models.Model):
    """One value of one indicator for one unit and period, with who supplied and verified it."""

    class Source(models.TextChoices):
        UNIT = "unit", _("Unit")
        ASSESSOR = "assessor", _("Assessor")
        SYSTEM = "system", _("System")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    indicator_code = models.CharField(_("indicator"), **CODE)
    value = models.DecimalField(_("value"), null=True, blank=True, **AMOUNT)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.UNIT
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    note = models.CharField(_("note"), max_length=500, blank=True)
    return_comment = models.TextField(_("reason for return"), blank=True)
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "indicator_code"], name="value_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "verified", "returned"]),
                name="value_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {self.indicator_code}={self.value}"


class Evidence(models.Model):
    """A file proving a unit's data for a period (佐证材料), for one indicator or the whole."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="evidence"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="evidence"
    )
    indicator_code = models.CharField(_("indicator"), blank=True, **CODE)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class PanelScore(models.Model):
    """One judge's 0–100 score of a unit on a `panel` indicator (评委打分)."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="panel_scores"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="panel_scores"
    )
    indicator_code = models.CharField(_("indicator"), **CODE)
    judge_label = models.CharField(_("judge"), max_length=50)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge login"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rater_class = models.CharField(
        _("rater class"),
        max_length=32,
        blank=True,
        help_text=_("The judge's rater class of the panel indicator; blank = the default class."),
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "indicator_code", "judge_label"],
                name="panel_score_unique",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="panel_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator_code} {self.judge_label}={self.score}"


class Adjustment(models.Model):
    """A bonus (加分), deduction (扣分) or veto (一票否决) for a unit, arena and period."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        DEDUCTION = "deduction", _("Deduction")
        VETO = "veto", _("Veto")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Replaced by a higher level")

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="adjustments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="adjustments"
    )
    arena_code = models.CharField(_("arena"), **CODE)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True, blank=True)
    matter = models.CharField(
        _("matter"), max_length=200, help_text=_("The recognition or fact, e.g. the award's name.")
    )
    document = models.CharField(_("document reference"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="adjustments/%Y/", blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField(_("decision note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["period_id", "unit_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["bonus", "deduction", "veto"]), name="adjustment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="adjustment_points_not_negative",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "kind", "matter"],
                condition=Q(state="approved"),
                name="one_approved_adjustment_per_matter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.matter}"
