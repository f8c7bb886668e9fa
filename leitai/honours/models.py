"""Year-end honours (年终大表彰): grading rules, honours drafts, each unit's grade, objections.

The rules are kept per scheme version (`GradingRules`), so they are versioned with the scheme.
Grading the year writes an `HonoursDraft` and one `HonoursEntry` per unit; both hold what was
computed and never change (entries are insert-only, a draft's computed fields are written
once). Only the draft's state and its dates move, through the services and transitions.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.assessment.models import Scheme
from leitai.org.models import AssessmentYear, Group, Unit
from leitai.rankings.models import InsertOnlyModel, RankingSnapshot


class GradingRules(models.Model):
    """The grading rules (评优规则) of one scheme version, as JSON checked by rules.parse_rules."""

    scheme = models.OneToOneField(
        Scheme, verbose_name=_("scheme version"), on_delete=models.CASCADE, related_name="grading"
    )
    rules = models.JSONField(_("rules"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grading rules")
        verbose_name_plural = _("grading rules")

    def __str__(self) -> str:
        return str(self.scheme)


class HonoursDraft(models.Model):
    """One grading of a year from its published year snapshot, and its way to the final list."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLICISED = "publicised", _("Publicised")
        FINAL = "final", _("Final")
        DISCARDED = "discarded", _("Discarded")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="honours"
    )
    number = models.PositiveIntegerField(_("number"))
    snapshot = models.ForeignKey(
        RankingSnapshot, verbose_name=_("year snapshot"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme version"), on_delete=models.PROTECT, related_name="+"
    )
    rules = models.JSONField(_("rules"), help_text=_("The rules as they were when graded."))
    arena_names = models.JSONField(_("arena names"), default=dict)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("graded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    publicity_until = models.DateField(_("publicity until"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("honours draft")
        verbose_name_plural = _("honours drafts")
        ordering = ["year_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="honours_draft_number_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(state="final"), name="one_final_honours_per_year"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "publicised", "final", "discarded"]),
                name="honours_draft_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} #{self.number}"


class HonoursEntry(InsertOnlyModel):
    """One unit's grade, awards, gates and reason in a draft: written once, never changed."""

    draft = models.ForeignKey(
        HonoursDraft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="entries"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="honours"
    )
    unit_name = models.CharField(_("unit name"), max_length=100)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"))
    total = models.FloatField(_("total"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20)
    grade_index = models.PositiveSmallIntegerField(_("grade order"))
    awards = models.JSONField(_("awards"), default=list)
    gates = models.JSONField(_("gates"), default=list)
    nearest = models.JSONField(_("smallest change"), null=True, blank=True)
    reason_zh = models.TextField(_("reason (Chinese)"))
    reason_en = models.TextField(_("reason (English)"))
    staff_percent = models.CharField(_("staff excellent quota (%)"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("honours entry")
        verbose_name_plural = _("honours entries")
        ordering = ["draft_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "unit"], name="honours_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.grade}"


class Objection(models.Model):
    """An objection (异议) to a publicised draft, recorded by the office, and how it was handled."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    draft = models.ForeignKey(
        HonoursDraft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="objections"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit objected to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("objection"))
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    received_at = models.DateTimeField(_("received"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling = models.TextField(_("how it was handled"), blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["draft_id", "received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "upheld", "dismissed"]),
                name="objection_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft} · {self.text[:30]}"
