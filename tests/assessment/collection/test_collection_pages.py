"""The collection pages against every persona, the reporter's page at work, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leitai.assessment.collection.services.collection import Entry, submission_save
from leitai.assessment.models import Evidence, IndicatorValue, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db
OK, FOUND, NOT_FOUND = 200, 302, 404


@pytest.fixture
def col(world):
    return build_collection(world)


def _url(col, name):
    w, feb = col.world, col.february.pk
    return {
        "collect": reverse("assessment:collect"),
        "submission_a": reverse("assessment:submission", args=[feb, w.unit_a.pk]),
        "submission_s": reverse("assessment:submission", args=[feb, w.stats.pk]),
        "review_home": reverse("assessment:review_home"),
        "review": reverse("assessment:review", args=[feb]),
        "chasing_home": reverse("assessment:chasing_home"),
        "chasing": reverse("assessment:chasing", args=[feb]),
        "chasing_export": reverse("assessment:chasing_export", args=[feb]),
        "panel_home": reverse("assessment:panel_home"),
        "panel": reverse("assessment:panel", args=[feb]),
        "template_a": reverse("assessment:excel_template", args=[feb]) + f"?unit={w.unit_a.pk}",
        "upload": reverse("assessment:excel_upload", args=[feb]),
    }[name]


UNIT_PEOPLE = {"reporter_a", "leader_a", "reporter_b", "assessor"}
PAGES = [
    ("collect", dict.fromkeys(UNIT_PEOPLE, OK) | {"office": FOUND, "other_office": FOUND}),
    ("submission_a", {"office": OK, "reporter_a": OK, "leader_a": OK}),
    ("submission_s", {"office": OK, "assessor": OK}),
    ("review_home", {"office": FOUND, "assessor": FOUND, "other_office": OK}),
    ("review", {"office": OK, "assessor": OK}),
    ("chasing_home", {"office": FOUND, "other_office": OK}),
    ("chasing", {"office": OK}),
    ("chasing_export", {"office": OK}),
    ("panel_home", {"office": FOUND, "other_office": OK}),
    ("panel", {"office": OK}),
    ("template_a", {"office": OK, "reporter_a": OK, "leader_a": OK}),
    ("upload", {"office": OK, "assessor": OK} | dict.fromkeys(UNIT_PEOPLE, OK)),
]


@pytest.mark.parametrize(("name", "allowed"), PAGES, ids=[n for n, _ in PAGES])
def test_page_answers_each_persona(col, name, allowed):
    url = _url(col, name)
    for persona in PERSONAS:
        status = col.world.client_for(persona).get(url).status_code
        assert status == allowed.get(persona, NOT_FOUND), f"{persona} got {status} on {url}"


@pytest.mark.parametrize(("name", "allowed"), PAGES, ids=[n for n, _ in PAGES])
def test_anonymous_is_sent_to_login(client, col, name, allowed):
    response = client.get(_url(col, name))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_pending_period_and_other_county_are_not_found(col):
    col.february.state = "pending"
    col.february.save()
    assert col.world.client_for("reporter_a").get(_url(col, "submission_a")).status_code == 404
    other = reverse("assessment:submission", args=[col.february.pk, col.world.other_unit.pk])
    assert col.world.client_for("office").get(other).status_code == 404


# --- the reporter's page -----------------------------------------------------------------------


def _post(col, persona, data, unit=None):
    unit = unit or col.world.unit_a
    url = reverse("assessment:submission", args=[col.february.pk, unit.pk])
    return col.world.client_for(persona).post(url, data)


def test_page_shows_indicators_target_last_value_and_system_marker(col):
    w = col.world
    IndicatorValue.objects.create(
        period=col.february,
        unit=w.unit_a,
        indicator_code="T01",
        value=Decimal("87.5"),
        source="system",
        state="verified",
        note="7/8 个节点按期完成",
    )
    IndicatorValue.objects.create(
        period=col.january,
        unit=w.unit_a,
        indicator_code="P01",
        value=Decimal("1234.5"),
    )
    html = w.client_for("reporter_a").get(_url(col, "submission_a")).content.decode()
    for code in ("P01", "P02", "R01", "T01"):
        assert f'data-testid="row-{code}"' in html
    assert 'data-testid="row-J01"' not in html  # judges' scores: quarters only
    assert 'data-testid="input-P01"' in html and 'data-testid="input-R01"' not in html
    assert 'data-testid="system-T01"' in html and "7/8 个节点按期完成" in html
    assert "1,234.5" in html  # last period's value
    assert ">120<" in html  # the annual target


def test_page_of_unit_b_leaves_out_the_group_1_indicator(col):
    html = (
        col.world.client_for("reporter_b")
        .get(reverse("assessment:submission", args=[col.february.pk, col.world.unit_b.pk]))
        .content.decode()
    )
    assert 'data-testid="row-P01"' in html and 'data-testid="row-P02"' not in html


def test_post_saves_forgiving_numbers_and_redirects(col):
    response = _post(
        col,
        "reporter_a",
        {
            "v_P01": "１,２３４",
            "o_P01": "",
            "r_P01": "0",
            "v_P02": " 3.5 ",
            "o_P02": "",
            "r_P02": "0",
            "highlight": "新签约3个",
            "highlight_orig": "",
            "highlight_rev": "0",
            "action": "save",
        },
    )
    assert response.status_code == 302
    values = dict(IndicatorValue.objects.values_list("indicator_code", "value"))
    assert values == {"P01": Decimal("1234"), "P02": Decimal("3.5")}
    assert Submission.objects.get().highlight == "新签约3个"


def test_text_in_a_number_field_is_refused_and_kept(col):
    response = _post(
        col,
        "reporter_a",
        {"v_P01": "十二", "o_P01": "", "r_P01": "0", "v_P02": "4", "o_P02": "", "r_P02": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-P01"' in html and 'value="十二"' in html and 'value="4"' in html
    assert not IndicatorValue.objects.exists()


def test_second_editor_gets_a_clear_message_and_keeps_the_typing(col):
    w = col.world
    submission_save(
        actor=w.leader_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("13"), 0)],
    )
    response = _post(col, "reporter_a", {"v_P01": "14", "o_P01": "", "r_P01": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-P01"' in html and "13" in html and 'value="14"' in html
    assert IndicatorValue.objects.get().value == Decimal("13")


def test_unchanged_fields_are_not_checked_for_conflicts(col):
    w = col.world
    submission_save(
        actor=w.leader_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("13"), 0)],
    )
    # the reporter's page was opened before; P01 untouched, P02 typed
    response = _post(
        col,
        "reporter_a",
        {"v_P01": "", "o_P01": "", "r_P01": "0", "v_P02": "2", "o_P02": "", "r_P02": "0"},
    )
    assert response.status_code == 302
    assert dict(IndicatorValue.objects.values_list("indicator_code", "value")) == {
        "P01": Decimal("13"),
        "P02": Decimal("2"),
    }


def test_reporter_hands_over_and_leader_signs_off(col):
    data = {
        "v_P01": "12",
        "o_P01": "",
        "r_P01": "0",
        "v_P02": "3",
        "o_P02": "",
        "r_P02": "0",
        "action": "ready",
    }
    assert _post(col, "reporter_a", data).status_code == 302
    assert Submission.objects.get().state == "ready"
    assert _post(col, "leader_a", {"action": "submit"}).status_code == 302
    assert Submission.objects.get().state == "submitted"
    client = col.world.client_for("reporter_a")
    client.cookies["django_language"] = "en"
    html = client.get(_url(col, "submission_a")).content.decode()
    assert 'data-testid="input-P01"' not in html
    assert "signed off and submitted" in html  # the history


def test_other_unit_cannot_post(col):
    assert _post(col, "reporter_b", {"v_P01": "1", "o_P01": "", "r_P01": "0"}).status_code == 404
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_evidence_upload_download_and_permissions(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    url = reverse("assessment:evidence_upload", args=[col.february.pk, w.unit_a.pk])
    upload = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 x", content_type="text/html")
    assert w.client_for("reporter_a").post(url, {"file": upload}).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    download = reverse("assessment:evidence_download", args=[evidence.pk])
    for persona in PERSONAS:
        # The assessor reviews unit A's values: it opens the files for the whole submission.
        expected = OK if persona in {"office", "reporter_a", "leader_a", "assessor"} else NOT_FOUND
        assert w.client_for(persona).get(download).status_code == expected, persona
    bad = SimpleUploadedFile("x.pdf", b"%PDF")
    assert w.client_for("reporter_b").post(url, {"file": bad}).status_code == 404
    assert Evidence.objects.count() == 1


def test_uploading_evidence_on_the_page_saves_the_typed_values_first(col, settings, tmp_path):
    """On a phone the file is chosen after typing: the values are kept (saved as a draft)."""
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    url = reverse("assessment:submission", args=[col.february.pk, w.unit_a.pk])
    page = w.client_for("reporter_a").post(
        url,
        {
            "v_P01": "15", "o_P01": "", "r_P01": "0",
            "action": "upload", "indicator_code": "P01",
            "file": SimpleUploadedFile("合同.pdf", b"%PDF-1.4 x"),
        },
    )  # fmt: skip
    assert page.status_code == 302 and page.url.endswith("#evidence")
    assert IndicatorValue.objects.get(unit=w.unit_a, indicator_code="P01").value == 15
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.indicator_code) == ("合同.pdf", "P01")
    # Without a file nothing is saved and the typed value stays on the page.
    again = w.client_for("reporter_a").post(
        url, {"v_P02": "7", "o_P02": "", "r_P02": "0", "action": "upload"}
    )
    assert again.status_code == 400 and 'value="7"' in again.content.decode()
    assert not IndicatorValue.objects.filter(indicator_code="P02").exists()


def test_the_review_table_links_the_files_the_assessor_may_open(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=5, state="submitted"
    )
    for name, code in (("合同.pdf", "P01"), ("评分表.pdf", "J01"), ("说明.pdf", "")):
        Evidence.objects.create(
            period=col.february, unit=w.unit_a, indicator_code=code, file=f"evidence/{name}",
            original_name=name, size=3, content_type="application/pdf", uploaded_by=w.reporter_a,
        )  # fmt: skip
    page = w.client_for("assessor").get(reverse("assessment:review", args=[col.february.pk]))
    [row] = [r for r in page.context["rows"] if r.unit == w.unit_a]
    assert [f.original_name for f in row.files] == ["合同.pdf", "说明.pdf"]
    judges = Evidence.objects.get(indicator_code="J01")
    download = reverse("assessment:evidence_download", args=[judges.pk])
    assert w.client_for("assessor").get(download).status_code == NOT_FOUND  # not its indicator
    assert w.client_for("reporter_b").get(download).status_code == NOT_FOUND


# --- query counts -----------------------------------------------------------------------------


def test_submission_page_query_count(col, django_assert_max_num_queries):
    client = col.world.client_for("reporter_a")
    with django_assert_max_num_queries(24):
        assert client.get(_url(col, "submission_a")).status_code == 200


def test_review_table_query_count(col, django_assert_max_num_queries):
    client = col.world.client_for("assessor")
    with django_assert_max_num_queries(20):
        assert client.get(_url(col, "review") + "?state=").status_code == 200


def test_chasing_board_query_count(col, django_assert_max_num_queries):
    client = col.world.client_for("office")
    with django_assert_max_num_queries(20):
        assert client.get(_url(col, "chasing")).status_code == 200


# --- writes through the pages, per persona ------------------------------------------------------


def test_review_actions_per_persona(col):
    w = col.world
    value = IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=5, state="submitted"
    )
    url = reverse("assessment:review_act", args=[col.february.pk])
    verify = {"action": "verify", "ids": [f"{value.pk}:{value.revision}"]}
    give_back = {"action": "return", "value": value.pk, "comment": "请核实"}
    for persona in set(PERSONAS) - {"office", "assessor"}:
        client = w.client_for(persona)
        assert client.post(url, verify).status_code == 404, persona
        assert client.post(url, give_back).status_code == 404, persona
    value.refresh_from_db()
    assert value.state == "submitted" and not AuditEntry.objects.exists()
    assert w.client_for("assessor").post(url, give_back).status_code == 302
    value.refresh_from_db()
    assert (value.state, value.return_comment) == ("returned", "请核实")


def test_assessor_enters_its_values_in_the_review_table(col):
    w = col.world
    url = reverse("assessment:review_act", args=[col.february.pk])
    a, b = w.unit_a.pk, w.unit_b.pk
    data = {"action": "enter", f"e_{a}_R01": "３", f"eo_{a}_R01": "", f"er_{a}_R01": "0",
            f"e_{b}_R01": "", f"eo_{b}_R01": ""}  # fmt: skip
    assert w.client_for("reporter_a").post(url, data).status_code == 404
    assert w.client_for("assessor").post(url, data).status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.unit, value.value, value.state) == (w.unit_a, Decimal("3"), "verified")


def test_evidence_delete_per_persona(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    w.client_for("reporter_a").post(
        reverse("assessment:evidence_upload", args=[col.february.pk, w.unit_a.pk]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    evidence = Evidence.objects.get()
    url = reverse("assessment:evidence_delete", args=[evidence.pk])
    for persona in set(PERSONAS) - {"office", "reporter_a", "leader_a"}:
        assert w.client_for(persona).post(url).status_code == 404, persona
    assert Evidence.objects.exists()
    assert w.client_for("leader_a").post(url).status_code == 302
    assert not Evidence.objects.exists()


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_board_and_review_queries_do_not_grow_with_units(col):
    from leitai.org.models import Unit

    w = col.world
    urls = [_url(col, "chasing"), _url(col, "review") + "?state="]
    office = w.client_for("office")
    office.get(urls[0])  # the first request also reads the person and their scope into the cache
    before = [_count(office, url) for url in urls]
    for n in range(12):
        unit = Unit.objects.create(jurisdiction=w.county, code=f"N{n:02}", name=f"单位{n}",
                                   kind="institution")  # fmt: skip
        IndicatorValue.objects.create(period=col.february, unit=unit, indicator_code="P01",
                                      value=n, state="submitted")  # fmt: skip
        Submission.objects.create(period=col.february, unit=unit, state="submitted")
    assert [_count(office, url) for url in urls] == before


def test_history_shows_the_values_a_hand_over_saved_first():
    from types import SimpleNamespace

    from leitai.assessment.collection.views.collection import describe

    entry = SimpleNamespace(
        action="submission.request_signoff",
        object_repr="submission",
        before={"state": "draft", "saved": {"values": {"P01": "1200"}}},
        after={"state": "ready", "saved": {"values": {"P01": "1180", "P02": "7"}}},
    )
    assert describe(entry).summary == "P01: 1200 → 1180; P02: — → 7"
