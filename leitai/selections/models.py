"""Selections (评选): a set of titles with quotas, rules and a calendar, run by the office.

A selection (e.g. 2022年度"六比六树"评选) has titles (党员先锋, 业务能手, ...), each with the number
of people it honours and how many each unit may nominate. Units nominate people with their
事迹 (deeds); clearance offices (组织部, 纪委) clear or veto them; the committee shortlists; the
shortlist is shown for 公示 (public notice) with an objection channel; a vote blends the
committee's score with the staff vote; the final list honours the best of each title.

Ballots carry no voter: who voted is kept apart (`VoteReceipt`), what was chosen is kept in
`Vote` rows with random keys and no time, so nothing links a voter to a choice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.core.models import EvidenceFile
from leitai.org.models import AssessmentYear, Jurisdiction, Unit

DEFAULT_TITLES = ("党员先锋", "业务能手", "敬业模范", "攻坚闯将", "服务标兵", "清廉公仆")


class Selection(models.Model):
    """One selection of one year: its titles, clearance offices, calendar and vote weights."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being set up")
        NOMINATING = "nominating", _("Nominating")
        CLEARANCE = "clearance", _("Clearance")
        SHORTLISTING = "shortlisting", _("Shortlisting")
        PUBLICITY = "publicity", _("Public notice")
        VOTING = "voting", _("Voting")
        FINAL = "final", _("Final")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="selections"
    )
    name = models.CharField(_("name"), max_length=200)
    # Selections of one series (六比六树) follow each other from year to year: a revoked award
    # costs the unit one place in the next year's selection of the same series.
    series = models.CharField(_("series"), max_length=100)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice until"), null=True, blank=True)
    committee_weight = models.PositiveSmallIntegerField(
        _("committee weight (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    vote_weight = models.PositiveSmallIntegerField(
        _("vote weight (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-year__year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="selection_name_unique"),
            models.CheckConstraint(
                condition=Q(committee_weight__lte=100) & Q(vote_weight__lte=100),
                name="selection_weights_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.year.jurisdiction


class Title(models.Model):
    """A title of a selection (党员先锋): how many it honours, how many each unit may nominate."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="titles"
    )
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1)]
    )
    unit_quota = models.PositiveSmallIntegerField(_("nominations per unit"), default=1)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["selection_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="selection_title_unique"),
            models.CheckConstraint(condition=Q(places__gte=1), name="selection_title_places"),
        ]

    def __str__(self) -> str:
        return self.name


class ClearanceOffice(models.Model):
    """An office that clears nominees (组织部, 纪委); its members sign for it in this selection."""

    selection = models.ForeignKey(
        Selection,
        verbose_name=_("selection"),
        on_delete=models.CASCADE,
        related_name="clearance_offices",
    )
    name = models.CharField(_("name"), max_length=50)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people who sign"),
        related_name="clearance_offices",
    )

    class Meta:
        verbose_name = _("clearance office")
        verbose_name_plural = _("clearance offices")
        ordering = ["selection_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="clearance_office_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    """A person nominated by a unit for a title, with the 事迹 (deeds) the unit vouches for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed by the unit leader")
        CLEARED = "cleared", _("Cleared")
        VETOED = "vetoed", _("Vetoed")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")
        REVOKED = "revoked", _("Revoked")

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="nominations"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    deeds = models.TextField(_("deeds"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # Filled when the vote closes, never before (the tally is sealed until then).
    committee_score = models.DecimalField(
        _("committee score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    vote_score = models.DecimalField(
        _("vote score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    final_score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["selection_id", "title__order", "unit__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee_score__isnull=True)
                | (Q(committee_score__gte=0) & Q(committee_score__lte=100)),
                name="nomination_committee_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.title.name}"


def deeds_path(instance: DeedsFile, filename: str) -> str:
    """Return a storage path for a 事迹 file (the name is already safe and random)."""
    return f"selections/{filename}"


class DeedsFile(EvidenceFile):
    """A photo or document attached to a nomination's 事迹."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=deeds_path, max_length=200)

    class Meta:
        verbose_name = _("deeds file")
        verbose_name_plural = _("deeds files")
        ordering = ["nomination_id", "uploaded_at", "pk"]


class Clearance(models.Model):
    """A clearance office's decision on one nomination: cleared, or vetoed with a reason."""

    class Decision(models.TextChoices):
        CLEARED = "cleared", _("Cleared")
        VETOED = "vetoed", _("Vetoed")

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="clearances",
    )
    office = models.ForeignKey(
        ClearanceOffice,
        verbose_name=_("clearance office"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        ordering = ["nomination_id", "office_id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "office"], name="clearance_once"),
            models.CheckConstraint(
                condition=Q(decision="cleared") | ~Q(reason=""), name="clearance_veto_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} · {self.decision}"


class Objection(models.Model):
    """An objection to a shortlisted nominee during 公示, and how the office handled it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="objections"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    handling = models.TextField(_("how it was handled"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id} · {self.created_at:%Y-%m-%d}"


class VoterCode(models.Model):
    """A one-time voting code the office handed out; only its hash is kept."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="codes"
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return self.digest[:8]


class VoteReceipt(models.Model):
    """That a voter (a person, or a one-time code) has voted on a title; never for whom."""

    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.CASCADE, related_name="receipts"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.ForeignKey(
        VoterCode,
        verbose_name=_("voting code"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="receipts",
    )

    class Meta:
        verbose_name = _("vote receipt")
        verbose_name_plural = _("vote receipts")
        constraints = [
            models.UniqueConstraint(fields=["title", "voter"], name="one_vote_per_person"),
            models.UniqueConstraint(fields=["title", "code"], name="one_vote_per_code"),
            models.CheckConstraint(
                condition=Q(voter__isnull=True) ^ Q(code__isnull=True),
                name="vote_receipt_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} · voted"


class Vote(models.Model):
    """One choice of one ballot: a random key, no voter, no time (nothing links it to a voter)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.CASCADE, related_name="votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="ballots"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return str(self.id)


class QuotaPenalty(models.Model):
    """One nomination place a unit loses for a title in a later year (a revoked award)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.CharField(_("series"), max_length=100)
    title_name = models.CharField(_("title"), max_length=50)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="quota_penalties"
    )
    year = models.PositiveSmallIntegerField(_("year it applies to"))
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("revoked award"),
        on_delete=models.PROTECT,
        related_name="penalty",
    )

    class Meta:
        verbose_name = _("quota penalty")
        verbose_name_plural = _("quota penalties")
        indexes = [models.Index(fields=["jurisdiction", "series", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.title_name} · {self.year}"
