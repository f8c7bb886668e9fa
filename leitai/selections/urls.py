from django.urls import path

from leitai.selections.views import nominations, public, selections, votes

app_name = "selections"
urlpatterns = [
    path("", selections.selection_list, name="list"),
    path("new/", selections.selection_create, name="create"),
    path("<int:selection_id>/", selections.selection_detail, name="detail"),
    path("<int:selection_id>/offices/new/", selections.clearance_office_add, name="office_add"),
    path("<int:selection_id>/publish/", selections.selection_publish, name="publish"),
    path("<int:selection_id>/codes/", selections.voter_codes, name="codes"),
    path("<int:selection_id>/scores/", selections.committee_scores, name="scores"),
    path("<int:selection_id>/vote/", votes.vote, name="vote"),
    path("<int:selection_id>/tally.xlsx", selections.tally_xlsx, name="tally_xlsx"),
    path(
        "<int:selection_id>/certificates.pdf",
        selections.certificates_pdf,
        name="certificates_pdf",
    ),
    path("<int:selection_id>/step/<slug:action>/", selections.selection_step, name="step"),
    path(
        "<int:selection_id>/nominate/<int:unit_id>/",
        nominations.nomination_create,
        name="nominate",
    ),
    path("nominations/<int:nomination_id>/", nominations.nomination_detail, name="nomination"),
    path(
        "nominations/<int:nomination_id>/<slug:action>/",
        nominations.nomination_step,
        name="nomination_step",
    ),
    path("files/<int:evidence_id>/", nominations.file_download, name="file"),
    path("objections/<int:objection_id>/", selections.objection_handle, name="objection_handle"),
    # No log-in: the public notice, its objection form, the final list, and code ballots.
    path("public/<str:code>/", public.public_index, name="public_index"),
    path("public/notice/<int:selection_id>/", public.public_selection, name="public"),
    path("ballot/<int:selection_id>/", votes.code_vote, name="code_vote"),
]
