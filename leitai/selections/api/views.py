"""The selections API: selections, nominations, objections and votes.

Reads are the pages' querysets (leitai.selections.access), so what a page hides is a 404 here
too; writes call the same services. The tally reads null until the vote closed.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer
from leitai.org.access import get_or_404
from leitai.selections import access, selectors, services
from leitai.selections.api.serializers import (
    HandlingSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    ObjectionCreateSerializer,
    ObjectionSerializer,
    ReceivedSerializer,
    ResultsSerializer,
    RevocationReasonSerializer,
    SelectionBallotSerializer,
    SelectionSerializer,
    SelectionVotedSerializer,
)
from leitai.selections.models import Nomination, Selection
from leitai.selections.views.public import too_many

TAG = "selections"
ERRORS = dict.fromkeys((400, 401, 403, 404), ErrorSerializer)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List selections",
        responses={200: SelectionSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one selection", responses={200: SelectionSerializer, **ERRORS}
    ),
)
class SelectionViewSet(ReadOnlyModelViewSet):
    """Selections (评选) of the caller's county."""

    serializer_class = SelectionSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return (
            access.visible_selections(self.request.user).prefetch_related("titles").order_by("pk")
        )

    @extend_schema(
        tags=[TAG],
        summary="Cast the caller's ballot: one vote per person per title",
        request=SelectionBallotSerializer,
        responses={201: SelectionVotedSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def vote(self, request, pk=None):
        selection = self.get_object()
        ballot = SelectionBallotSerializer(data=request.data)
        ballot.is_valid(raise_exception=True)
        try:
            choices = {int(k): v for k, v in ballot.validated_data["choices"].items()}
        except ValueError as exc:
            raise Http404("not found") from exc
        titles = services.vote_cast(selection=selection, choices=choices, voter=request.user)
        return Response({"titles": titles}, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="The tally: sealed (empty) until the vote closed",
        responses={200: ResultsSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        selection = self.get_object()
        rows = selectors.results(selection)
        sealed = selection.status != Selection.Status.FINAL
        data = {"sealed": sealed, "results": rows}
        return Response(ResultsSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List nominations",
        responses={200: NominationSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one nomination", responses={200: NominationSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Nominate a person of the caller's unit",
        request=NominationCreateSerializer,
        responses={201: NominationSerializer, **ERRORS},
    ),
)
class NominationViewSet(mixins.CreateModelMixin, ReadOnlyModelViewSet):
    """Nominations the caller may see; `?selection=<id>` keeps one selection's."""

    serializer_class = NominationSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        queryset = access.visible_nominations(self.request.user).select_related(
            "selection", "title", "unit"
        )
        selection = self.request.query_params.get("selection", "")
        if selection:
            if not selection.isdigit() or len(selection) > 18:
                raise Http404("not found")
            queryset = queryset.filter(selection_id=int(selection))
        return queryset.order_by("pk")

    def get_serializer_class(self):
        return NominationCreateSerializer if self.action == "create" else NominationSerializer

    def create(self, request, *args, **kwargs):
        data = NominationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        selection = access.selection_for_user(request.user, d["selection"])
        title = get_or_404(selection.titles.all(), d["title"])
        person = None
        if d.get("person"):
            person = get_or_404(access.unit_people(d["unit"]), d["person"])
        nomination = services.nomination_save(
            actor=request.user,
            selection=selection,
            unit_id=d["unit"],
            title=title,
            person=person,
            name=d["name"],
            position=d["position"],
            deeds=d["deeds"],
        )
        nomination = Nomination.objects.select_related("selection", "title", "unit").get(
            pk=nomination.pk
        )
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Sign the nomination off (the unit leader)",
        request=None,
        responses={200: NominationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        nomination = services.nomination_sign(actor=request.user, nomination=self.get_object())
        return Response(NominationSerializer(self.get_queryset().get(pk=nomination.pk)).data)

    @extend_schema(
        tags=[TAG],
        summary="Revoke an award that rested on false 事迹 (office)",
        request=RevocationReasonSerializer,
        responses={200: NominationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = RevocationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_revoke(
            actor=request.user, nomination=self.get_object(), reason=body.validated_data["reason"]
        )
        return Response(NominationSerializer(self.get_queryset().get(pk=nomination.pk)).data)


class ObjectionPermission(permissions.BasePermission):
    """Anyone may send an objection (no log-in); only the office reads and handles them."""

    def has_permission(self, request, view):
        return view.action == "create" or bool(request.user and request.user.is_authenticated)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List objections (office)",
        responses={200: ObjectionSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one objection (office)",
        responses={200: ObjectionSerializer, **ERRORS},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Object to a nominee on public notice (anyone, no log-in)",
        request=ObjectionCreateSerializer,
        responses={201: ReceivedSerializer, 429: ErrorSerializer, **ERRORS},
    ),
)
class ObjectionViewSet(mixins.CreateModelMixin, ReadOnlyModelViewSet):
    """Objections to nominees on public notice."""

    serializer_class = ObjectionSerializer
    permission_classes = [ObjectionPermission]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return access.visible_objections(self.request.user).order_by("pk")

    def get_serializer_class(self):
        return ObjectionCreateSerializer if self.action == "create" else ObjectionSerializer

    def create(self, request, *args, **kwargs):
        if too_many(request._request, "objection"):
            raise Throttled()
        body = ObjectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        on_notice = Nomination.objects.filter(selection__in=selectors.public_selections_all())
        nomination = get_or_404(on_notice, d["nomination"])
        services.objection_submit(nomination=nomination, reason=d["reason"], contact=d["contact"])
        return Response({"received": True}, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Record how the objection was handled (office)",
        request=HandlingSerializer,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        body = HandlingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = services.objection_handle(
            actor=request.user,
            objection=self.get_object(),
            uphold=body.validated_data["outcome"] == "uphold",
            handling=body.validated_data["handling"],
        )
        return Response(ObjectionSerializer(self.get_queryset().get(pk=objection.pk)).data)
