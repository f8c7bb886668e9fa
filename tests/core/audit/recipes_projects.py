"""Audit recipes of the project ledger: projects, import, feeds, events, months and stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from leitai.projects import services
from tests.core.audit.harness import CHANGE, CREATE, EVENT, recipe
from tests.projects.conftest import add_evidence, set_stage, stage_of
from tests.projects.test_imports import GOOD, book

P = "leitai.projects.services."
D = dt.date
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def png(name="site.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@recipe(P + "ledger.project_create")
def _(c):
    c.projects  # noqa: B018 - the year's ledger
    return lambda: services.project_create(
        actor=c.office,
        year=c.year,
        co_units=[c.unit_c],
        plan=[Decimal("10.50")] * 12,
        planned={"start": D(2022, 4, 1)},
        code="P09",
        name="高端装备产业园",
        unit=c.unit_a,
        leader=c.leader,
        level="city",
        kind="industry",
        total_investment=Decimal("250000"),
    )


@recipe(P + "ledger.project_update")
def _(c):
    p = c.projects
    return lambda: services.project_update(
        actor=c.office, project=p.project_a, name="项目P01（改）", co_units=[c.unit_b]
    )


@recipe(P + "ledger.feeds_update")
def _(c):
    c.projects  # noqa: B018 - the year's ledger
    return lambda: services.feeds_update(
        actor=c.office, year=c.year, choices={"start_rate": "XM02"}
    )


@recipe(P + "imports.ledger_import_apply", kind=EVENT)
def _(c):
    c.projects  # noqa: B018 - the year's ledger
    data = book([GOOD], [])
    return lambda: services.ledger_import_apply(actor=c.office, year=c.year, data=data)


@recipe(P + "events.event_create", kind=CREATE)
def _(c):
    p = c.projects
    return lambda: services.event_create(
        actor=c.office,
        year=c.year,
        kind="collective_start",
        title="第一季度集中开工",
        held_on=D(2022, 3, 28),
        projects=[p.project_a, p.project_b],
        photos=[png("开工.png")],
    )


S = P + "progress."


@recipe(S + "month_update", kind=CHANGE)
def _(c):
    p = c.projects
    return lambda: services.month_update(
        actor=c.reporter_a,
        project=p.project_a,
        month=10,
        completed="95.25",
        workers=120,
        problems="用地手续待批",
        photos=[png()],
        taken_on=D(2022, 10, 28),
    )


@recipe(S + "stage_report")
def _(c):
    stage = stage_of(c.projects.project_a, "start")
    evidence = {"contract": [SimpleUploadedFile("合同.pdf", b"%PDF-1.4 test")], "photo": [png()]}
    return lambda: services.stage_report(
        actor=c.reporter_a,
        stage=stage,
        actual_on=D(2022, 3, 20),
        evidence=evidence,
        taken_on=D(2022, 3, 20),
    )


def _reported(c):
    stage = set_stage(c.projects.project_a, "start", "reported", D(2022, 3, 20))
    add_evidence(stage, "contract", "photo")
    return stage


@recipe(S + "stage_verify")
def _(c):
    stage = _reported(c)
    return lambda: services.stage_verify(actor=c.assessor, stage=stage)


@recipe(S + "stage_send_back")
def _(c):
    stage = _reported(c)
    return lambda: services.stage_send_back(actor=c.office, stage=stage, comment="照片无日期水印")


@recipe(S + "stage_reopen")
def _(c):
    stage = set_stage(c.projects.project_a, "signing", "done", D(2022, 2, 1))
    return lambda: services.stage_reopen(actor=c.assessor, stage=stage, comment="误报")
