"""Every service writes exactly one audit row, with before/after, that the right office reads.

Parametrized over `leitai.core.transactions.REGISTRY` (every function decorated `@service`):
each service has a recipe in one of the `recipes_*.py` modules here that runs it once with
valid input (see `harness.py`, and CONTRIBUTING.md for how to add one). A service without a
recipe fails by name. For each call:

- the call writes exactly one audit row of its own (rows of the services it calls are theirs);
- before/after as the kind of change says: a creation has no before, a deletion no after, a
  change both, an event (a thing that happened) an after;
- the row carries the jurisdiction of the object (the county unless the recipe says otherwise),
  and when the object still exists, the jurisdiction its foreign keys lead to;
- the jurisdiction's audit administrator reads the row through `/api/audit/<id>/` and finds it
  on the audit page (filtered by the object's type); the other county's gets a 404 and does
  not;
- a sealed service's row (a judge's score sheet before the reveal, a vote) says that something
  happened, never the value: none of the recipe's sealed texts appears in the row.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from leitai.core import transactions
from leitai.core.admin import owner_of
from tests.core.audit.harness import (
    CHANGE,
    CREATE,
    DELETE,
    EVENT,
    RECIPES,
    VIA,
    Ctx,
    Tracer,
    import_everything,
    import_recipes,
)

import_everything()
import_recipes()
SERVICES = sorted(k for k in transactions.REGISTRY if k.startswith("leitai."))
NAMES = sorted(set(SERVICES) | set(RECIPES))


def test_every_service_has_a_recipe_and_every_recipe_a_service():
    missing = [name for name in SERVICES if name not in RECIPES]
    stale = [name for name in RECIPES if name not in transactions.REGISTRY]
    assert (missing, stale) == ([], []), (
        "services without an audit recipe (add one to tests/core/audit/recipes_<area>.py) "
        "and recipes of services that no longer exist"
    )
    assert len(SERVICES) >= 125


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_service_writes_one_row_its_jurisdictions_auditor_reads(
    name, world, settings, tmp_path, monkeypatch
):
    if name not in transactions.REGISTRY:
        pytest.fail(f"the recipe of {name} names no registered service: remove or rename it")
    if name not in RECIPES:
        pytest.fail(
            f"{name} has no audit recipe: add one to tests/core/audit/recipes_<area>.py "
            "(CONTRIBUTING.md, 'A service')"
        )
    spec = RECIPES[name]
    ctx = Ctx(world, settings, tmp_path, monkeypatch)
    act = spec.build(ctx)
    tracer = Tracer()
    tracer.install(monkeypatch)
    act()
    entry = _own_row(tracer, name)
    if spec.kind == VIA:
        assert entry is None, f"{name} wrote {entry.action} itself"
        for nested in spec.via:
            _check_row(ctx, _own_row(tracer, nested), spec, EVENT)
    else:
        _check_row(ctx, entry, spec, spec.kind)


def _own_row(tracer, name):
    """Return the one row the one call of `name` wrote itself (None when it wrote none)."""
    calls = [rows for called, rows in tracer.calls if called == name]
    assert len(calls) == 1, f"{name} ran {len(calls)} times"
    [rows] = calls
    assert len(rows) <= 1, f"{name} wrote {[e.action for e in rows]}"
    return rows[0] if rows else None


def _check_row(ctx, entry, spec, kind):
    assert entry is not None, f"{spec.name} wrote no audit row"
    _check_before_after(entry, kind)
    world = ctx.world
    jurisdiction = getattr(ctx, spec.jurisdiction)
    assert entry.jurisdiction == jurisdiction, f"{entry.action}: {entry.jurisdiction}"
    _check_owner(entry, jurisdiction)
    other = world.other_auditor if jurisdiction == world.county else world.auditor
    reader = world.auditor if jurisdiction == world.county else world.other_auditor
    seen = _read_by(reader, entry)
    assert seen is not None and seen["action"] == entry.action
    assert _read_by(other, entry) is None
    assert _on_audit_page(reader, entry) and not _on_audit_page(other, entry)
    shown = json.dumps([seen["before"], seen["after"], seen["object_repr"]], ensure_ascii=False)
    for text in spec.sealed:
        assert text not in shown, f"{entry.action} shows the sealed {text!r}: {shown}"


def _check_before_after(entry, kind):
    label = f"{entry.action}: before={entry.before!r} after={entry.after!r}"
    if kind == CREATE:
        assert not entry.before and entry.after, label
    elif kind == DELETE:
        assert entry.before and not entry.after, label
    elif kind == CHANGE:
        assert entry.before and entry.after, label
    else:
        assert kind == EVENT and entry.after, label


def _check_owner(entry, jurisdiction):
    """When the object still exists, its foreign keys lead to the row's jurisdiction."""
    model = apps.get_model(entry.object_type)
    obj = model._default_manager.filter(pk=entry.object_id).first() if entry.object_id else None
    if obj is None:
        return
    owner = owner_of(obj)[0]
    if owner is not None:
        assert owner == jurisdiction, f"{entry.action}: the {entry.object_type} is in {owner}"


def _read_by(person, entry):
    api = APIClient()
    api.force_authenticate(person)
    response = api.get(f"/api/audit/{entry.pk}/")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return response.json()


def _on_audit_page(person, entry) -> bool:
    """Return whether the person's audit page, filtered by the object's type, lists the row."""
    client = Client()
    client.force_login(person)
    response = client.get("/audit/", {"object_type": entry.object_type})
    assert response.status_code == 200
    row = f"<code>{escape(entry.action)}</code></td><td>{escape(entry.object_repr)}</td>"
    return row in response.content.decode()
