"""The whole demo, every step: it loads, a second run changes nothing, --reset rebuilds it."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command


def every_count() -> dict[str, int]:
    """Count the rows of every Leitai model."""
    models = [m for m in apps.get_models() if m.__module__.startswith("leitai.")]
    return {m._meta.label: m.objects.count() for m in models}


def run(*args) -> None:
    call_command("demo", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_full_demo_is_idempotent_and_resets_to_the_same_county():
    run()
    first = every_count()
    run()
    assert every_count() == first
    run("--reset")
    after_reset = every_count()
    audit = "core.AuditEntry"
    assert {k: v for k, v in after_reset.items() if k != audit} == {
        k: v for k, v in first.items() if k != audit
    }
    assert first["org.Unit"] == 107
    assert first["org.GroupMembership"] == 81
