"""The contest API: contests, their live state and results (people), and the judges' phones
(authenticated by the judge's link token, `Authorization: Judge <token>`).

Reads are the pages' querysets (leitai.contest.access), so what a page hides is a 404 here too.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import authentication, exceptions, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from leitai.contest import selectors
from leitai.contest.access import judge_for_token, visible_contests
from leitai.contest.api.serializers import (
    BallotSerializer,
    BallotStateSerializer,
    ContestSerializer,
    JudgeStateSerializer,
    LiveSerializer,
    ResultSerializer,
    SubmissionSerializer,
    SubmittedSerializer,
    VotedSerializer,
)
from leitai.contest.models import Contest, ContestUnit, Judge, RankBallot, Submission
from leitai.contest.services import live, votes
from leitai.core.api.base import ID_PATTERN, ErrorSerializer

TAG = "contest"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)


def live_state(contest) -> dict:
    """Return the live state of a contest (names and counts, never a score)."""
    current = contest.current
    progress = selectors.progress(current) if current else None
    running = bool(current and current.timer_started_at)
    return {
        "state": contest.state,
        "order": selectors.running_order(contest),
        "current": current,
        "timer_seconds": current.timer_seconds if current else None,
        "timer_running": running,
        "submitted": progress.submitted if progress else [],
        "waiting": progress.waiting if progress else [],
        "votes": vote_progress(contest),
    }


def vote_progress(contest) -> dict | None:
    """Return who of the present judges has sent a rank ballot (rank-vote contests only)."""
    if contest.method != Contest.Method.RANK:
        return None
    voted = selectors.vote_progress(contest)
    return {
        "open": selectors.voting_open(contest),
        "submitted": voted.submitted,
        "waiting": voted.waiting,
    }


def result_rows(contest) -> list[dict]:
    rows = []
    for result in selectors.contest_results(contest):
        rows.append(
            {
                "unit": result.round.unit.code,
                "unit_name": result.round.unit.name,
                "score": result.score,
                "place": result.place,
                "classes": [
                    {
                        "code": part.code,
                        "weight": part.weight,
                        "mean": part.mean,
                        "sheets": part.sheets,
                        "dropped": [s.judge.name for s in part.sheets if s.pk in part.dropped],
                    }
                    for part in result.classes
                ],
                "voided": result.voided,
                "explain": result.explain,
            }
        )
    return rows


@extend_schema_view(
    list=extend_schema(
        tags=[TAG], summary="List contests", responses={200: ContestSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one contest", responses={200: ContestSerializer, **ERRORS}
    ),
)
class ContestViewSet(ReadOnlyModelViewSet):
    """Quarterly arena contests (打擂) the caller may see."""

    serializer_class = ContestSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        queryset = visible_contests(self.request.user).select_related("year", "period")
        return queryset.prefetch_related("groups").order_by("-held_on", "pk")

    @extend_schema(
        tags=[TAG],
        summary="The live state: running order, unit on stage, judges submitted (no scores)",
        responses={200: LiveSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def live(self, request, pk=None):
        contest = self.get_object()
        return Response(LiveSerializer(live_state(contest)).data)

    @extend_schema(
        tags=[TAG],
        summary="The results of the units revealed so far",
        responses={200: ResultSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        contest = self.get_object()
        return Response(ResultSerializer(result_rows(contest), many=True).data)


class JudgeLink(authentication.BaseAuthentication):
    """`Authorization: Judge <token>`: the judge's personal link, for his phone only."""

    keyword = "Judge"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        judge = judge_for_token(header[1]) if len(header) == 2 else None
        if judge is None:
            raise exceptions.AuthenticationFailed("This judge's link is not valid.")
        return (None, judge)

    def authenticate_header(self, request):
        return self.keyword


