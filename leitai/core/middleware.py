"""Request-scoped origin for the audit log."""

from __future__ import annotations

import re
import uuid

from leitai.core.context import origin

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give each request an id (or keep a sane X-Request-ID) and mark web vs API changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        source = "api" if request.path.startswith("/api/") else "web"
        with origin(source, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
