"""The tasks import pages: upload → preview (nothing saved) → confirm exactly what was shown."""

from __future__ import annotations

import os
import time
from dataclasses import astuple

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.keytasks.models import KeyTask, Milestone
from tests.conftest import PERSONAS
from tests.keytasks.test_imports import GOOD_MS, GOOD_TASK, book, snapshot

URL = reverse("tasks:import")
# T05 is new (two milestones), T01 changes its title and milestone 1, T02 stays as it is.
T01 = ["T01", "十大攻坚", "重大项目攻坚（改）", "A01", "C01", "leader", "", "XM01", "", ""]
T02 = ["T02", "十大攻坚", "外贸稳增长", "B01", "", "leader2", "", "", "", ""]
MILESTONES = [
    GOOD_MS,
    ["T05", 2, "验收", "2022-12-20", "", "", ""],
    ["T01", 1, "立项", "2022-03-30", "", "", ""],
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook() -> bytes:
    return book([GOOD_TASK, T01, T02], MILESTONES)


def kept_files() -> list:
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


def upload(client: Client, data: bytes, name: str = "tasks.xlsx"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages speak Chinese by default
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def confirm(client: Client, preview, **extra):
    form = {"confirm": "1", "token": preview.context["token"], "digest": preview.context["digest"]}
    return client.post(URL, {**form, **extra}, follow=True)


def test_preview_lists_what_would_happen_and_saves_nothing(tw):
    client = tw.world.client_for("office")
    before = snapshot()
    preview = upload(client, workbook())
    assert preview.status_code == 200
    assert preview.templates[0].name == "tasks/import_preview.html"
    assert snapshot() == before
    assert len(kept_files()) == 1
    assert preview.context["counts"] == {
        "create": 1,
        "update": 1,
        "unchanged": 1,
        "milestones_new": 2,
        "milestones_changed": 1,
        "milestones_unchanged": 0,
    }
    # code, title, category, lead unit, action, changed columns, milestones new, changed
    assert [astuple(x) for x in preview.context["plan"].lines] == [
        ("T05", "数字经济攻坚", "十大攻坚", "B01 县商务局", "create", "", 2, 0),
        ("T01", "重大项目攻坚（改）", "十大攻坚", "A01 县发展和改革局", "update", "任务名称", 0, 1),
        ("T02", "外贸稳增长", "十大攻坚", "B01 县商务局", "unchanged", "", 0, 0),
    ]
    page = preview.content.decode()
    assert 'data-testid="import-line-T01" data-action="update"' in page
    assert "任务名称" in page  # the changed column of T01
    assert 'data-testid="import-confirm"' in page


def test_confirm_applies_exactly_the_previewed_plan(tw):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    planned = preview.context["plan"].summary()
    page = confirm(client, preview)
    assert page.redirect_chain == [(reverse("tasks:task_list"), 302)]
    assert (
        "Imported: 1 tasks created, 1 changed; 2 milestones added, 1 changed."
        in page.content.decode()
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.after) == ("key_task.import", tw.office, planned)
    assert planned == {
        "created": ["T05"],
        "updated": ["T01"],
        "milestones_created": ["T05/1", "T05/2"],
        "milestones_updated": ["T01/1"],
    }
    assert sorted(KeyTask.objects.filter(year=tw.year).values_list("code", "title")) == [
        ("T01", "重大项目攻坚（改）"),
        ("T02", "外贸稳增长"),
        ("T05", "数字经济攻坚"),
    ]
    assert sorted(
        Milestone.objects.filter(task__year=tw.year).values_list("task__code", "order", "due_date")
    ) == [
        ("T01", 1, tw.m1.due_date.replace(day=30)),
        ("T01", 2, tw.m2.due_date),
        ("T05", 1, GOOD_MS[3]),
        ("T05", 2, GOOD_MS[3].replace(month=12, day=20)),
    ]
    assert kept_files() == []
    assert "tasks_import_token" not in client.session


def test_importing_the_same_workbook_again_changes_nothing(tw):
    client = tw.world.client_for("office")
    confirm(client, upload(client, workbook()))
    before = snapshot()
    preview = upload(client, workbook())
    assert preview.context["plan"].has_changes is False
    assert 'data-testid="import-confirm"' not in preview.content.decode()
    page = confirm(client, preview)
    assert "Nothing to change: the workbook matches the current data." in page.content.decode()
    assert snapshot() == before


def test_a_workbook_changed_between_preview_and_confirm_is_refused(tw):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    [path] = kept_files()
    path.write_bytes(book([GOOD_TASK], [GOOD_MS]))
    before = snapshot()
    page = confirm(client, preview)
    assert page.templates[0].name == "tasks/import_preview.html"
    assert "The data changed since the preview; please check again." in page.content.decode()
    assert snapshot() == before
    # The new preview shows the file as it is now, and confirming it applies that.
    assert [x.code for x in page.context["plan"].lines] == ["T05"]
    confirm(client, page)
    assert AuditEntry.objects.get().after["created"] == ["T05"]
    assert KeyTask.objects.get(year=tw.year, code="T01").title == "重大项目攻坚"


@pytest.mark.parametrize(
    "change",
    [
        "title of a task to update",
        "a task to create created meanwhile",
        "a milestone of an unchanged task",
        "co-units of an unchanged task",
    ],
)
def test_data_changed_in_the_database_since_the_preview_is_refused(tw, change):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    if change == "title of a task to update":
        KeyTask.objects.filter(pk=tw.task_a.pk).update(title="别人改过")
    elif change == "a task to create created meanwhile":
        KeyTask.objects.create(
            year=tw.year,
            code="T05",
            title="数字经济攻坚",
            category=tw.category,
            lead_unit=tw.unit_b,
            start_date=tw.task_a.start_date,
            end_date=tw.task_a.end_date,
        )
    elif change == "a milestone of an unchanged task":
        Milestone.objects.filter(pk=tw.m1.pk).update(evidence="补录")
    else:
        tw.task_b.co_units.add(tw.unit_c)
    before = snapshot()
    page = confirm(client, preview)
    assert page.templates[0].name == "tasks/import_preview.html"
    assert "The data changed since the preview; please check again." in page.content.decode()
    assert page.context["digest"] != preview.context["digest"]
    assert snapshot() == before
    assert len(kept_files()) == 1  # kept for the new preview


def test_a_forged_digest_is_refused(tw):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    before = snapshot()
    page = confirm(client, preview, digest="0" * 20)
    assert "The data changed since the preview" in page.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", ["unknown", "deleted", "another session", "blank"])
def test_an_expired_or_unknown_token_is_refused(tw, case):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    token = preview.context["token"]
    if case == "unknown":
        token = "x" * 32
    elif case == "deleted":
        kept_files()[0].unlink()
    elif case == "another session":
        client = tw.world.client_for("office")  # the same person, logged in elsewhere
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    elif case == "blank":
        token = ""
    before = snapshot()
    page = confirm(client, preview, token=token)
    assert page.redirect_chain == [(URL, 302)]
    assert "The uploaded file has expired; please upload it again." in page.content.decode()
    assert snapshot() == before


def test_cancel_drops_the_uploaded_file(tw):
    client = tw.world.client_for("office")
    preview = upload(client, workbook())
    page = client.post(URL, {"cancel": "1", "token": preview.context["token"]}, follow=True)
    assert "Import cancelled; nothing was changed." in page.content.decode()
    assert kept_files() == []
    before = snapshot()
    assert "has expired" in confirm(client, preview).content.decode()
    assert snapshot() == before


def test_old_uploads_are_removed_at_the_next_upload(tw):
    client = tw.world.client_for("office")
    upload(client, workbook())
    [old] = kept_files()
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    upload(client, workbook())
    assert len(kept_files()) == 1 and not old.exists()


def test_errors_show_sheet_row_and_column_and_nothing_is_saved(tw):
    client = tw.world.client_for("office")
    before = snapshot()
    data = book(
        [GOOD_TASK, ["T07", "无此类", "x", "A01"]], [GOOD_MS, ["T05", "一", "验收", "2022-12-20"]]
    )
    response = upload(client, data, "bad.xlsx")
    assert response.status_code == 200
    assert response.templates[0].name == "tasks/import.html"
    problems = response.context["problems"]
    assert [(p.sheet, p.row, p.letter, p.header) for p in problems] == [
        ("任务", 3, "B", "类别"),
        ("节点", 3, "B", "序号"),
    ]
    page = response.content.decode()
    assert "The workbook has 2 errors; nothing was changed." in page
    assert "<td>3</td>" in page and "B (类别)" in page and "Unknown category 无此类." in page
    assert "Give a whole number from 1 to 999." in page
    assert snapshot() == before
    assert kept_files() == []


def test_no_file_and_not_a_workbook(tw):
    client = tw.world.client_for("office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(URL, {}).content.decode()
    assert "Choose a file to upload." in page
    response = upload(client, b"code,title\n", "tasks.csv")
    assert "The file is not an Excel workbook (.xlsx): BadZipFile" in response.content.decode()
    assert kept_files() == []


def test_the_upload_form_shows_its_progress(tw):
    page = tw.world.client_for("office").get(URL).content.decode()
    assert 'hx-encoding="multipart/form-data"' in page
    assert 'data-testid="import-progress"' in page
    assert 'role="progressbar"' in page


# --- who may import ------------------------------------------------------------------------

NOT_OFFICE = [p for p in PERSONAS if p not in ("office", "other_office")] + ["leader2"]


def _client(tw, persona: str) -> Client:
    if persona == "leader2":
        client = Client()
        client.force_login(tw.leader2)
        return client
    return tw.world.client_for(persona)


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_only_the_office_may_upload(tw, persona):
    before = snapshot()
    response = upload(_client(tw, persona), workbook())
    assert response.status_code == 404
    assert snapshot() == before
    assert kept_files() == []


@pytest.mark.parametrize("persona", [*NOT_OFFICE, "other_office"])
def test_only_the_office_that_previewed_may_confirm(tw, persona):
    preview = upload(tw.world.client_for("office"), workbook())
    before = snapshot()
    response = _client(tw, persona).post(
        URL,
        {"confirm": "1", "token": preview.context["token"], "digest": preview.context["digest"]},
    )
    # The other county's office has its own import page, but not this session's upload.
    expected = (302, URL) if persona == "other_office" else (404, None)
    assert (response.status_code, response.get("Location")) == expected
    assert snapshot() == before
    assert len(kept_files()) == 1


def test_the_other_county_office_imports_only_into_its_own_year(tw):
    client = tw.world.client_for("other_office")
    before = snapshot()
    response = upload(client, workbook())
    problems = response.context["problems"]
    assert {(p.sheet, p.letter, p.message) for p in problems} >= {
        ("任务", "B", "Unknown category %(value)s."),
        ("任务", "D", "Unknown unit code %(value)s."),
    }
    assert snapshot() == before


def test_anonymous_is_sent_to_login_on_both_steps(tw, client):
    for form in ({"file": SimpleUploadedFile("t.xlsx", workbook())}, {"confirm": "1"}):
        response = client.post(URL, form)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert kept_files() == []