class JudgeLinkScheme(OpenApiAuthenticationExtension):
    """Describe the judge's link token in the OpenAPI schema."""

    target_class = "leitai.contest.api.views.JudgeLink"
    name = "judgeLink"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Judge <token>`: the token of a judge's personal link.",
        }


class IsJudge(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Judge)


def judge_state(judge: Judge) -> dict:
    """Return what the judge's phone shows now."""
    contest = judge.contest
    round_ = contest.current
    sheet = Submission.objects.filter(judge=judge, round=round_).first() if round_ else None
    scoring = bool(round_ and round_.state == ContestUnit.State.SCORING)
    recused = bool(round_ and selectors.is_recused(judge, round_))
    return {
        "contest": contest.name,
        "judge": judge.name,
        "criteria": contest.criteria,
        "round": round_.pk if round_ else None,
        "unit_name": round_.unit.name if round_ else None,
        "state": round_.state if round_ else None,
        "accepting": scoring and not recused and judge.present,
        "recused": recused,
        "submitted": sheet is not None,
        # A judge sees his own sheet back (to resend or correct it before the reveal).
        "points": sheet.points if sheet else None,
    }


class JudgeStateView(APIView):
    """The judge's phone: the unit being scored now."""

    authentication_classes = [JudgeLink]
    permission_classes = [IsJudge]

    @extend_schema(
        tags=[TAG],
        summary="A judge's phone: the unit being scored now",
        responses={200: JudgeStateSerializer, **ERRORS},
    )
    def get(self, request):
        return Response(JudgeStateSerializer(judge_state(request.auth)).data)


class JudgeSubmissionView(APIView):
    """The judge's phone sends a score sheet; the same key twice stores one score."""

    authentication_classes = [JudgeLink]
    permission_classes = [IsJudge]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=[TAG],
        summary="Submit a judge's score sheet (idempotent by key)",
        request=SubmissionSerializer,
        responses={
            200: SubmittedSerializer,
            201: SubmittedSerializer,
            400: ErrorSerializer,
            **ERRORS,
        },
    )
    def post(self, request):
        judge = request.auth
        body = SubmissionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        round_ = ContestUnit.objects.filter(pk=data["round"], contest_id=judge.contest_id).first()
        if round_ is None:
            raise Http404("not found")
        sheet, stored = live.submission_save(
            judge=judge, round=round_, key=data["key"], points=data["points"]
        )
        answer = {"round": round_.pk, "key": sheet.key, "stored": stored, "submitted": True}
        code = status.HTTP_201_CREATED if stored else status.HTTP_200_OK
        return Response(SubmittedSerializer(answer).data, status=code)


def ballot_state(judge: Judge) -> dict:
    """Return what the judge's phone shows in a rank vote (his own vote back, no one else's)."""
    contest = judge.contest
    ballot = RankBallot.objects.filter(judge=judge).first()
    rounds = selectors.ballot_units(judge)
    return {
        "contest": contest.name,
        "judge": judge.name,
        "open": selectors.voting_open(contest) and judge.present,
        "revealed": bool(rounds) and all(r.state == ContestUnit.State.REVEALED for r in rounds),
        "units": [{"round": r.pk, "unit_name": r.unit.name} for r in rounds],
        "voted": ballot is not None,
        "order": ballot.order if ballot else None,
    }


class JudgeBallotView(APIView):
    """A judge's phone in a rank vote: the units to order (GET) and the vote (POST, idempotent
    by key like a score sheet)."""

    authentication_classes = [JudgeLink]
    permission_classes = [IsJudge]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=[TAG],
        summary="A judge's phone in a rank vote: the units to order",
        responses={200: BallotStateSerializer, **ERRORS},
    )
    def get(self, request):
        return Response(BallotStateSerializer(ballot_state(request.auth)).data)

    @extend_schema(
        tags=[TAG],
        summary="Send a judge's rank vote, best first (idempotent by key)",
        request=BallotSerializer,
        responses={200: VotedSerializer, 201: VotedSerializer, 400: ErrorSerializer, **ERRORS},
    )
    def post(self, request):
        judge = request.auth
        body = BallotSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ballot, stored = votes.ballot_save(
            judge=judge, contest=judge.contest, key=data["key"], order=data["order"]
        )
        answer = {"key": ballot.key, "stored": stored, "voted": True}
        code = status.HTTP_201_CREATED if stored else status.HTTP_200_OK
        return Response(VotedSerializer(answer).data, status=code)
