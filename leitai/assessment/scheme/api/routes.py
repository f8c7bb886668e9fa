"""API routes of the scheme side: schemes, indicators, periods, targets, exemptions, adjustments."""

from leitai.assessment.scheme.api import views

urls: list = [*views.urls]


def register(router) -> None:
    """Register the scheme side's viewsets on the API router."""
    views.register(router)
