"""The project's URLs plus three that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from leitai.urls import handler500, urlpatterns  # noqa: F401 - handler500 is looked up here


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


def _broken(request):
    raise RuntimeError("broken")


urlpatterns = [
    *urlpatterns,
    path("test-errors/403/", _forbidden),
    path("test-errors/400/", _bad),
    path("test-errors/500/", _broken),
]
