"""Routes of the working-day calendar (included in the organisation's routes)."""

from django.urls import path

from leitai.org.calendar import views

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/import/", views.calendar_import, name="calendar_import"),
    path("calendar/table.xlsx", views.calendar_template, name="calendar_template"),
    path("calendar/<int:day_id>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
]
