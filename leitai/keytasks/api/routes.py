"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.keytasks.api import views

    router.register("tasks", views.TaskViewSet, basename="key-task")
    router.register("milestones", views.MilestoneViewSet, basename="milestone")
    router.register("milestone-evidence", views.EvidenceFileViewSet, basename="milestone-evidence")
    router.register("weekly-reports", views.ReportViewSet, basename="weekly-report")
    router.register("coordination-requests", views.RequestViewSet, basename="coordination-request")
