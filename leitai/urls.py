from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from leitai.core import views as core_views
from leitai.org.views import account

handler500 = "leitai.core.views.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        account.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("audit/", include("leitai.core.urls")),
    path("org/", include("leitai.org.urls")),
    path("assessment/", include("leitai.assessment.urls")),
    path("rankings/", include("leitai.rankings.urls")),
    path("public/", include("leitai.rankings.public.urls")),
    path("tasks/", include("leitai.keytasks.urls")),
    path("projects/", include("leitai.projects.urls")),
    path("supervision/", include("leitai.supervision.urls")),
    path("notify/", include("leitai.notify.urls")),
    path("contest/", include("leitai.contest.urls")),
    path("city/", include("leitai.city.urls")),
    path("honours/", include("leitai.honours.urls")),
    path("selections/", include("leitai.selections.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("leitai.api_urls")),
    path("admin/", admin.site.urls),
]
