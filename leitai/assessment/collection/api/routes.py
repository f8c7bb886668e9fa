"""API routes of the collection side: submissions, values, evidence, judges' scores, chasing."""

from django.urls import path

from leitai.assessment.collection.api.views import (
    ChasingView,
    EvidenceViewSet,
    PanelScoreViewSet,
    SubmissionViewSet,
    ValueViewSet,
)

urls: list = [
    path("chasing/<int:period_id>/", ChasingView.as_view(), name="api-chasing"),
]


def register(router) -> None:
    """Register the collection side's viewsets on the API router."""
    router.register("submissions", SubmissionViewSet, basename="submission")
    router.register("values", ValueViewSet, basename="indicator-value")
    router.register("evidence", EvidenceViewSet, basename="evidence")
    router.register("panel-scores", PanelScoreViewSet, basename="panel-score")
