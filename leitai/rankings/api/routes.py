"""The rankings API's routes: `register(router)` adds the viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register the snapshots, appeals and ranking notices viewsets on the API router."""
    from leitai.rankings.api.views import AppealViewSet, SnapshotViewSet
    from leitai.rankings.notices.api.views import NoticeViewSet

    router.register("ranking-snapshots", SnapshotViewSet, basename="ranking-snapshot")
    router.register("appeals", AppealViewSet, basename="appeal")
    router.register("notices", NoticeViewSet, basename="notice")
