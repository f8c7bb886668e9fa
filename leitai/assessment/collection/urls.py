"""Routes of the collection side: data entry, review, Excel, chasing, judges' scores."""

from django.urls import path

from leitai.assessment.collection.views import chasing, collection, excel, panel, review

urlpatterns: list = [
    path("collect/", collection.collect_home, name="collect"),
    path(
        "collect/<int:period_id>/units/<int:unit_id>/",
        collection.submission_detail,
        name="submission",
    ),
    path(
        "collect/<int:period_id>/units/<int:unit_id>/evidence/",
        collection.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:evidence_id>/", collection.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", collection.evidence_delete, name="evidence_delete"),
    path("review/", review.review_home, name="review_home"),
    path("review/<int:period_id>/", review.review_table, name="review"),
    path("review/<int:period_id>/act/", review.review_act, name="review_act"),
    path("excel/<int:period_id>/template.xlsx", excel.template, name="excel_template"),
    path("excel/<int:period_id>/upload/", excel.upload, name="excel_upload"),
    path("chasing/", chasing.chasing_home, name="chasing_home"),
    path("chasing/<int:period_id>/", chasing.board, name="chasing"),
    path("chasing/<int:period_id>/late.xlsx", chasing.export, name="chasing_export"),
    path("chasing/<int:period_id>/remind/", chasing.remind, name="chasing_remind"),
    path("chasing/<int:period_id>/system-values/", chasing.refresh, name="system_values"),
    path("panel/", panel.panel_home, name="panel_home"),
    path("panel/<int:period_id>/", panel.panel_scores, name="panel"),
    path("panel/<int:period_id>/scores.xlsx", panel.panel_workbook, name="panel_workbook"),
    path("panel/<int:period_id>/upload/", panel.panel_upload, name="panel_upload"),
]
