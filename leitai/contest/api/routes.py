"""This app's API routes: `register(router)` adds viewsets; `urls` holds plain API views."""

from django.urls import path

from leitai.contest.api.views import JudgeBallotView, JudgeStateView, JudgeSubmissionView

urls: list = [
    path("contest/judge/ballot/", JudgeBallotView.as_view(), name="api-contest-judge-ballot"),
    path("contest/judge/state/", JudgeStateView.as_view(), name="api-contest-judge-state"),
    path(
        "contest/judge/submissions/",
        JudgeSubmissionView.as_view(),
        name="api-contest-judge-submissions",
    ),
]


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    from leitai.contest.api.views import ContestViewSet

    router.register("contest/contests", ContestViewSet, basename="contest")
