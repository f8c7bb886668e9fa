from django.urls import path

from leitai.honours.views import drafts

app_name = "honours"
urlpatterns = [
    path("", drafts.index, name="index"),
]
