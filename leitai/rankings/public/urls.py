"""Public results pages (no login): /public/<county code>/[<period code>/]."""

from django.urls import path

from leitai.rankings.public import views as views_public

app_name = "public"
urlpatterns = [
    path("", views_public.public_index, name="index"),
    path("notices/<int:notice_id>/<str:kind>/", views_public.public_download, name="download"),
    path("<str:code>/", views_public.public_results, name="results"),
    path("<str:code>/<str:period_code>/", views_public.public_results, name="period"),
]
