"""Rater classes and trim_from of a panel indicator on the scheme pages and in the scheme YAML."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from leitai import scoring
from leitai.assessment.models import Indicator, Scheme
from leitai.assessment.scheme.selectors import engine_scheme
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import SMALL_YAML, make_scheme

FIELDS = {
    "code": "R9",
    "name": "季度擂台比武评委打分",
    "rule": "panel",
    "max_points": "25",
    "direction": "higher",
    "supplier": "office",
    "trim_from": "4",
}


@pytest.fixture
def draft(world):
    return make_scheme(world.year, state=Scheme.State.DRAFT)


def _create(client, arena, **extra):
    url = reverse("assessment:indicator_create", args=[arena.pk])
    return client.post(url, {**FIELDS, "arena": arena.pk, **extra})


def test_office_saves_classes_through_the_page_and_reads_them_back(world, draft):
    client = world.client_for("office")
    arena = draft.arenas.get(code="advance")
    # Typed with Chinese punctuation, as an office types it.
    response = _create(client, arena, classes="县领导：60，群众代表：30、A:10")
    assert response.status_code == 302
    r9 = draft.indicators.get(code="R9")
    assert r9.params == {
        "trim_from": 4,
        "classes": [["县领导", 60.0], ["群众代表", 30.0], ["A", 10.0]],
    }
    ind = engine_scheme(draft).indicators[-1]
    assert (ind.code, ind.trim_from) == ("R9", 4)
    assert ind.classes == (("县领导", 60.0), ("群众代表", 30.0), ("A", 10.0))
    page = client.get(reverse("assessment:scheme_detail", args=[draft.pk]))
    line = next(i for b in page.context["arenas"] for i in b["indicators"] if i.code == "R9")
    assert line.params_text == "去掉最高最低分的起始人数 4 · 评委类别 县领导 60，群众代表 30，A 10"
    assert "评委类别 县领导 60，群众代表 30，A 10" in page.content.decode()
    edit = client.get(reverse("assessment:indicator_edit", args=[r9.pk]))
    assert edit.context["form"].initial["classes"] == "县领导:60, 群众代表:30, A:10"
    assert edit.context["form"].initial["trim_from"] == 4
    # The YAML download carries them, in the scheme's order, and reads back the same.
    text = client.get(reverse("assessment:scheme_yaml", args=[draft.pk])).content.decode()
    dumped = yaml.safe_load(text)["arenas"][1]["indicators"][-1]
    assert dumped["classes"] == {"县领导": 60.0, "群众代表": 30.0, "A": 10.0}
    assert list(dumped["classes"]) == ["县领导", "群众代表", "A"]
    assert dumped["trim_from"] == 4
    assert scoring.parse_yaml(text).indicators[-1] == ind


def test_office_edits_the_classes_of_an_indicator(world, draft):
    client = world.client_for("office")
    _create(client, draft.arenas.get(code="advance"), classes="A:60, B:40")
    r9 = draft.indicators.get(code="R9")
    url = reverse("assessment:indicator_edit", args=[r9.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data.update(classes="A:50, B:30, C:20", trim_from="5", groups=[])
    assert client.post(url, data).status_code == 302
    r9.refresh_from_db()
    assert r9.params == {"trim_from": 5, "classes": [["A", 50.0], ["B", 30.0], ["C", 20.0]]}
    data.update(classes="")  # blank: back to one class of judges
    assert client.post(url, data).status_code == 302
    r9.refresh_from_db()
    assert r9.params == {"trim_from": 5}


@pytest.mark.parametrize(
    ("classes", "error"),
    [
        ("A:0, B:40", "评委类别 A 的权重须大于 0。"),
        ("A:-1", "评委类别 A 的权重须大于 0。"),
        ("A60, B40", "评委类别请写成“类别：权重”，如 A：60，B：40。"),
        (":60", "评委类别请写成“类别：权重”，如 A：60，B：40。"),
        ("A:sixty", "评委类别请写成“类别：权重”，如 A：60，B：40。"),
        ("A:inf", "评委类别请写成“类别：权重”，如 A：60，B：40。"),
        ("A:60, A:40", "评委类别 A 重复填写。"),
    ],
)
def test_bad_classes_are_refused_on_the_page_with_nothing_saved(world, draft, classes, error):
    audits = AuditEntry.objects.count()
    response = _create(
        world.client_for("office"), draft.arenas.get(code="advance"), classes=classes
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"classes": [error]}
    assert not Indicator.objects.filter(code="R9").exists()
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_others_cannot_add_a_classed_indicator(world, draft, persona):
    audits = AuditEntry.objects.count()
    response = _create(world.client_for(persona), draft.arenas.get(code="advance"), classes="A:1")
    assert response.status_code == 404
    assert not Indicator.objects.filter(code="R9").exists()
    assert AuditEntry.objects.count() == audits


CLASSED_YAML = SMALL_YAML.replace(
    "     trim_from: 5}",
    "     trim_from: 4, classes: {县领导: 60, 人大代表: 25, 群众: 15}}",
)


def test_yaml_import_keeps_classes_and_exports_them_again(world):
    assert CLASSED_YAML != SMALL_YAML
    client = world.client_for("office")
    response = client.post(reverse("assessment:scheme_import"), {"yaml_text": CLASSED_YAML})
    assert response.status_code == 302
    scheme = Scheme.objects.get()
    r4 = scheme.indicators.get(code="R4")
    assert r4.params == {
        "trim_from": 4,
        "classes": [["县领导", 60.0], ["人大代表", 25.0], ["群众", 15.0]],
    }
    text = client.get(reverse("assessment:scheme_yaml", args=[scheme.pk])).content.decode()
    assert scoring.parse_yaml(text) == scoring.parse_yaml(CLASSED_YAML)
    assert "    classes:\n      县领导: 60.0\n      人大代表: 25.0\n      群众: 15.0\n" in text


def test_yaml_import_refuses_bad_classes_and_saves_nothing(world):
    client = world.client_for("office")
    bad = CLASSED_YAML.replace("群众: 15", "群众: 0")
    response = client.post(reverse("assessment:scheme_import"), {"yaml_text": bad})
    assert response.status_code == 200
    assert (
        "arena advance, indicator R4: classes weight of 群众 must be a number &gt; 0, got 0"
        in response.content.decode()
    )
    assert Scheme.objects.count() == 0


def test_yaml_import_by_others_is_refused(world):
    for persona in ("assessor", "reporter_a", "leader"):
        response = world.client_for(persona).post(
            reverse("assessment:scheme_import"), {"yaml_text": CLASSED_YAML}
        )
        assert response.status_code == 404
    assert Scheme.objects.count() == 0
