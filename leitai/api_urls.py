"""The REST API's routes; each app registers its viewsets here."""

from importlib import import_module

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from leitai.core.api_views import AuditEntryViewSet, MeView, TokenView, api_not_found

router = DefaultRouter()
router.include_format_suffixes = False
router.register("audit", AuditEntryViewSet, basename="audit-entry")


# Each area's route module adds its viewsets with `register(router)` and plain views in `urls`.
AREA_ROUTES = [
    "leitai.org.api.routes",
    "leitai.assessment.api_routes",
    "leitai.rankings.api_routes",
    "leitai.tasks.api_routes",
    "leitai.supervision.api.routes",
]
area_urls = []
for module in AREA_ROUTES:
    routes = import_module(module)
    routes.register(router)
    area_urls += routes.urls

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("token/", TokenView.as_view(), name="api-token"),
    *area_urls,
    *router.urls,
    # Keep last: anything else under /api/ is a 404 in the one error shape, not an HTML page.
    re_path(r"^[\s\S]*$", api_not_found),
]
