from django.urls import path

from leitai.supervision.views import config, ledger, problems, rounds

app_name = "supervision"
urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("ledger.xlsx", ledger.ledger_xlsx, name="ledger_xlsx"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/visit/<int:unit_id>/", rounds.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/", rounds.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/edit/", rounds.visit_edit, name="visit_edit"),
    path(
        "visits/<int:visit_id>/problems/new/",
        problems.problem_from_visit,
        name="problem_from_visit",
    ),
    path("problems/new/", problems.problem_raise, name="problem_raise"),
    path("problems/<int:problem_id>/", problems.problem_detail, name="problem_detail"),
    path("problems/<int:problem_id>/<slug:action>/", problems.problem_step, name="problem_step"),
    path("evidence/<int:evidence_id>/", problems.evidence_download, name="evidence_download"),
    path("settings/", config.supervision_settings, name="settings"),
    path("settings/categories/new/", config.category_create, name="category_create"),
    path("settings/categories/<int:category_id>/", config.category_edit, name="category_edit"),
]
