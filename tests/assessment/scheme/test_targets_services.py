"""Targets (grid and Excel) and exemptions: rules and refusals."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from leitai.assessment.models import Exemption, Target
from leitai.assessment.scheme.services.targets import (
    exemption_create,
    exemption_delete,
    targets_import,
    targets_save,
    targets_workbook,
)
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import make_period, make_scheme


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def scheme(world):
    scheme = make_scheme(world.year)
    p3 = scheme.indicators.get(code="P2")
    p3.pk, p3.code, p3.rule, p3.params, p3.order = None, "P3", "completion", {"cap": 1.0}, 9
    p3.save()  # P3: a completion indicator for group G1 only
    return scheme


def _targets():
    return sorted(
        (t.unit.code, t.indicator_code, t.period.code if t.period else "", str(t.value))
        for t in Target.objects.select_related("unit", "period")
    )


def test_save_grid(world, scheme):
    changed = targets_save(
        actor=world.office,
        year=world.year,
        values={
            (world.unit_a.pk, "P1"): Decimal("100"),
            (world.unit_a.pk, "P3"): Decimal("5"),
            (world.unit_b.pk, "P1"): Decimal("80.5"),
        },
    )
    assert changed == 3
    assert _targets() == [
        ("A01", "P1", "", "100.0000"),
        ("A01", "P3", "", "5.0000"),
        ("B01", "P1", "", "80.5000"),
    ]
    targets_save(
        actor=world.office,
        year=world.year,
        values={(world.unit_a.pk, "P1"): None, (world.unit_b.pk, "P1"): Decimal("80.5")},
    )
    assert _targets() == [("A01", "P3", "", "5.0000"), ("B01", "P1", "", "80.5000")]
    audit = AuditEntry.objects.filter(action="target.save").order_by("id").last()
    assert (audit.before, audit.after) == (
        {f"{world.unit_a.pk}:P1": "100.0000"},
        {f"{world.unit_a.pk}:P1": None},
    )


@pytest.mark.parametrize(
    "cell",
    [("b", "P3", "5"), ("a", "R1", "5"), ("a", "P1", "0"), ("a", "P1", "-1")],
)
def test_save_grid_refusals(world, scheme, cell):
    unit = world.unit_a if cell[0] == "a" else world.unit_b
    with pytest.raises(ValidationError):
        targets_save(
            actor=world.office, year=world.year, values={(unit.pk, cell[1]): Decimal(cell[2])}
        )
    assert Target.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_locked_year_refuses_targets(world, scheme):
    make_period(world.year, "2022", kind="year", state="locked")
    with pytest.raises(ValidationError):
        targets_save(
            actor=world.office, year=world.year, values={(world.unit_a.pk, "P1"): Decimal(1)}
        )
    month = make_period(world.year, "2022-03", state="open")
    targets_save(
        actor=world.office,
        year=world.year,
        period=month,
        values={(world.unit_a.pk, "P1"): Decimal(7)},
    )
    assert _targets() == [("A01", "P1", "2022-03", "7.0000")]


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_save_refused_for_others(world, scheme, persona):
    with pytest.raises(PermissionDenied):
        targets_save(
            actor=getattr(world, persona),
            year=world.year,
            values={(world.unit_a.pk, "P1"): Decimal(1)},
        )
    assert Target.objects.count() == 0


def _workbook(rows, period_rows=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "目标"
    for row in rows:
        sheet.append(row)
    if period_rows is not None:
        periodic = book.create_sheet("分期目标")
        for row in period_rows:
            periodic.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_tolerant_cells_and_round_trip(world, scheme):
    make_period(world.year, "2022-03")
    data = _workbook(
        [
            ["单位代码", "单位名称", "P1 固定资产投资完成率", "P3 x"],
            ["A01", "", "１,２００", "—"],
            ["B01", "", "80.5", "—"],
            ["C01", "", "", 3],
        ],
        [["单位代码", "指标代码", "周期", "目标"], ["A01", "P1", "2022-03", "１００"]],
    )
    assert targets_import(actor=world.office, year=world.year, data=data) == 4
    assert _targets() == [
        ("A01", "P1", "", "1200.0000"),
        ("A01", "P1", "2022-03", "100.0000"),
        ("B01", "P1", "", "80.5000"),
        ("C01", "P3", "", "3.0000"),
    ]
    exported = targets_workbook(world.year)
    book = load_workbook(io.BytesIO(exported))
    assert [list(r) for r in book["目标"].iter_rows(values_only=True)] == [
        ["单位代码", "单位名称", "P1 固定资产投资完成率", "P3 新开工项目数"],
        ["A01", "县发展和改革局", 1200, None],
        ["B01", "县商务局", 80.5, "—"],
        ["C01", "县体育事业发展中心", None, 3],
    ]
    before = _targets()
    assert targets_import(actor=world.office, year=world.year, data=exported) == 0
    assert _targets() == before


def test_import_all_or_nothing_with_located_errors(world, scheme):
    data = _workbook(
        [
            ["单位代码", "单位名称", "P1", "P9"],
            ["A01", "", "abc", 1],
            ["Z99", "", 5, None],
            ["B01", "", 0, None],
        ],
    )
    with pytest.raises(ValidationError) as exc:
        targets_import(actor=world.office, year=world.year, data=data)
    assert exc.value.message_dict["file"] == [
        "目标 row 1, column D: Unknown completion indicator P9.",
        "目标 row 2, column C: abc is not a number.",
        "目标 row 3, column A: Unknown unit Z99.",
        "目标 row 4, column C: A target must be greater than 0.",
    ]
    assert Target.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_import_not_a_workbook(world, scheme):
    with pytest.raises(ValidationError) as exc:
        targets_import(actor=world.office, year=world.year, data=b"not excel")
    assert exc.value.message_dict["file"] == [
        "The file is not an Excel workbook (.xlsx): BadZipFile"
    ]


def test_exemptions(world, scheme):
    row = exemption_create(
        actor=world.office,
        year=world.year,
        unit=world.unit_a,
        indicator_code="P1",
        reason="无此项任务",
    )
    assert (row.unit, row.indicator_code, row.reason) == (world.unit_a, "P1", "无此项任务")
    for bad in [{"indicator_code": "P1"}, {"indicator_code": "Q9"}, {"reason": " "}]:
        kwargs = {"indicator_code": "R1", "reason": "r", **bad}
        with pytest.raises(ValidationError):
            exemption_create(actor=world.office, year=world.year, unit=world.unit_a, **kwargs)
    with pytest.raises(ValidationError):
        exemption_create(
            actor=world.office,
            year=world.year,
            unit=world.other_unit,
            indicator_code="R1",
            reason="r",
        )
    with pytest.raises(PermissionDenied):
        exemption_delete(actor=world.assessor, exemption=row)
    exemption_delete(actor=world.office, exemption=row)
    assert Exemption.objects.count() == 0
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "exemption.create",
        "exemption.delete",
    ]
