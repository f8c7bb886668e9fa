"""The quarterly arena contest (一季一打擂): the evening, its judges, the running order, the scores.

A contest feeds one `panel` indicator of the year's scheme in one quarter; its rater classes
and trimming are that indicator's (SCORING.md rule 6), not settings of its own. Scores are
sealed until their unit's reveal: nothing but the reveal and the results reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.assessment.models import Period
from leitai.org.models import AssessmentYear, Group, Unit

CODE = {"max_length": 32}
SCORE = {"max_digits": 6, "decimal_places": 2}


class Contest(models.Model):
    """One contest evening (打擂): units of some groups present, judges score them live."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        READY = "ready", _("Ready to start")
        RUNNING = "running", _("Under way")
        FINISHED = "finished", _("Finished")

    class Method(models.TextChoices):
        SCORE = "score", _("Criteria scores")
        RANK = "rank", _("Rank vote")

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="contests"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="contests"
    )
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    groups = models.ManyToManyField(Group, verbose_name=_("groups"), related_name="contests")
    method = models.CharField(
        _("method"), max_length=8, choices=Method.choices, default=Method.SCORE
    )
    rank_step = models.PositiveSmallIntegerField(_("points per rank"), default=3)
    minutes = models.PositiveSmallIntegerField(_("minutes per presentation"), default=8)
    indicator_code = models.CharField(_("panel indicator"), **CODE)
    criteria = models.JSONField(_("criteria"), default=list)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    seed = models.BigIntegerField(_("draw seed"), null=True, blank=True)
    current = models.ForeignKey(
        "ContestUnit",
        verbose_name=_("current unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_written = models.BooleanField(_("written into the quarter"), default=False)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-held_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="contest_name_unique"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="contest_minutes_positive"),
            models.CheckConstraint(condition=Q(rank_step__gte=1), name="contest_rank_step"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def criteria_total(self) -> int:
        """Return the sum of the criteria's maxima (the scoring sheet's maximum, 100)."""
        return sum(int(c["max"]) for c in self.criteria)


class ContestUnit(models.Model):
    """One unit's round in a contest: its place in the running order, its state, its result."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PRESENTING = "presenting", _("Presenting")
        PRESENTED = "presented", _("Presented, awaiting the rank vote")
        SCORING = "scoring", _("Judges scoring")
        CLOSED = "closed", _("Round closed")
        REVEALED = "revealed", _("Revealed")

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="rounds"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="contest_rounds"
    )
    position = models.PositiveSmallIntegerField(_("order"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    timer_started_at = models.DateTimeField(_("timer started"), null=True, blank=True)
    timer_seconds = models.PositiveIntegerField(_("seconds presented"), default=0)
    score = models.DecimalField(_("contest score"), null=True, blank=True, **SCORE)
    revealed_at = models.DateTimeField(_("revealed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contest round")
        verbose_name_plural = _("contest rounds")
        ordering = ["contest_id", "position", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "unit"], name="contest_unit_unique"),
            models.UniqueConstraint(fields=["contest", "position"], name="contest_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.unit}"


class Draw(models.Model):
    """One drawing of lots for the running order: the seed, and why it was drawn again."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="draws"
    )
    seed = models.BigIntegerField(_("seed"))
    order = models.JSONField(_("running order"), default=list)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["contest_id", "drawn_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contest} · {self.seed}"


class Judge(models.Model):
    """A judge (评委) of one contest: a person with the judge role, or a guest by name.

    The judge opens a personal link; only the SHA-256 of its token is stored. The link works
    for this contest only, until `expires_at`, unless revoked.
    """

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="judges"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=50)
    rater_class = models.CharField(_("rater class"), max_length=32, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("own unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=True)
    token_hash = models.CharField(_("link token (hash)"), max_length=64, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("link revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["contest_id", "rater_class", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="judge_name_unique"),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="judge_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recusal(models.Model):
    """A judge who does not score a unit (回避): own unit (automatic) or marked by the office."""

    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="recusals"
    )
    round = models.ForeignKey(
        ContestUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["judge", "round"], name="contest_recusal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.round.unit}"


class Submission(models.Model):
    """One judge's score sheet for one unit: the criteria's points and their total (0–100).

    `key` is the phone's idempotency key: the same key sent twice stores one score.
    """

    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="submissions"
    )
    round = models.ForeignKey(
        ContestUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="submissions"
    )
    key = models.CharField(_("submission key"), max_length=64)
    points = models.JSONField(_("points per criterion"), default=list)
    total = models.DecimalField(_("score"), **SCORE)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)
    void_reason = models.CharField(_("void reason"), max_length=255, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_total = models.DecimalField(
        _("score before replacement"), null=True, blank=True, **SCORE
    )
    replace_reason = models.CharField(_("replacement reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("judge's score sheet")
        verbose_name_plural = _("judges' score sheets")
        ordering = ["round_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "round"], name="contest_submission_unique"),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="contest_submission_total_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.round.unit}"


class RankBallot(models.Model):
    """One judge's rank vote (排序投票) in a rank-vote contest: the units he scores, best first.

    `order` holds the rounds' ids, best first; the judge's own and recused units are left out.
    `key` is the phone's idempotency key. Sealed until the office reveals the vote, when each
    rank k becomes the judge's score sheet of 100 − step × (k − 1) for that unit.
    """

    judge = models.OneToOneField(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="ballot"
    )
    key = models.CharField(_("submission key"), max_length=64)
    order = models.JSONField(_("units, best first"), default=list)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("rank ballot")
        verbose_name_plural = _("rank ballots")
        ordering = ["judge_id"]

    def __str__(self) -> str:
        return str(self.judge)


class PresentationFile(models.Model):
    """A unit's presentation file (汇报材料: PPT, PPTX or PDF), uploaded before the contest.

    Stored under a random name; sent only through the download view, to the office and the
    unit's own people, never linked from the media folder.
    """

    round = models.OneToOneField(
        ContestUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="presentation"
    )
    file = models.FileField(_("file"), upload_to="contest/presentations/", max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("presentation file")
        verbose_name_plural = _("presentation files")

    def __str__(self) -> str:
        return self.name
