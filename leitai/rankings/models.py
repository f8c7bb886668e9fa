"""Ranking snapshots (排名快照), their publication, and appeals (申诉).

A snapshot is what the engine computed for one period from one set of inputs: it is written
once by the compute service and never changed (its `save()` refuses an update). Its rows hold
one unit each, so leaderboards, scorecards, trends and notices read a few indexed rows instead
of recomputing. Publishing a snapshot writes a `Publication`; a corrected re-issue is a new
snapshot whose publication supersedes the old one. The ranking notice model lives in
notices/models.py and is imported here, so Django finds it in this app.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.assessment.models import Period, Scheme
from leitai.org.models import AssessmentYear, Group, Jurisdiction, Unit

# References between the app's own rows use DO_NOTHING: the database's foreign keys (checked at
# commit) still refuse a dangling reference, while the demo's reset can delete a whole county's
# rankings, whose references run in cycles (re-issue → appeal → publication → snapshot), at once.


class ImmutableRowError(RuntimeError):
    """Raised when code tries to change a row that is written once and never edited."""


class InsertOnlyQuerySet(models.QuerySet):
    """A queryset that refuses bulk updates of rows that are written once."""

    def update(self, **kwargs):
        raise ImmutableRowError(f"{self.model._meta.label} rows are never changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRowError(f"{self.model._meta.label} rows are never changed")


class InsertOnlyModel(models.Model):
    """A model whose rows can be created but never updated (deletes go through reset only)."""

    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(f"{self._meta.label} rows are never changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class RankingSnapshot(InsertOnlyModel):
    """One computation of a period's ranking: inputs' fingerprint, scheme, results, checks.

    `results` holds what is shared by all units (arena and indicator labels, order, groups);
    each unit's numbers and explanations live in its `RankingRow`. A snapshot is a draft until
    a `Publication` names it.
    """

    class Basis(models.TextChoices):
        DATA = "data", _("Computed from the period's data")
        ROLL_UP = "roll_up", _("Rolled up from the published quarters")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.ForeignKey(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.PROTECT,
        related_name="ranking_snapshots",
    )
    period = models.ForeignKey(
        Period,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="ranking_snapshots",
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("1, 2, 3… within the period."))
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("scheme version"),
        on_delete=models.PROTECT,
        related_name="ranking_snapshots",
    )
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices, default=Basis.DATA)
    fingerprint = models.CharField(
        _("input fingerprint"), max_length=64, help_text=_("sha256 of the canonical inputs.")
    )
    inputs = models.JSONField(_("inputs"), help_text=_("The engine's inputs, canonical JSON."))
    scheme_dump = models.JSONField(_("scheme"))
    results = models.JSONField(_("results"), help_text=_("What all units share: labels, groups."))
    sensitivity = models.JSONField(_("sensitivity run"), null=True, blank=True)
    missing = models.JSONField(
        _("missing or unverified data"),
        default=list,
        blank=True,
        help_text=_("Values the computation treated as missing, with the reason."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous period's snapshot"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        help_text=_("The published snapshot rank changes are counted from."),
    )
    sources = models.ManyToManyField(
        "self",
        verbose_name=_("rolled-up snapshots"),
        symmetrical=False,
        blank=True,
        related_name="rolled_into",
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="corrections",
        help_text=_("The published snapshot this corrected re-issue replaces."),
    )
    reason = models.TextField(
        _("reason for the re-issue"), blank=True, help_text=_("Shown on both snapshots.")
    )
    appeal = models.ForeignKey(
        "Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("computed"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ranking snapshot")
        verbose_name_plural = _("ranking snapshots")
        ordering = ["period_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="snapshot_number_unique"),
            models.CheckConstraint(
                condition=Q(basis__in=["data", "roll_up"]), name="snapshot_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id and self.period.code} #{self.number}"


class RankingRow(InsertOnlyModel):
    """One unit's result in a snapshot: total, rank, arenas, and the full explanation."""

    snapshot = models.ForeignKey(
        RankingSnapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="rows"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ranking_rows"
    )
    unit_name = models.CharField(_("unit name"), max_length=100)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="ranking_rows"
    )
    position = models.PositiveIntegerField(
        _("position"), help_text=_("Order within the snapshot: group, rank, unit code.")
    )
    total = models.FloatField(_("total"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    previous_rank = models.PositiveIntegerField(_("previous rank"), null=True, blank=True)
    rank_change = models.IntegerField(_("rank change"), null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    arenas = models.JSONField(_("arena scores"), default=dict)
    detail = models.JSONField(
        _("detail"), default=dict, help_text=_("Indicators, arena parts, adjustments, texts.")
    )
    sensitivity = models.JSONField(_("sensitivity"), null=True, blank=True)
    robust = models.BooleanField(_("robust rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")
        ordering = ["snapshot_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "unit"], name="ranking_row_unique"),
        ]
        indexes = [models.Index(fields=["unit", "snapshot"])]

    def __str__(self) -> str:
        return f"{self.unit_name} #{self.rank}"


class Publication(models.Model):
    """The office's publication of a snapshot (排名通报): who, when, appeal window, public page.

    The snapshot it names never changes; only the presentation choices (`public`,
    `public_shows`, `list_size`) and the supersession by a corrected re-issue are written later,
    each through a service.
    """

    class PublicShows(models.TextChoices):
        TOTALS = "totals", _("Ranks and totals")
        ARENAS = "arenas", _("Ranks, totals and arena scores")
        RANKS = "ranks", _("Ranks only")

    snapshot = models.OneToOneField(
        RankingSnapshot,
        verbose_name=_("snapshot"),
        on_delete=models.DO_NOTHING,
        related_name="publication",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="publications"
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_until = models.DateTimeField(_("appeals until"), null=True, blank=True)
    public = models.BooleanField(_("on the public page"), default=False)
    public_shows = models.CharField(
        _("public page shows"),
        max_length=8,
        choices=PublicShows.choices,
        default=PublicShows.TOTALS,
    )
    list_size = models.PositiveSmallIntegerField(
        _("red/black list size"), default=3, help_text=_("Top and bottom N of each group.")
    )
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["period_id", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_publication_per_period",
            ),
            models.CheckConstraint(
                condition=Q(public_shows__in=["totals", "arenas", "ranks"]),
                name="publication_public_shows_valid",
            ),
            models.CheckConstraint(
                condition=Q(list_size__gte=1) & Q(list_size__lte=50),
                name="publication_list_size_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.snapshot)

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class Appeal(models.Model):
    """A unit leader's appeal (申诉) against the unit's published result, and its decision."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.DO_NOTHING,
        related_name="appeals",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField(_("reason"))
    indicators = models.JSONField(
        _("indicators disputed"),
        default=list,
        blank=True,
        help_text=_("Codes of the unit's indicators in the ranking that the appeal disputes."),
    )
    evidence = models.FileField(_("evidence"), upload_to="appeals/%Y/", blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
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
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "unit"], name="one_appeal_per_unit"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "rejected"]),
                name="appeal_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.publication}"


from leitai.rankings.notices.models import Notice, NoticeSettings  # noqa: E402, F401  (registers the model)


class PublishingRule(models.Model):
    """The office's rule for publishing a year's results: how much missing data is too much.

    A draft whose share of missing values (缺报) is above `max_missing_percent` is refused unless
    the office gives a reason to publish it anyway (services.snapshot_publish).
    """

    year = models.OneToOneField(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="publishing_rule",
    )
    max_missing_percent = models.DecimalField(
        _("most missing values a draft may have to be published (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        help_text=_("Above it, publishing needs a reason."),
    )

    class Meta:
        verbose_name = _("publishing rule")
        verbose_name_plural = _("publishing rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_missing_percent__gte=0) & Q(max_missing_percent__lte=100),
                name="publishing_rule_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.max_missing_percent}%"
