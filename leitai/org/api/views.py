"""Viewsets of the organisation: reads scoped by leitai.org.access, writes through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, ServiceViewSet
from leitai.org import selectors, services
from leitai.org.access import (
    is_office_of,
    visible_groups,
    visible_jurisdictions,
    visible_supervision_groups,
    visible_units,
    visible_years,
)
from leitai.org.api import filters
from leitai.org.api import serializers as s

ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)


def documented(tag: str, noun: str, read, create=None, update=None):
    """Describe a viewset's actions for the schema: tag, summaries, bodies, error responses."""
    actions = {
        "list": extend_schema(
            tags=[tag],
            summary=f"List {noun}s",
            responses={200: read(many=True), 400: ErrorSerializer, **ERRORS},
        ),
        "retrieve": extend_schema(
            tags=[tag], summary=f"Get one {noun}", responses={200: read, **ERRORS}
        ),
    }
    if create:
        actions["create"] = extend_schema(
            tags=[tag],
            summary=f"Create a {noun} (office)",
            request=create,
            responses={201: read, 400: ErrorSerializer, **ERRORS},
        )
    if update:
        actions["partial_update"] = extend_schema(
            tags=[tag],
            summary=f"Change a {noun} (office)",
            request=update,
            responses={200: read, 400: ErrorSerializer, **ERRORS},
        )
    return extend_schema_view(**actions)


@documented("organisation", "jurisdiction", s.JurisdictionSerializer)
class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    """The jurisdictions the caller holds a role in."""

    serializer_class = s.JurisdictionSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return visible_jurisdictions(self.request.user).order_by("code")


@documented(
    "organisation",
    "assessment year",
    s.YearSerializer,
    s.YearCreateSerializer,
    s.YearUpdateSerializer,
)
class YearViewSet(ServiceViewSet):
    """Assessment years of the caller's jurisdictions."""

    serializer_class = s.YearSerializer
    create_serializer_class = s.YearCreateSerializer
    update_serializer_class = s.YearUpdateSerializer
    filterset_class = filters.YearFilter

    def get_queryset(self):
        return visible_years(self.request.user).order_by("jurisdiction_id", "-year")

    def jurisdiction_ids_of(self, obj):
        return [obj.jurisdiction_id]

    def perform_service_create(self, data):
        jurisdiction = s.pick_jurisdiction(self.request.user, data)
        return services.year_create(
            actor=self.request.user,
            jurisdiction=jurisdiction,
            year=data["year"],
            name=data["name"],
            is_current=data["is_current"],
        )

    def perform_service_update(self, obj, data):
        return services.year_update(actor=self.request.user, year=obj, **data)


@documented(
    "organisation", "unit", s.UnitSerializer, s.UnitCreateSerializer, s.UnitUpdateSerializer
)
class UnitViewSet(ServiceViewSet):
    """Units (departments) the caller may see; deactivate with `active: false`, never delete."""

    serializer_class = s.UnitSerializer
    create_serializer_class = s.UnitCreateSerializer
    update_serializer_class = s.UnitUpdateSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self):
        return visible_units(self.request.user).order_by("jurisdiction_id", "code")

    def jurisdiction_ids_of(self, obj):
        return [obj.jurisdiction_id]

    def perform_service_create(self, data):
        jurisdiction = s.pick_jurisdiction(self.request.user, data)
        data.pop("jurisdiction", None)
        return services.unit_create(actor=self.request.user, jurisdiction=jurisdiction, **data)

    def perform_service_update(self, obj, data):
        return services.unit_update(actor=self.request.user, unit=obj, **data)


@documented(
    "organisation", "group", s.GroupSerializer, s.GroupCreateSerializer, s.GroupUpdateSerializer
)
class GroupViewSet(ServiceViewSet):
    """Groups of comparable units, per year; member units listed as far as the caller sees."""

    serializer_class = s.GroupSerializer
    create_serializer_class = s.GroupCreateSerializer
    update_serializer_class = s.GroupUpdateSerializer
    filterset_class = filters.GroupFilter

    def get_queryset(self):
        return (
            visible_groups(self.request.user)
            .select_related("year")
            .prefetch_related("memberships")
            .order_by("year_id", "order", "code")
        )

    def jurisdiction_ids_of(self, obj):
        return [obj.year.jurisdiction_id]

    def perform_service_create(self, data):
        return services.group_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.group_update(actor=self.request.user, group=obj, **data)


@documented(
    "organisation",
    "supervision group",
    s.SupervisionGroupSerializer,
    s.SupervisionGroupCreateSerializer,
    s.SupervisionGroupUpdateSerializer,
)
class SupervisionGroupViewSet(ServiceViewSet):
    """Supervision groups: all for wide roles, one's own for members, the unit's for a unit."""

    serializer_class = s.SupervisionGroupSerializer
    create_serializer_class = s.SupervisionGroupCreateSerializer
    update_serializer_class = s.SupervisionGroupUpdateSerializer
    filterset_class = filters.SupervisionGroupFilter

    def get_queryset(self):
        return (
            visible_supervision_groups(self.request.user)
            .select_related("year")
            .prefetch_related("members", "assignments")
            .order_by("year_id", "order", "name")
        )

    def jurisdiction_ids_of(self, obj):
        return [obj.year.jurisdiction_id]

    def perform_service_create(self, data):
        return services.supervision_group_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.supervision_group_update(actor=self.request.user, group=obj, **data)


@documented(
    "organisation", "person", s.PersonSerializer, s.PersonCreateSerializer, s.PersonUpdateSerializer
)
class PersonViewSet(ServiceViewSet):
    """People (logins) and their roles; password hashes are never shown."""

    serializer_class = s.PersonSerializer
    create_serializer_class = s.PersonCreateSerializer
    update_serializer_class = s.PersonUpdateSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return selectors.person_list(self.request.user).order_by("username")

    def jurisdiction_ids_of(self, obj):
        return [g.jurisdiction_id for g in obj.grants]

    def perform_service_create(self, data):
        jurisdiction = s.pick_jurisdiction(self.request.user, data)
        with _person_errors():
            return services.person_create(
                actor=self.request.user,
                jurisdiction=jurisdiction,
                username=data["username"],
                full_name=data["name"],
                email=data.get("email", ""),
                password=data.get("password") or None,
                grants=_grants(data["grants"]),
            )

    def perform_service_update(self, obj, data):
        user = self.request.user
        jurisdiction = min(
            (g.jurisdiction for g in obj.grants if is_office_of(user, g.jurisdiction_id)),
            key=lambda j: j.pk,
        )
        changes = {"first_name": data["name"]} if "name" in data else {}
        changes |= {k: data[k] for k in ("email", "is_active") if k in data}
        if "grants" in data:
            changes["grants"] = _grants(data["grants"])
        with _person_errors():
            return services.person_edit(
                actor=user,
                person=obj,
                jurisdiction=jurisdiction,
                password=data.get("password"),
                **changes,
            )


def _grants(items):
    return [(item["role"], item.get("unit")) for item in items]


class _person_errors:
    """Name service errors after the API's fields (`first_name` is `name` here)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
            renamed = {("name" if k == "first_name" else k): v for k, v in exc.error_dict.items()}
            raise DjangoValidationError(renamed) from exc
        return False
