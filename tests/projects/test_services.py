"""The ledger's services: one audit row each; refusals change nothing; evidence gates 开工/入库."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from leitai.core.models import AuditEntry
from leitai.projects import services
from leitai.projects.feeds import unit_figures
from leitai.projects.models import Project, ProjectFeed, ProjectMonth, StageEvidence
from tests.projects.conftest import stage_of

D = dt.date
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
PDF = b"%PDF-1.4 test"


def png(name="site.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_project_create_with_plan_and_stages(pw):
    project = services.project_create(
        actor=pw.office,
        year=pw.year,
        co_units=[pw.unit_c],
        plan=[Decimal("10.50")] * 12,
        planned={"start": D(2022, 4, 1)},
        code="P09",
        name="高端装备产业园",
        unit=pw.unit_a,
        leader=pw.leader,
        level="city",
        kind="industry",
        total_investment=Decimal("250000"),
    )
    assert project.size_band == "20-50"
    assert sum(m.planned for m in project.months.all()) == Decimal("126.00")
    assert stage_of(project, "start").planned_on == D(2022, 4, 1)
    assert project.stages.count() == 7
    assert actions() == ["project.create"]


def test_project_create_refused_for_a_unit_and_on_a_code_clash(pw):
    fields = {
        "name": "x",
        "unit": pw.unit_a,
        "level": "county",
        "kind": "other",
        "total_investment": 1,
    }
    with pytest.raises(PermissionDenied):
        services.project_create(actor=pw.reporter_a, year=pw.year, code="P10", **fields)
    with pytest.raises(ValidationError) as err:
        services.project_create(actor=pw.office, year=pw.year, code="P01", **fields)
    assert err.value.message_dict == {"code": ["已有项目使用此编号。"]}
    assert Project.objects.filter(year=pw.year).count() == 2
    assert actions() == []


def test_month_update_with_a_dated_photo(pw):
    row = services.month_update(
        actor=pw.reporter_a,
        project=pw.project_a,
        month=10,
        completed="95.25",
        workers=120,
        problems="用地手续待批",
        photos=[png()],
        taken_on=D(2022, 10, 28),
    )
    assert (row.completed, row.workers, row.problems) == (Decimal("95.25"), 120, "用地手续待批")
    assert [(p.taken_on, p.original_name) for p in row.photos.all()] == [
        (D(2022, 10, 28), "site.png")
    ]
    assert actions() == ["project_month.update"]


def test_month_update_refused_for_another_unit_and_without_a_photo_date(pw):
    with pytest.raises(PermissionDenied):
        services.month_update(actor=pw.reporter_b, project=pw.project_a, month=10, completed=1)
    with pytest.raises(ValidationError) as err:
        services.month_update(
            actor=pw.reporter_a, project=pw.project_a, month=10, completed=1, photos=[png()]
        )
    assert err.value.message_dict == {"taken_on": ["请填写照片拍摄日期。"]}
    assert ProjectMonth.objects.get(project=pw.project_a, month=10).completed is None
    assert actions() == []


def test_start_refused_without_evidence_then_counts_after_verification(pw):
    stage = stage_of(pw.project_a, "start")
    with pytest.raises(ValidationError) as err:
        services.stage_report(
            actor=pw.reporter_a,
            stage=stage,
            actual_on=D(2022, 3, 20),
            evidence={"contract": [pdf("合同.pdf")]},
        )
    assert err.value.message_dict == {"files": ["尚缺佐证材料：注明日期的现场照片。"]}
    stage.refresh_from_db()
    assert (stage.status, StageEvidence.objects.count(), actions()) == ("pending", 0, [])
    services.stage_report(
        actor=pw.reporter_a,
        stage=stage,
        actual_on=D(2022, 3, 20),
        evidence={"contract": [pdf("合同.pdf")], "photo": [png()]},
        taken_on=D(2022, 3, 20),
    )
    stage.refresh_from_db()
    assert stage.status == "reported"
    oct_end = D(2022, 10, 31)
    fig = unit_figures(Project.objects.filter(year=pw.year), oct_end)[pw.unit_a.pk]
    assert (fig.started, fig.planned_starts) == (0, 1)  # not yet checked
    services.stage_send_back(actor=pw.assessor, stage=stage, comment="照片无日期水印")
    stage.refresh_from_db()
    assert (stage.status, stage.comment) == ("returned", "照片无日期水印")
    services.stage_report(actor=pw.reporter_a, stage=stage, actual_on=D(2022, 3, 21))
    services.stage_verify(actor=pw.assessor, stage=stage)
    fig = unit_figures(Project.objects.filter(year=pw.year), oct_end)[pw.unit_a.pk]
    assert (fig.started, fig.planned_starts) == (1, 1)
    assert actions() == [
        "project_stage.claim",
        "project_stage.send_back",
        "project_stage.claim",
        "project_stage.verify",
    ]


def test_send_back_needs_a_comment(pw):
    stage = stage_of(pw.project_a, "signing")
    services.stage_report(actor=pw.reporter_a, stage=stage, actual_on=D(2022, 2, 1))
    with pytest.raises(ValidationError):
        services.stage_reopen(actor=pw.office, stage=stage, comment="  ")
    stage.refresh_from_db()
    assert stage.status == "done"
    assert actions() == ["project_stage.complete"]


def test_feeds_update_sets_and_clears(pw):
    services.feeds_update(
        actor=pw.office, year=pw.year, choices={"start_rate": "XM02", "entry_count": ""}
    )
    assert list(ProjectFeed.objects.values_list("metric", "indicator_code")) == [
        ("start_rate", "XM02")
    ]
    services.feeds_update(actor=pw.office, year=pw.year, choices={"start_rate": ""})
    assert ProjectFeed.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.feeds_update(actor=pw.assessor, year=pw.year, choices={"start_rate": "X"})
    assert actions() == ["project_feeds.update", "project_feeds.update"]
