"""The REST API's routes; each app registers its viewsets here."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from leitai.core.api_views import AuditEntryViewSet, MeView, TokenView, api_not_found

router = DefaultRouter()
router.include_format_suffixes = False
router.register("audit", AuditEntryViewSet, basename="audit-entry")


def routes_module(app: str) -> str:
    """Return the name of the app's routes module: `api/routes.py` (older apps: `api_routes.py`)."""
    try:
        found = find_spec(f"{app}.api.routes") is not None
    except ModuleNotFoundError:  # `api` is a module, not a package
        found = False
    return f"{app}.api.routes" if found else f"{app}.api_routes"


# Each area app adds its viewsets with `register(router)` and plain views in `urls`.
AREA_APPS = [
    "leitai.org",
    "leitai.assessment",
    "leitai.rankings",
    "leitai.tasks",
    "leitai.supervision",
]
area_urls = []
for app in AREA_APPS:
    routes = import_module(routes_module(app))
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
