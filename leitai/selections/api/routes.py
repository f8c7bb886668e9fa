"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.selections.api.views import NominationViewSet, ObjectionViewSet, SelectionViewSet

    router.register("selections/selections", SelectionViewSet, basename="api-selection")
    router.register(
        "selections/nominations", NominationViewSet, basename="api-selection-nomination"
    )
    router.register("selections/objections", ObjectionViewSet, basename="api-selection-objection")
