"""Routes of the rankings pages (namespace `rankings`), the ranking notice pages included."""

from django.urls import path

from leitai.rankings.views import appeals, boards, manage, screen

app_name = "rankings"
urlpatterns = [
    path("", boards.index, name="index"),
    path("snapshots/<int:snapshot_id>/", boards.leaderboard, name="leaderboard"),
    path("snapshots/<int:snapshot_id>/units/<int:unit_id>/", boards.scorecard, name="scorecard"),
    path("trends/", boards.trends, name="trends"),
    path("bigscreen/", screen.bigscreen, name="bigscreen"),
    path("periods/<int:period_id>/history/", boards.history, name="history"),
    path("desk/", manage.desk, name="desk"),
    path("desk/settings/", manage.publishing_settings, name="settings"),
    path("periods/<int:period_id>/compute/", manage.compute, name="compute"),
    path("snapshots/<int:snapshot_id>/check/", manage.check, name="check"),
    path("snapshots/<int:snapshot_id>/display/", manage.display, name="display"),
    path("appeals/", appeals.appeal_list, name="appeal_list"),
    path("appeals/<int:appeal_id>/", appeals.appeal_detail, name="appeal_detail"),
    path("appeals/<int:appeal_id>/reissue/", appeals.appeal_reissue, name="appeal_reissue"),
    path(
        "snapshots/<int:snapshot_id>/units/<int:unit_id>/appeal/",
        appeals.appeal_new,
        name="appeal_new",
    ),
]

from leitai.rankings.notices.urls import urlpatterns as notice_urls  # noqa: E402

urlpatterns += notice_urls
