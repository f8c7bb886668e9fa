"""Property-based run of every API operation against its own schema: no 5xx, conforming answers.

The office of 临朐县 calls every operation (reads and writes) with generated input on the
`world` database; the examples are derandomized so a failure reproduces.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def office_token(world):
    return Token.objects.create(user=world.office).key


# Loaded when the module is collected: serving the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_and_never_fails(case, office_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {office_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
