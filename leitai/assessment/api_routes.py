"""The assessment app's API routes, from the scheme side and the collection side."""

from leitai.assessment import api_collection, api_scheme

urls: list = [*api_scheme.urls, *api_collection.urls]


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    api_scheme.register(router)
    api_collection.register(router)
