"""An id that is not a small integer is a 404 on every page and API route, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "9" * 30
pytestmark = pytest.mark.django_db


def routes(patterns=None, prefix=""):
    """Yield every route with its placeholders (<int:x>, <str:x>, (?P<x>…)) as a sample path."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def sample(route: str) -> str | None:
    """Return the route with every id placeholder set to HUGE (None when it has none)."""
    if route.startswith("^") or "(?P<" in route:
        path = re.sub(r"\(\?P<(\w*pk|\w*_id|id)>[^)]*\)", HUGE, route.strip("^$"))
        path = path.replace("\\.", ".").replace("/?", "/")
        if "(" in path or "[" in path:
            return None
    else:
        path = re.sub(r"<int:\w+>", HUGE, route)
        if "<" in path:
            return None
    return "/" + path if HUGE in path else None


def test_every_route_with_an_id_answers_404_for_a_huge_id(world):
    office = world.client_for("office")
    answers = {}
    for route in routes():
        path = sample(route)
        if path is None:
            continue
        code = office.get(path).status_code
        if code == 405:  # a form's target: post to it
            code = office.post(path).status_code
        answers[path] = code
    assert len(answers) > 100
    assert {path: code for path, code in answers.items() if code != 404} == {}


QUERY = "&".join(
    f"{name}={HUGE}"
    for name in (
        "year", "period", "unit", "group", "page", "indicator", "snapshot", "round", "task",
        "category", "lead_unit", "leader", "jurisdiction", "id", "status", "state",
    )
)  # fmt: skip


def test_every_page_and_api_list_survives_huge_ids_in_its_query(world):
    office = world.client_for("office")
    answers = {}
    for route in routes():
        if "<" in route or "(" in route or route.startswith("^"):
            continue
        path = "/" + route
        answers[path] = office.get(f"{path}?{QUERY}").status_code
    assert len(answers) > 60
    assert {path: code for path, code in answers.items() if code >= 500} == {}
