from django.urls import path

from leitai.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("schedule/", views.schedule, name="schedule"),
]
