"""API endpoints about the caller and the record: who am I, tokens, the audit log."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from leitai.core import tokens
from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.core.models import AuditEntry
from leitai.org.access import scope_for
from leitai.org.models import RoleGrant

PASSWORD_EXPIRED = _("Your password has expired; change it on the password page, then ask again.")

ERRORS = {401: ErrorSerializer, 403: ErrorSerializer}


# --- me -----------------------------------------------------------------------------------------


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_name = serializers.CharField(help_text="The role's name in the current language.")
    jurisdiction = serializers.IntegerField()
    jurisdiction_name = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    is_office = serializers.BooleanField(help_text="Holds the office role somewhere.")
    roles = RoleSerializer(many=True)


class MeView(APIView):
    """The caller: who they are and the roles they hold, with jurisdiction and unit."""

    @extend_schema(tags=["account"], summary="Who am I", responses={200: MeSerializer, **ERRORS})
    def get(self, request):
        user = request.user
        grants = RoleGrant.objects.filter(user=user).select_related("jurisdiction", "unit")
        roles = [
            {
                "role": g.role,
                "role_name": str(g.get_role_display()),
                "jurisdiction": g.jurisdiction_id,
                "jurisdiction_name": g.jurisdiction.name,
                "unit": g.unit_id,
                "unit_name": g.unit.name if g.unit else None,
            }
            for g in sorted(grants, key=lambda g: (g.jurisdiction_id, g.role, g.unit_id or 0))
        ]
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.first_name,
            "is_office": scope_for(user).is_office,
            "roles": roles,
        }
        return Response(MeSerializer(data).data)


# --- token --------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires = serializers.DateTimeField(help_text="When the token stops working.")


class TokenStatusSerializer(serializers.Serializer):
    issued = serializers.DateTimeField(help_text="When the token was issued.")
    expires = serializers.DateTimeField(help_text="When the token stops working.")


class TokenPermission(permissions.BasePermission):
    """Anyone may ask for a token with a password; only its holder may revoke it."""

    def has_permission(self, request, view):
        return request.method == "POST" or bool(request.user and request.user.is_authenticated)


class TokenView(APIView):
    """Get an API token with a username and password; see or revoke one's own token."""

    permission_classes = [TokenPermission]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["account"],
        summary="Get a token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: ErrorSerializer,
            **ERRORS,
            429: OpenApiResponse(ErrorSerializer, description="Too many wrong passwords."),
        },
    )
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(
            request._request,  # the HttpRequest: django-axes marks a locked-out one
            username=body.validated_data["username"],
            password=body.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": ["Unable to log in with this username and password."]}
            )
        from leitai.core.passwords import password_expired
        from leitai.org.services import token_issue

        if password_expired(user):
            raise exceptions.PermissionDenied(PASSWORD_EXPIRED)
        token = token_issue(person=user)
        return Response({"token": token.key, "expires": tokens.expires_at(token)})

    @extend_schema(
        tags=["account"],
        summary="My token: when it was issued and when it expires (never the key)",
        responses={200: TokenStatusSerializer, 404: ErrorSerializer, **ERRORS},
    )
    def get(self, request):
        from rest_framework.authtoken.models import Token

        token = Token.objects.filter(user=request.user).first()
        if token is None:
            raise exceptions.NotFound("You have no API token.")
        return Response({"issued": token.created, "expires": tokens.expires_at(token)})

    @extend_schema(tags=["account"], summary="Revoke my token", responses={204: None, **ERRORS})
    def delete(self, request):
        from leitai.org.services import token_revoke

        token_revoke(actor=request.user, person=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- audit log ------------------------------------------------------------------------------------


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "unit",
            "jurisdiction",
            "before",
            "after",
            "source",
            "request_id",
        ]
        read_only_fields = fields


class AuditFilter(filters.FilterSet):
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")
    object_type = filters.CharFilter(max_length=80, help_text="e.g. org.unit, org.group.")
    object_id = filters.CharFilter(max_length=64, help_text="The object's id.")
    action = filters.CharFilter(max_length=80, help_text="e.g. unit.update.")

    class Meta:
        model = AuditEntry
        fields = ["unit", "object_type", "object_id", "action"]


class AuditAdminOnly(permissions.BasePermission):
    message = "Only the audit administrator may read the audit log."

    def has_permission(self, request, view):
        return bool(scope_for(request.user).audit_jurisdiction_ids)


@extend_schema_view(
    list=extend_schema(
        tags=["audit"],
        summary="List audit entries (audit administrator)",
        responses={
            200: AuditEntrySerializer(many=True),
            400: ErrorSerializer,
            404: ErrorSerializer,
            **ERRORS,
        },
    ),
    retrieve=extend_schema(
        tags=["audit"],
        summary="Get one audit entry (audit administrator)",
        responses={200: AuditEntrySerializer, 404: ErrorSerializer, **ERRORS},
    ),
)
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The change log of the audit administrator's jurisdictions, newest first."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, AuditAdminOnly]
    filterset_class = AuditFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        audited = scope_for(self.request.user).audit_jurisdiction_ids
        return AuditEntry.objects.filter(jurisdiction_id__in=audited).order_by("-created_at", "-id")


@csrf_exempt  # it changes nothing; a CSRF page would break the one error shape
def api_not_found(request, *args, **kwargs):
    """Answer an unknown API address with a 404 in the one error shape."""
    body = {"error": {"code": "not_found", "message": "No such API address.", "fields": {}}}
    return JsonResponse(body, status=404)
