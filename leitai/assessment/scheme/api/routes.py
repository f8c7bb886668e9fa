"""API routes of the scheme side: schemes, indicators, periods, targets, exemptions, adjustments."""

from leitai.assessment.scheme.api.views import (
    AdjustmentViewSet,
    ExemptionViewSet,
    IndicatorViewSet,
    PeriodViewSet,
    SchemeViewSet,
    TargetViewSet,
)

urls: list = []


def register(router) -> None:
    """Register the scheme side's viewsets on the API router."""
    router.register("schemes", SchemeViewSet, basename="scheme")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("periods", PeriodViewSet, basename="period")
    router.register("targets", TargetViewSet, basename="target")
    router.register("exemptions", ExemptionViewSet, basename="exemption")
    router.register("adjustments", AdjustmentViewSet, basename="adjustment")
