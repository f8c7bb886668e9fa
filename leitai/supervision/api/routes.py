"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.supervision.api.views import ProblemViewSet, RoundViewSet, VisitViewSet

    router.register("supervision/rounds", RoundViewSet, basename="supervision-round")
    router.register("supervision/visits", VisitViewSet, basename="supervision-visit")
    router.register("supervision/problems", ProblemViewSet, basename="supervision-problem")
