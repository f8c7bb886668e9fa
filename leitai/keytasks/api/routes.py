"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.keytasks.api import evidence as api_evidence
    from leitai.keytasks.api import views as api

    router.register("tasks", api.TaskViewSet, basename="key-task")
    router.register("milestones", api.MilestoneViewSet, basename="milestone")
    router.register(
        "milestone-evidence", api_evidence.EvidenceFileViewSet, basename="milestone-evidence"
    )
    router.register("weekly-reports", api.ReportViewSet, basename="weekly-report")
    router.register("coordination-requests", api.RequestViewSet, basename="coordination-request")
