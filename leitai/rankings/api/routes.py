"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.rankings.api.views import AppealViewSet, SnapshotViewSet

    router.register("ranking-snapshots", SnapshotViewSet, basename="ranking-snapshot")
    router.register("appeals", AppealViewSet, basename="appeal")
    from leitai.rankings.notices.api.views import NoticeViewSet

    router.register("notices", NoticeViewSet, basename="notice")
