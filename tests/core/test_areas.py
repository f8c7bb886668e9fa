"""What the areas declare on their AppConfig, and the start-up check of those declarations."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation

from leitai.core.areas import Menu, check_declarations, declared, menus, provided


def test_the_menu_sections_come_in_their_declared_order():
    with translation.override("en"):
        headings = [str(m.heading) for m in menus()]
    assert headings == [
        "Data",
        "Rankings",
        "Key tasks",
        "Projects",
        "City assessment",
        "Supervision",
        "Arena contest",
        "Honours",
        "Selections",
        "Scheme",
        "Organisation",
        "Notifications",
    ]


def test_every_area_declares_its_api_routes_and_feeds():
    assert declared("api_routes") == [
        "leitai.org.api.routes",
        "leitai.org.calendar.api.routes",
        "leitai.assessment.scheme.api.routes",
        "leitai.assessment.collection.api.routes",
        "leitai.rankings.api.routes",
        "leitai.keytasks.api.routes",
        "leitai.projects.api.routes",
        "leitai.supervision.api.routes",
        "leitai.contest.api.routes",
        "leitai.city.api.routes",
        "leitai.honours.api.routes",
        "leitai.selections.api.routes",
    ]
    assert declared("system_values") == [
        "leitai.keytasks.feeds.share_values",
        "leitai.projects.feeds.ledger_values",
        "leitai.city.feeds.city_positions",
    ]
    assert declared("carriers") == ["leitai.city.feeds.city_carriers"]
    assert [f.__name__ for f in provided("in_use_checks")] == ["scheme_has_snapshots"]
    assert all(hasattr(module, "register") for module in provided("api_routes"))


def test_the_declarations_as_shipped_pass_the_start_up_check():
    assert check_declarations() == []


def test_a_declared_path_that_does_not_import_fails_the_start_up_check(monkeypatch):
    config = apps.get_app_config("supervision")
    monkeypatch.setattr(config, "api_routes", ("leitai.supervision.api_routes",))
    monkeypatch.setattr(config, "menu", (Menu(40, "x", "leitai.supervision.navigation.NOPE"),))
    errors = check_declarations()
    assert [e.id for e in errors] == ["leitai.E001", "leitai.E001"]
    assert "supervision declares menu 'leitai.supervision.navigation.NOPE'" in errors[0].msg
    assert "declares api_routes 'leitai.supervision.api_routes'" in errors[1].msg
