"""Building blocks of API views: the error schema, strict input, id filters, office writes."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.org.access import scope_for

# The largest id a database integer column holds; larger ids are refused before any query.
MAX_ID = 2**63 - 1
ID_PATTERN = r"[0-9]{1,18}"


class ErrorDetailSerializer(serializers.Serializer):
    """The body of every error response (for the schema)."""

    code = serializers.CharField(help_text="Machine-readable code, e.g. invalid, not_found.")
    message = serializers.CharField(help_text="What went wrong, in words.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field path → messages; empty unless the input was invalid.",
    )


class ErrorSerializer(serializers.Serializer):
    """`{"error": {...}}`, the one error shape."""

    error = ErrorDetailSerializer()


# --- input ---------------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """A write serializer that refuses fields it does not know, naming each one."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: it cannot be set here."] for name in unknown}
                )
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(filters.NumberFilter):
    """Filter by an object id, refusing values no database id can have."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


# --- office writes ------------------------------------------------------------------------


class OfficeWrites(permissions.BasePermission):
    """Reads for everyone authenticated; creates for an office; changes for the object's office.

    Object routes look the object up in the caller's visible queryset first, so an object the
    caller cannot see is a 404 and one they can see but not change is a 403.
    """

    message = "Only the assessment office may change this."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        return bool(scope_for(request.user).office_jurisdiction_ids)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        office = scope_for(request.user).office_jurisdiction_ids
        return bool(office & set(view.jurisdiction_ids_of(obj)))


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """A read viewset whose create and partial update call service functions.

    Subclasses set `serializer_class` (output), `create_serializer_class`,
    `update_serializer_class`, and implement `jurisdiction_ids_of`, `perform_service_create`
    and `perform_service_update` (both return the saved object).
    """

    permission_classes = [permissions.IsAuthenticated, OfficeWrites]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID_PATTERN
    create_serializer_class: type[serializers.Serializer] | None = None
    update_serializer_class: type[serializers.Serializer] | None = None

    def jurisdiction_ids_of(self, obj) -> list[int]:
        raise NotImplementedError

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer_class:
            return self.create_serializer_class
        if self.action == "partial_update" and self.update_serializer_class:
            return self.update_serializer_class
        return self.serializer_class

    def output(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        data = self.serializer_class(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_service_create(serializer.validated_data)
        return self.output(obj, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_service_update(obj, serializer.validated_data)
        return self.output(obj)

    def perform_service_create(self, data: dict):
        raise NotImplementedError

    def perform_service_update(self, obj, data: dict):
        raise NotImplementedError
