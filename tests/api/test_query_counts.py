"""List endpoints take a fixed number of queries however many objects they return."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leitai.org.models import GroupMembership, Role, RoleGrant, SupervisionAssignment, Unit


def _more(world, n: int) -> None:
    """Add n units, each in group 2, supervised by the first group, with a reporter."""
    from django.contrib.auth import get_user_model

    for i in range(n):
        unit = Unit.objects.create(
            jurisdiction=world.county, code=f"M{i:02}", name=f"单位{i}", kind="institution"
        )
        GroupMembership.objects.create(year=world.year, group=world.group_2, unit=unit)
        SupervisionAssignment.objects.create(
            year=world.year, supervision_group=world.supervision, unit=unit
        )
        person = get_user_model().objects.create_user(f"m{i:02}")
        RoleGrant.objects.create(
            user=person, role=Role.REPORTER, jurisdiction=world.county, unit=unit
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/units/",
        "/api/groups/",
        "/api/supervision-groups/",
        "/api/people/",
        "/api/years/",
        "/api/audit/",
    ],
)
def test_list_query_count_does_not_grow(api, world, url):
    client = api("auditor" if url == "/api/audit/" else "office")
    _queries(client, url)  # the first request also works out (and caches) the office's scope
    few = _queries(client, url)
    _more(world, 12)
    assert _queries(client, url) == few
