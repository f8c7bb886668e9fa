"""API plumbing shared by every app: pagination and one error shape.

Views, serializers and filters built on this are in `leitai.core.api.base` (kept apart so
that DRF can import the pagination class from here while it is still loading).

Every error response is `{"error": {"code": ..., "message": ..., "fields": {...}}}`; `fields`
maps a field path (`grants.0.unit` for nested input) to a list of messages.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from leitai.core.transactions import RetryLater, is_transient


class Pagination(pagination.PageNumberPagination):
    """Page-number pagination, 50 a page by default, at most 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


# --- errors -------------------------------------------------------------------------------


def _django_validation_fields(exc: DjangoValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": [str(m) for m in exc.messages]}
    fields: dict[str, list[str]] = {}
    for field, errors in exc.error_dict.items():
        for error in errors:
            name = _field_of(field, error)
            fields.setdefault(name, []).extend(str(m) for m in error.messages)
    return fields


def _field_of(field: str, error: DjangoValidationError) -> str:
    """Name the field a model error is about; a uniqueness clash names its last field."""
    if field != NON_FIELD_ERRORS:
        return field
    check = (error.params or {}).get("unique_check") if error.code == "unique_together" else None
    return check[-1] if check else "non_field_errors"


def flatten_errors(data, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error data into `{"field.0.sub": ["message", ...]}`."""
    if isinstance(data, dict):
        result: dict[str, list[str]] = {}
        for key, value in data.items():
            result.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return result
    if isinstance(data, list) and any(isinstance(item, dict | list) for item in data):
        result = {}
        for index, item in enumerate(data):
            if item:
                result.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return result
    messages = data if isinstance(data, list) else [data]
    return {prefix or "non_field_errors": [str(m) for m in messages]}


def exception_handler(exc, context):
    """Turn every error into the one shape; Django's own exceptions included."""
    if isinstance(exc, RetryLater) or is_transient(exc):
        return error_response(
            str(RetryLater().message),
            code="retry_later",
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_fields(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # Session authentication comes first in the settings and has no challenge, which would
        # make DRF answer 403; an anonymous caller gets 401 and how to authenticate instead.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = 'Token realm="api"'
    response.data = {"error": _error_body(exc, response.data)}
    return response


def _error_body(exc: exceptions.APIException, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(data if isinstance(data, dict) else {"non_field_errors": data})
        where = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        return {
            "code": "invalid",
            "message": f"The request is not valid. {where}",
            "fields": fields,
        }
    detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    codes = exc.get_codes()
    return {
        "code": codes if isinstance(codes, str) else "error",
        "message": str(detail),
        "fields": {},
    }


def error_response(
    message: str,
    *,
    code: str = "invalid",
    fields: dict | None = None,
    status_code: int = status.HTTP_400_BAD_REQUEST,
) -> Response:
    """Return an error in the one shape from a view that handles it itself."""
    return Response(
        {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status_code
    )
