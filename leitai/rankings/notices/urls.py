"""Routes of the ranking notice pages, added to the rankings namespace."""

from django.urls import path

from leitai.rankings.notices import views

urlpatterns = [
    path("desk/notice-settings/", views.notice_settings_view, name="notice_settings"),
    path("snapshots/<int:snapshot_id>/notices/", views.notice_list, name="notice_list"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/status/", views.notice_status, name="notice_status"),
    path("notices/<int:notice_id>/public/", views.notice_public, name="notice_public"),
    path("notices/<int:notice_id>/retry/", views.notice_retry_view, name="notice_retry"),
    path("notices/<int:notice_id>/<str:kind>/", views.notice_download, name="notice_download"),
]
