"""The pages of the project ledger, under /projects/ (URL namespace "projects")."""

from django.urls import path

from leitai.projects.views import edit, events, imports, pages, progress

app_name = "projects"
urlpatterns = [
    path("", pages.project_map, name="project_map"),
    path("map.xlsx", pages.project_map_xlsx, name="project_map_xlsx"),
    path("new/", edit.project_create, name="project_create"),
    path("feeds/", edit.feeds, name="feeds"),
    path("import/", imports.import_upload, name="import"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:event_id>/", events.event_detail, name="event_detail"),
    path("events/photos/<int:evidence_id>/", events.photo_download, name="event_photo"),
    path("export.xlsx", imports.export_workbook, name="export"),
    path("<int:project_id>/", pages.project_detail, name="project_detail"),
    path("<int:project_id>/edit/", edit.project_edit, name="project_edit"),
    path("<int:project_id>/month/", progress.month_update, name="month_update"),
    path(
        "<int:project_id>/stages/<int:stage_id>/report/",
        progress.stage_report,
        name="stage_report",
    ),
    path(
        "<int:project_id>/stages/<int:stage_id>/check/",
        progress.stage_check,
        name="stage_check",
    ),
    path("evidence/<int:evidence_id>/", progress.evidence_download, name="evidence_download"),
    path("photos/<int:evidence_id>/", progress.photo_download, name="photo_download"),
]
