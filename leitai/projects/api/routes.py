"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.projects.api import views

    router.register("projects", views.ProjectViewSet, basename="project")
    router.register("project-stages", views.StageViewSet, basename="project-stage")
    router.register("project-months", views.MonthViewSet, basename="project-month")
