"""Page routes of the city area."""

from django.urls import path

from leitai.city.views import pages

app_name = "city"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("indicators/new/", pages.indicator_create, name="indicator_create"),
    path("indicators/<int:indicator_id>/", pages.indicator_edit, name="indicator_edit"),
    path("results/upload/", pages.results_upload, name="upload"),
    path("results/<int:release_id>/", pages.release_detail, name="release"),
]
