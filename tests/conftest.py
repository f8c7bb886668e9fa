"""Shared fixtures: a small county and the personas every permission test uses.

Personas (all in jurisdiction 临朐县 unless said): office, assessor (of the statistics
bureau), reporter_a and leader_a (unit A), reporter_b (unit B), supervisor (supervision group
that covers unit A only), judge, county leader, other_office (office of another county), and
anonymous (the plain `client` fixture); security and auditor (the security and audit
administrators) and their counterparts other_security and other_auditor of the other county.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from leitai.org.models import (
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "leitai-test-pw-2022"


@dataclass
class World:
    county: Jurisdiction
    other_county: Jurisdiction
    year: AssessmentYear
    other_year: AssessmentYear
    unit_a: Unit
    unit_b: Unit
    unit_c: Unit
    stats: Unit
    other_unit: Unit
    group_1: Group
    group_2: Group
    supervision: SupervisionGroup
    office: object
    assessor: object
    reporter_a: object
    leader_a: object
    reporter_b: object
    supervisor: object
    judge: object
    leader: object
    other_office: object
    security: object
    auditor: object
    other_security: object
    other_auditor: object

    def client_for(self, persona: str) -> Client:
        """Return a test client logged in as the named persona."""
        client = Client()
        client.force_login(getattr(self, persona))
        return client


PERSONAS = [
    "office",
    "assessor",
    "reporter_a",
    "leader_a",
    "reporter_b",
    "supervisor",
    "judge",
    "leader",
    "other_office",
]
# The security and audit administrators (三员分立, with the office as the system administrator):
# they reach only their own pages, tested in tests/org/test_three_administrators.py.
ADMIN_PERSONAS = ["security", "auditor", "other_security", "other_auditor"]


def _person(username, full_name, jurisdiction, role, unit=None):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=full_name)
    RoleGrant.objects.create(user=user, role=role, jurisdiction=jurisdiction, unit=unit)
    return user


def build_world() -> World:
    """Create the small county and its personas directly (fixtures bypass the services)."""
    county = Jurisdiction.objects.create(code="370724", name="临朐县", level="county")
    other = Jurisdiction.objects.create(code="370725", name="昌乐县", level="county")
    year = AssessmentYear.objects.create(
        jurisdiction=county, year=2022, name="2022年度", is_current=True
    )
    other_year = AssessmentYear.objects.create(
        jurisdiction=other, year=2022, name="2022年度", is_current=True
    )

    def unit(code, name, j=county):
        return Unit.objects.create(
            jurisdiction=j, code=code, name=name, short_name=name[1:3], kind="government"
        )

    unit_a, unit_b = unit("A01", "县发展和改革局"), unit("B01", "县商务局")
    unit_c, stats = unit("C01", "县体育事业发展中心"), unit("S01", "县统计局")
    other_unit = unit("X01", "昌乐县商务局", other)
    group_1 = Group.objects.create(year=year, code="G1", name="第一组", order=1)
    group_2 = Group.objects.create(year=year, code="G2", name="第二组", order=2)
    for u, g in [(unit_a, group_1), (unit_c, group_1), (unit_b, group_2)]:
        GroupMembership.objects.create(year=year, group=g, unit=u)
    supervisor = _person("supervisor", "督导员", county, Role.SUPERVISOR)
    supervision = SupervisionGroup.objects.create(year=year, name="第一督导组", order=1)
    supervision.members.add(supervisor)
    SupervisionAssignment.objects.create(year=year, supervision_group=supervision, unit=unit_a)
    return World(
        county=county,
        other_county=other,
        year=year,
        other_year=other_year,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        stats=stats,
        other_unit=other_unit,
        group_1=group_1,
        group_2=group_2,
        supervision=supervision,
        office=_person("office", "活动办", county, Role.OFFICE),
        assessor=_person("assessor", "统计员", county, Role.ASSESSOR, stats),
        reporter_a=_person("reporter_a", "填报员甲", county, Role.REPORTER, unit_a),
        leader_a=_person("leader_a", "负责人甲", county, Role.UNIT_LEADER, unit_a),
        reporter_b=_person("reporter_b", "填报员乙", county, Role.REPORTER, unit_b),
        supervisor=supervisor,
        judge=_person("judge", "评委", county, Role.JUDGE),
        leader=_person("leader", "县领导", county, Role.LEADER),
        other_office=_person("other_office", "昌乐活动办", other, Role.OFFICE),
        security=_person("security", "安全管理员", county, Role.SECURITY_ADMIN),
        auditor=_person("auditor", "审计管理员", county, Role.AUDIT_ADMIN),
        other_security=_person("other_security", "昌乐安全员", other, Role.SECURITY_ADMIN),
        other_auditor=_person("other_auditor", "昌乐审计员", other, Role.AUDIT_ADMIN),
    )


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.1 s a password; tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Hashed static storage needs collectstatic; tests serve files straight from the finders
    # (the live server's WhiteNoise reads these once, when the server starts).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Each test run keeps its cache in memory, away from the data folder's shared one.
    from django.core.cache import caches

    from leitai.core.cache import LOCAL_CACHE, cache_settings

    settings.CACHES = {"default": cache_settings("locmem://tests"), "local": LOCAL_CACHE}
    caches.__dict__.pop("settings", None)


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection():
    """Run `leitai worker` inside the test's transaction.

    db_worker closes old connections between tasks, as a request does; in a test that would close
    the connection holding the test's transaction (on PostgreSQL: it is not in autocommit).
    Patched apart from `monkeypatch`, which some tests undo as a whole.
    """
    from unittest import mock

    target = "django_tasks_db.management.commands.db_worker.close_old_connections"
    with mock.patch(target, lambda: None):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: ids are reused after a test's rollback."""
    from django.core.cache import caches

    from leitai.core.cache import transaction_started

    for cache in caches.all():
        cache.clear()
    transaction_started()  # nothing of an earlier test's transaction is held


@pytest.fixture
def world(db) -> World:
    return build_world()
