from django.urls import path

from leitai.honours.views import documents, drafts, units

app_name = "honours"
urlpatterns = [
    path("", drafts.index, name="index"),
    path("grade/", drafts.grade, name="grade"),
    path("rules/<int:scheme_id>/", drafts.rules_edit, name="rules"),
    path("drafts/<int:draft_id>/", drafts.draft_detail, name="draft"),
    path("drafts/<int:draft_id>/objections/", drafts.objection_create, name="objection_create"),
    path("drafts/<int:draft_id>/<slug:action>/", drafts.draft_step, name="draft_step"),
    path(
        "objections/<int:objection_id>/<slug:action>/",
        drafts.objection_decide,
        name="objection_decide",
    ),
    path("drafts/<int:draft_id>/files/<slug:kind>/", documents.download, name="download"),
    path("drafts/<int:draft_id>/units/<int:unit_id>/", units.unit_year, name="unit_year"),
    path("units/<int:unit_id>/history/", units.unit_history, name="unit_history"),
    path("public/<str:code>/", units.public_roll, name="public_roll"),
    path("public/<str:code>/screen/", units.big_screen, name="big_screen"),
]
