"""Every service writes the audit log, and the rows carry their jurisdiction (issue #14 item 4).

Three checks over all services:

- the registry (`leitai.core.transactions.REGISTRY`) holds every function decorated `@service`
  in the source, and nothing else;
- every service calls `record` itself, through a helper that does, or through another service
  (read from the source, so a new service without an audit row fails here);
- a table of services is run with the test county: each call writes exactly one row of its own
  (rows of the services it calls are theirs), with before and after, in the county, and the
  county's audit administrator reads it through `/api/audit/`; the other county's does not.
  The services of the other areas are run the same way by their own tests (listed below).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections import defaultdict
from pathlib import Path

import pytest
from rest_framework.test import APIClient

import leitai
from leitai.core import transactions
from leitai.core.models import AuditEntry
from tests.conftest import PASSWORD

LEITAI = Path(leitai.__file__).parent


def _modules():
    for path in sorted(LEITAI.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _dotted(path: Path) -> str:
    parts = path.relative_to(LEITAI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_service(node) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "service")
        or (isinstance(d, ast.Attribute) and d.attr == "service")
        for d in node.decorator_list
    )


def _called(node) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def _functions():
    """Return {(module, name): (is_service, called names)} of every function in leitai."""
    found = {}
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[(_dotted(path), node.name)] = (_is_service(node), _called(node))
    return found


def _import_everything() -> None:
    for info in pkgutil.walk_packages(leitai.__path__, "leitai."):
        if ".migrations" not in info.name and not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def test_the_registry_holds_every_service_in_the_source():
    _import_everything()
    in_source = {f"{m}.{n}" for (m, n), (is_service, _) in _functions().items() if is_service}
    registered = {key for key in transactions.REGISTRY if key.startswith("leitai.")}
    assert registered == in_source
    assert len(in_source) >= 97


def test_every_service_writes_an_audit_row_itself_or_through_a_service_or_helper():
    functions = _functions()
    auditing = {"record"}  # names of functions that (eventually) call record
    by_name = defaultdict(set)
    for (_module, name), (_is_service, called) in functions.items():
        by_name[name].add(frozenset(called))
    changed = True
    while changed:
        changed = False
        for name, bodies in by_name.items():
            if name not in auditing and any(body & auditing for body in bodies):
                auditing.add(name)
                changed = True
    silent = sorted(
        f"{m}.{n}"
        for (m, n), (is_service, called) in functions.items()
        if is_service and not called & auditing
    )
    assert silent == []


# --- running the services -------------------------------------------------------------------


class Tracer:
    """Count the audit rows each service call writes itself (not its nested services')."""

    def __init__(self):
        self.calls: list[tuple[str, list[AuditEntry]]] = []
        self._stack: list[list[int]] = []

    def wrap(self, original):
        def run(func, args, kwargs, *, durable):
            self._stack.append([])
            first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            try:
                result = original(func, args, kwargs, durable=durable)
            except BaseException:
                self._stack.pop()
                raise
            nested = set(self._stack.pop())
            own = [e for e in AuditEntry.objects.filter(pk__gt=first) if e.pk not in nested]
            if self._stack:
                self._stack[-1].extend(e.pk for e in own)
                self._stack[-1].extend(nested)
            self.calls.append((f"{func.__module__}.{func.__qualname__}", own))
            return result

        return run


@pytest.fixture
def tracer(monkeypatch):
    tracer = Tracer()
    monkeypatch.setattr(transactions, "_run", tracer.wrap(transactions._run))
    return tracer


ORG_SERVICES = (
    "unit_create",
    "unit_update",
    "year_create",
    "year_update",
    "group_create",
    "group_update",
    "supervision_group_create",
    "supervision_group_update",
    "person_create",
    "person_update",
    "person_set_password",
    "person_change_own_password",
    "token_issue",
    "token_revoke",
    "person_unlock",
    "security_settings_update",
)


def _org_calls(world):
    from axes.models import AccessAttempt

    from leitai.org import services as s

    office, county = world.office, world.county
    yield (
        "unit_create",
        lambda: s.unit_create(
            actor=office, jurisdiction=county, code="N01", name="县新单位", kind="government"
        ),
    )
    yield "unit_update", lambda: s.unit_update(actor=office, unit=world.unit_a, short_name="改")
    yield (
        "year_create",
        lambda: s.year_create(actor=office, jurisdiction=county, year=2023, name="2023年度"),
    )
    yield "year_update", lambda: s.year_update(actor=office, year=world.year, name="二〇二二")
    yield (
        "group_create",
        lambda: s.group_create(actor=office, year=world.year, code="G3", name="第三组"),
    )
    yield "group_update", lambda: s.group_update(actor=office, group=world.group_1, order=9)
    yield (
        "supervision_group_create",
        lambda: s.supervision_group_create(actor=office, year=world.year, name="第二督导组"),
    )
    yield (
        "supervision_group_update",
        lambda: s.supervision_group_update(actor=office, group=world.supervision, order=7),
    )
    yield (
        "person_create",
        lambda: s.person_create(
            actor=office, jurisdiction=county, username="newbie", full_name="新人"
        ),
    )
    yield (
        "person_update",
        lambda: s.person_update(
            actor=office, person=world.judge, jurisdiction=county, email="judge@example.org"
        ),
    )
    yield (
        "person_set_password",
        lambda: s.person_set_password(
            actor=office, person=world.judge, password="Another-Pw-2022!"
        ),
    )
    yield (
        "person_change_own_password",
        lambda: s.person_change_own_password(
            actor=world.leader, old_password=PASSWORD, new_password="Another-Pw-2022!"
        ),
    )
    yield "token_issue", lambda: s.token_issue(person=world.reporter_b)
    yield "token_revoke", lambda: s.token_revoke(actor=world.security, person=world.reporter_b)

    def unlock():
        AccessAttempt.objects.create(
            username="reporter_a",
            failures_since_start=3,
            ip_address="10.0.0.1",
            user_agent="t",
            get_data="",
            post_data="",
            http_accept="",
            path_info="/",
        )
        return s.person_unlock(actor=world.security, person=world.reporter_a, jurisdiction=county)

    yield "person_unlock", unlock
    yield (
        "security_settings_update",
        lambda: s.security_settings_update(
            actor=world.security, jurisdiction=county, token_days=30
        ),
    )


@pytest.mark.django_db
def test_each_org_and_account_service_writes_one_row_the_auditor_reads(world, tracer):
    names = []
    for name, call in _org_calls(world):
        before = len(tracer.calls)
        call()
        mine = [(n, rows) for n, rows in tracer.calls[before:] if n.endswith(f".{name}")]
        assert len(mine) == 1, name
        [(_, rows)] = mine
        assert len(rows) == 1, name
        [entry] = rows
        assert entry.jurisdiction == world.county, name
        assert entry.after is not None, name
        if name.endswith(("_update", "unlock", "revoke")):
            assert entry.before, name
        names.append(name)
    assert tuple(names) == ORG_SERVICES
    auditor = APIClient()
    auditor.force_authenticate(world.auditor)
    seen = {row["action"] for row in auditor.get("/api/audit/?page_size=100").json()["results"]}
    assert seen == set(AuditEntry.objects.values_list("action", flat=True))
    other = APIClient()
    other.force_authenticate(world.other_auditor)
    assert other.get("/api/audit/").json()["count"] == 0


# Services no test calls by name, with the way they are run instead.
C = "leitai.assessment.collection.services."
S = "leitai.assessment.scheme.services."
RUN_OTHERWISE: dict[str, str] = {
    C + "review.values_enter_many": "the review page's save (tests/assessment/collection)",
    C + "review.values_verify_many": "the review page's verify (tests/assessment/collection)",
    S + "periods._advance": "periods_advance_due, the lock_due_periods command",
    C + "reminders.reminders_send_by_system": "the schedule's reminders (tests/core/test_schedule)",
    S + "periods.period_open": "the period page's and the API's transitions",
    S + "periods.period_reopen": "the period page's and the API's transitions",
    S + "scheme.arena_delete": "the arena delete page (tests/assessment/scheme)",
    S + "scheme.indicator_create": "the indicator page and the scheme import",
    "leitai.org.calendar.services.calendar_day_delete": "the calendar page's delete (tests/org)",
    "leitai.org.calendar.services.calendar_import": "the calendar page's import (tests/org)",
    "leitai.keytasks.services.milestones.milestone_change": "the milestone API (tests/api)",
    "leitai.keytasks.services.milestones.milestone_update": "the milestone edit page",
    "leitai.rankings.notices.services.notice_rendered": "notice_render, at the end of a render",
    "leitai.supervision.services.category_update": "the supervision settings page",
    "leitai.supervision.services.visit_update": "the visit edit page",
}


def test_every_other_service_is_run_by_its_areas_tests():
    """The services outside the table above are run by name in their area's tests."""
    _import_everything()
    tests = Path(__file__).resolve().parents[1]
    text = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py"))
    table = {f".{name}" for name in ORG_SERVICES}
    unrun = sorted(
        key
        for key in transactions.REGISTRY
        if key.startswith("leitai.")
        and not key.endswith(tuple(table))
        and f"{key.rsplit('.', 1)[1]}(" not in text
        and key not in RUN_OTHERWISE
    )
    assert unrun == []
