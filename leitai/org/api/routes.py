"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.org.api.views import (
        GroupViewSet,
        JurisdictionViewSet,
        PersonViewSet,
        SupervisionGroupViewSet,
        UnitViewSet,
        YearViewSet,
    )

    router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")
    router.register("years", YearViewSet, basename="year")
    router.register("units", UnitViewSet, basename="unit")
    router.register("groups", GroupViewSet, basename="group")
    router.register("supervision-groups", SupervisionGroupViewSet, basename="supervision-group")
    router.register("people", PersonViewSet, basename="person")
