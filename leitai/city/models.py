"""The city's assessment of counties (市考) as it reaches the county: the city indicators of a
year, the county departments that carry each (承担), and the city's published results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitai.org.models import AssessmentYear, Unit

CODE = {"max_length": 32}


class CityIndicator(models.Model):
    """A city indicator of one year: how many peers the city ranks, how often and how late it
    publishes, and the county scheme's `rank` indicator whose value it supplies."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")

    year = models.ForeignKey(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.PROTECT,
        related_name="city_indicators",
    )
    code = models.CharField(_("code"), **CODE)
    name = models.CharField(_("name"), max_length=100)
    peers = models.PositiveSmallIntegerField(_("peers"))
    period_kind = models.CharField(
        _("city period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    lag_days = models.PositiveSmallIntegerField(_("usual publication lag (days)"), default=20)
    indicator_code = models.CharField(_("county indicator fed"), blank=True, **CODE)
    # The city's own rank-to-score rule: the engine's `rank` rule with these points and
    # parameters (floor or step, advance, retreat, cap, top_points, bottom_points).
    max_points = models.DecimalField(_("city points"), max_digits=8, decimal_places=4, default=10)
    params = models.JSONField(_("city rule"), default=dict, blank=True)

    class Meta:
        ordering = ("year", "code")
        verbose_name = _("city indicator")
        verbose_name_plural = _("city indicators")
        constraints = [
            models.UniqueConstraint(fields=("year", "code"), name="city_indicator_code_unique"),
            models.UniqueConstraint(
                fields=("year", "indicator_code"),
                condition=~Q(indicator_code=""),
                name="city_indicator_feeds_once",
            ),
            models.CheckConstraint(condition=Q(peers__gte=2), name="city_indicator_peers_ge_2"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CityCarrier(models.Model):
    """A county department that carries a city indicator, with its share (0 < share ≤ 1; the
    shares of one indicator sum to 1)."""

    city_indicator = models.ForeignKey(
        CityIndicator,
        verbose_name=_("city indicator"),
        on_delete=models.CASCADE,
        related_name="carriers",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="city_carriers"
    )
    share = models.DecimalField(_("share"), max_digits=5, decimal_places=4)

    class Meta:
        ordering = ("city_indicator", "unit__code")
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        constraints = [
            models.UniqueConstraint(fields=("city_indicator", "unit"), name="city_carrier_unique"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=1), name="city_carrier_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_indicator.code} {self.unit.code} {self.share}"


class CityRelease(models.Model):
    """The city's published results of one period (市考结果) as the office confirmed them from
    the city's notice table; `county` is the name the table gives this county."""

    year = models.ForeignKey(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.PROTECT,
        related_name="city_releases",
    )
    period_code = models.CharField(_("period"), max_length=10)
    county = models.CharField(_("this county in the table"), max_length=50)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ("year", "period_code")
        verbose_name = _("city results")
        verbose_name_plural = _("city results")
        constraints = [
            models.UniqueConstraint(fields=("year", "period_code"), name="city_release_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.period_code}"


class CityPosition(models.Model):
    """One county's position (and the city's value and score, when given) on one city
    indicator in a release."""

    release = models.ForeignKey(
        CityRelease, verbose_name=_("city results"), on_delete=models.CASCADE, related_name="rows"
    )
    city_indicator = models.ForeignKey(
        CityIndicator,
        verbose_name=_("city indicator"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    county = models.CharField(_("county"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True)
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=4, null=True)
    is_us = models.BooleanField(_("this county"), default=False)

    class Meta:
        ordering = ("release", "city_indicator", "position", "county")
        verbose_name = _("city position")
        verbose_name_plural = _("city positions")
        constraints = [
            models.UniqueConstraint(
                fields=("release", "city_indicator", "county"), name="city_position_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="city_position_ge_1"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.city_indicator.code} {self.position}"
