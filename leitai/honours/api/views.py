"""The honours API: rules per scheme version, drafts and their steps, grades, awards, objections.

Reads are access.py's querysets, so what a page hides is a 404 here too; writes call the same
services as the pages.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.honours import access, services
from leitai.honours.api import serializers as s
from leitai.honours.models import HonoursDraft, HonoursEntry, Objection

TAG = "honours"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
WRITE = {400: ErrorSerializer, **ERRORS}


class Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN

    def valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def output(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Grading rules of each scheme version (office)",
        responses={200: s.RulesSerializer(many=True), **WRITE},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Grading rules of one scheme version (office)",
        responses={200: s.RulesSerializer, **ERRORS},
    ),
)
class RulesViewSet(Base):
    """The grading rules (评优规则) kept with each scheme version."""

    serializer_class = s.RulesSerializer

    def get_queryset(self):
        rows = access.visible_schemes(self.request.user).select_related("grading")
        return rows.order_by("year_id", "version")

    @extend_schema(
        tags=[TAG],
        summary="Set the rules of a version",
        request=s.RulesSetSerializer,
        responses={200: s.RulesSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"], url_path="set")
    def set_rules(self, request, pk=None):
        scheme = self.get_object()
        data = self.valid(s.RulesSetSerializer)
        services.grading_rules_set(actor=request.user, scheme=scheme, rules=data["rules"])
        return self.output(scheme)


class DraftFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    state = filters.ChoiceFilter(choices=HonoursDraft.State.choices)

    class Meta:
        model = HonoursDraft
        fields = ["year", "state"]


def _step(summary, request=None):
    return extend_schema(
        tags=[TAG], summary=summary, request=request, responses={200: s.DraftSerializer, **WRITE}
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List honours drafts",
        responses={200: s.DraftSerializer(many=True), **WRITE},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one honours draft", responses={200: s.DraftSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Grade the year into a new draft (office)",
        request=s.GradeRequestSerializer,
        responses={201: s.DraftSerializer, **WRITE},
    ),
)
class DraftViewSet(Base):
    """Honours drafts (评优草稿): one grading of a year each, and their way to the final list."""

    serializer_class = s.DraftSerializer
    filterset_class = DraftFilter

    def get_queryset(self):
        return access.visible_drafts(self.request.user).order_by("year_id", "number")

    def for_change(self, pk):
        return access.draft_for_user(self.request.user, pk, for_change=True)

    def create(self, request):
        data = self.valid(s.GradeRequestSerializer)
        draft = services.honours_grade(actor=request.user, **data)
        return self.output(draft, status.HTTP_201_CREATED)

    @_step("Publish a draft, with its publicity period (office)")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self.output(services.honours_publish(actor=request.user, draft=self.for_change(pk)))

    @_step("Finalise a publicised draft (office)")
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        draft = self.for_change(pk)
        return self.output(services.honours_finalise(actor=request.user, draft=draft))

    @_step("Discard a draft (office)", s.DiscardSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        draft = self.for_change(pk)
        data = self.valid(s.DiscardSerializer)
        return self.output(services.honours_discard(actor=request.user, draft=draft, **data))


class EntryFilter(filters.FilterSet):
    draft = IdFilter(field_name="draft_id", help_text="Honours draft id.")
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")

    class Meta:
        model = HonoursEntry
        fields = ["draft", "unit"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List units' grades with their reasons",
        responses={200: s.GradeSerializer(many=True), **WRITE},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one unit's grade", responses={200: s.GradeSerializer, **ERRORS}
    ),
)
class GradeViewSet(Base):
    """Each unit's grade, awards, gates and reason in a draft."""

    serializer_class = s.GradeSerializer
    filterset_class = EntryFilter

    def get_queryset(self):
        return access.visible_entries(self.request.user).order_by("draft_id", "position")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List the units with awards",
        responses={200: s.AwardSerializer(many=True), **WRITE},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one unit's awards", responses={200: s.AwardSerializer, **ERRORS}
    ),
)
class AwardViewSet(GradeViewSet):
    """The units that won awards (先进单位, 进步奖, 单项奖) in a draft."""

    serializer_class = s.AwardSerializer

    def get_queryset(self):
        return super().get_queryset().exclude(awards=[])


class ObjectionFilter(filters.FilterSet):
    draft = IdFilter(field_name="draft_id", help_text="Honours draft id.")
    state = filters.ChoiceFilter(choices=Objection.State.choices)

    class Meta:
        model = Objection
        fields = ["draft", "state"]


def _handle(summary):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        request=s.HandlingSerializer,
        responses={200: s.ObjectionSerializer, **WRITE},
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List objections (office)",
        responses={200: s.ObjectionSerializer(many=True), **WRITE},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one objection (office)",
        responses={200: s.ObjectionSerializer, **ERRORS},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Record an objection to a publicised draft (office)",
        request=s.ObjectionCreateSerializer,
        responses={201: s.ObjectionSerializer, **WRITE},
    ),
)
class ObjectionViewSet(Base):
    """Objections (异议) received during a draft's publicity, and how each was handled."""

    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilter

    def get_queryset(self):
        return access.visible_objections(self.request.user).order_by("draft_id", "received_at")

    def create(self, request):
        data = self.valid(s.ObjectionCreateSerializer)
        objection = services.objection_record(actor=request.user, **data)
        return self.output(objection, status.HTTP_201_CREATED)

    def _decide(self, pk, action_name):
        objection = access.objection_for_user(self.request.user, pk)
        data = self.valid(s.HandlingSerializer)
        return self.output(
            services.objection_handle(
                actor=self.request.user, objection=objection, action=action_name, **data
            )
        )

    @_handle("Uphold an objection (office)")
    @action(detail=True, methods=["post"])
    def uphold(self, request, pk=None):
        return self._decide(pk, "uphold")

    @_handle("Dismiss an objection (office)")
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._decide(pk, "dismiss")
