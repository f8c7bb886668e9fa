"""The REST API's routes: core's own, then those every area declares (`leitai.core.areas`)."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from leitai.core.api_views import AuditEntryViewSet, MeView, TokenView, api_not_found
from leitai.core.areas import provided

router = DefaultRouter()
router.include_format_suffixes = False
router.register("audit", AuditEntryViewSet, basename="audit-entry")

# Each area's route module (declared on its AppConfig) adds its viewsets with
# `register(router)` and its plain views in `urls`.
area_urls = []
for routes in provided("api_routes"):
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
