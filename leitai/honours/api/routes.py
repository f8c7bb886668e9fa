"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

urls: list = []


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.honours.api import views

    router.register("honours/rules", views.RulesViewSet, basename="honours-rules")
    router.register("honours/drafts", views.DraftViewSet, basename="honours-draft")
    router.register("honours/grades", views.GradeViewSet, basename="honours-grade")
    router.register("honours/awards", views.AwardViewSet, basename="honours-award")
    router.register("honours/objections", views.ObjectionViewSet, basename="honours-objection")
