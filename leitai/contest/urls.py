from django.urls import path

from leitai.contest.views import contests, files, judge, live, results, votes

app_name = "contest"
urlpatterns = [
    path("", contests.contest_list, name="list"),
    path("new/", contests.contest_create, name="create"),
    path("<int:contest_id>/", contests.contest_detail, name="detail"),
    path("<int:contest_id>/edit/", contests.contest_edit, name="edit"),
    path("<int:contest_id>/draw/", contests.contest_draw, name="draw"),
    path("<int:contest_id>/step/<slug:action>/", contests.contest_step, name="step"),
    path("<int:contest_id>/judges/", contests.judge_add, name="judge_add"),
    path("<int:contest_id>/recusals/", contests.recusal_add, name="recusal_add"),
    path("<int:contest_id>/finish/", live.contest_finish, name="finish"),
    path("<int:contest_id>/votes/reveal/", votes.votes_reveal, name="votes_reveal"),
    path("<int:contest_id>/console/", live.console_live, name="console_live"),
    path("<int:contest_id>/screen/", live.screen, name="screen"),
    path("<int:contest_id>/screen/live/", live.screen_live, name="screen_live"),
    path("<int:contest_id>/fairness/", results.contest_fairness, name="fairness"),
    path("<int:contest_id>/results.pdf", results.result_pdf, name="result_pdf"),
    path("<int:contest_id>/results.xlsx", results.result_xlsx, name="result_xlsx"),
    path("judges/<int:judge_id>/replace/", results.replace_judge, name="replace"),
    path("judges/<int:judge_id>/link/", contests.judge_link, name="judge_link"),
    path("judges/<int:judge_id>/revoke/", contests.judge_revoke, name="judge_revoke"),
    path("judges/<int:judge_id>/presence/", contests.judge_presence, name="judge_presence"),
    path("rounds/<int:round_id>/presentation/", files.presentation_download, name="presentation"),
    path(
        "rounds/<int:round_id>/presentation/upload/",
        files.presentation_upload,
        name="presentation_upload",
    ),
    path("rounds/<int:round_id>/<slug:action>/", live.round_step, name="round_step"),
    path("sheets/<int:submission_id>/void/", live.submission_void, name="void"),
    path("j/<str:token>/", judge.judge_page, name="judge_page"),
]
