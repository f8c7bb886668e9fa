"""API routes of the collection side: submissions, values, evidence, judges' scores, chasing."""

from leitai.assessment.collection.api import views

urls: list = [*views.urls]


def register(router) -> None:
    """Register the collection side's viewsets on the API router."""
    views.register(router)
