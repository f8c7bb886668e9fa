"""The pages of key tasks, under /tasks/ (URL namespace "tasks")."""

from django.urls import path

from leitai.keytasks.views import dispatch, edit, evidence, exports, imports, pages, reporting

app_name = "tasks"
urlpatterns = [
    path("", pages.task_list, name="task_list"),
    path("map/", pages.battle_map, name="battle_map"),
    path("map.xlsx", exports.battle_map_xlsx, name="battle_map_xlsx"),
    path("new/", edit.task_create, name="task_create"),
    path("settings/", edit.dispatch_settings, name="settings"),
    path("<int:task_id>/", pages.task_detail, name="task_detail"),
    path("<int:task_id>/edit/", edit.task_edit, name="task_edit"),
    path("<int:task_id>/report/", reporting.report, name="report"),
    path("<int:task_id>/milestones/new/", edit.milestone_create, name="milestone_create"),
    path(
        "<int:task_id>/milestones/<int:milestone_id>/edit/",
        edit.milestone_edit,
        name="milestone_edit",
    ),
    path("evidence/<int:evidence_id>/", evidence.evidence_download, name="evidence_download"),
    path(
        "<int:task_id>/milestones/<int:milestone_id>/evidence/",
        evidence.evidence_add,
        name="evidence_add",
    ),
    path("notices/", dispatch.notice_list, name="notice_list"),
    path("notices/new/", dispatch.notice_create, name="notice_create"),
    path("notices/<int:notice_id>/", dispatch.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>.docx", dispatch.notice_docx_view, name="notice_docx"),
    path("notices/<int:notice_id>.xlsx", dispatch.notice_xlsx_view, name="notice_xlsx"),
    path("import/", imports.import_upload, name="import"),
    path("export.xlsx", imports.export_workbook, name="export"),
    path("requests/", reporting.request_list, name="request_list"),
    path("requests/<int:request_id>/answer/", reporting.request_answer, name="request_answer"),
    path(
        "requests/<int:request_id>/follow-up/",
        reporting.request_follow_up,
        name="request_follow_up",
    ),
]
