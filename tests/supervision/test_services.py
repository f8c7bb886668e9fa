"""The problem's state machine: every step, every refusal leaving nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import translation

from leitai.core.models import AuditEntry
from leitai.supervision import services
from leitai.supervision.models import (
    PROBLEM_STATUSES,
    Evidence,
    Problem,
    ProblemEvent,
    Visit,
)
from tests.supervision.conftest import PNG, TODAY, pdf, png

D = dt.date


def snapshot(problem):
    """Return everything a refused step must leave as it was."""
    fresh = Problem.objects.get(pk=problem.pk)
    return (
        model_to_dict(fresh),
        ProblemEvent.objects.count(),
        Evidence.objects.count(),
        AuditEntry.objects.count(),
    )


def plan(actor, problem, **kw):
    args = {"measures": "补齐台账", "responsible": "张三", "target_date": D(2022, 6, 1)} | kw
    return services.rectification_plan_submit(actor=actor, problem=problem, **args)


def test_statuses_match_the_constraint():
    assert tuple(Problem.Status.values) == PROBLEM_STATUSES


def test_raise_from_a_visit_sets_the_deadline_by_severity(world, sv):
    problem = services.problem_raise(
        actor=world.supervisor,
        year=world.year,
        unit=world.unit_a,
        category=sv.style,
        severity="serious",
        description="  值班制度落实不到位 ",
        found_on=D(2022, 5, 10),
        visit=sv.visit,
        files=[png()],
    )
    assert (problem.deadline, problem.status, problem.round) == (D(2022, 5, 25), "open", sv.round)
    assert problem.description == "值班制度落实不到位"
    event = problem.events.get()
    assert (event.kind, event.on, event.actor_name) == ("raised", TODAY, "督导员")
    evidence = Evidence.objects.get(problem=problem)
    assert evidence.original_name == "现场照片.png"
    assert evidence.file.name.startswith("supervision/") and evidence.file.name.endswith(".png")
    assert "现场照片" not in evidence.file.name
    assert evidence.file.read() == PNG
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.unit, entry.after["deadline"]) == (
        "problem.raise",
        world.unit_a,
        "2022-05-25",
    )


def test_the_whole_story(world, sv):
    p = sv.problem
    services.rectification_plan_draft(
        actor=world.reporter_a, problem=p, measures="草稿", responsible="", target_date=None
    )
    assert Problem.objects.get(pk=p.pk).status == "open"
    sv.set_today(D(2022, 5, 12))
    p = plan(world.leader_a, p)
    assert (p.status, p.plan_submitted_on, p.measures) == (
        "in_progress",
        D(2022, 5, 12),
        "补齐台账",
    )
    p = services.rectification_progress(actor=world.reporter_a, problem=p, text="已补一半")
    assert p.last_progress_on == D(2022, 5, 12)
    p = services.rectification_complete(
        actor=world.leader_a, problem=p, text="已完成", files=[pdf()]
    )
    assert p.status == "submitted"
    p = services.problem_send_back(actor=world.supervisor, problem=p, reason="照片不清楚")
    assert (p.status, p.reopen_count) == ("reopened", 1)
    p = services.rectification_complete(
        actor=world.leader_a, problem=p, text="重新提交", files=[png()]
    )
    sv.set_today(D(2022, 5, 20))
    p = services.problem_sign_off(actor=world.supervisor, problem=p)
    assert (p.status, p.signed_off_on) == ("signed_off", D(2022, 5, 20))
    kinds = list(p.events.values_list("kind", flat=True))
    assert kinds == [
        "plan_drafted",
        "plan_submitted",
        "progress",
        "completed",
        "sent_back",
        "completed",
        "signed_off",
    ]
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "rectification.plan_draft",
        "rectification.plan_submit",
        "rectification.progress",
        "rectification.complete",
        "problem.send_back",
        "rectification.complete",
        "problem.sign_off",
    ]
    back = AuditEntry.objects.get(action="problem.send_back")
    assert (back.before, back.after) == (
        {"status": "submitted", "reopen_count": 0},
        {"status": "reopened", "reopen_count": 1, "on": "2022-05-12", "text": "照片不清楚"},
    )


def submitted(world, sv):
    p = plan(world.leader_a, sv.problem)
    return services.rectification_complete(
        actor=world.leader_a, problem=p, text="完成", files=[pdf()]
    )


REFUSALS = [
    # (name, setup, call, exception)
    ("reporter submits plan", None, lambda w, p: plan(w.reporter_a, p), PermissionDenied),
    ("other unit plans", None, lambda w, p: plan(w.reporter_b, p), PermissionDenied),
    ("supervisor plans", None, lambda w, p: plan(w.supervisor, p), PermissionDenied),
    ("office plans", None, lambda w, p: plan(w.office, p), PermissionDenied),
    (
        "plan without measures",
        None,
        lambda w, p: plan(w.leader_a, p, measures=" "),
        ValidationError,
    ),
    (
        "plan without person",
        None,
        lambda w, p: plan(w.leader_a, p, responsible=""),
        ValidationError,
    ),
    ("plan no date", None, lambda w, p: plan(w.leader_a, p, target_date=None), ValidationError),
    (
        "plan after deadline",
        None,
        lambda w, p: plan(w.leader_a, p, target_date=D(2022, 6, 10)),
        ValidationError,
    ),
    (
        "progress before plan",
        None,
        lambda w, p: services.rectification_progress(actor=w.reporter_a, problem=p, text="x"),
        ValidationError,
    ),
    (
        "complete before plan",
        None,
        lambda w, p: services.rectification_complete(
            actor=w.leader_a, problem=p, text="x", files=[pdf()]
        ),
        ValidationError,
    ),
    (
        "sign off open problem",
        None,
        lambda w, p: services.problem_sign_off(actor=w.supervisor, problem=p),
        ValidationError,
    ),
    (
        "complete without evidence",
        "planned",
        lambda w, p: services.rectification_complete(
            actor=w.leader_a, problem=p, text="完成", files=[]
        ),
        ValidationError,
    ),
    (
        "complete with a program",
        "planned",
        lambda w, p: services.rectification_complete(
            actor=w.leader_a,
            problem=p,
            text="完成",
            files=[pdf("ok.pdf"), pdf("virus.exe")],
        ),
        ValidationError,
    ),
    (
        "complete with a renamed file",
        "planned",
        lambda w, p: services.rectification_complete(
            actor=w.leader_a, problem=p, text="完成", files=[png("fake.pdf")]
        ),
        ValidationError,
    ),
    (
        "reporter completes",
        "planned",
        lambda w, p: services.rectification_complete(
            actor=w.reporter_a, problem=p, text="完成", files=[pdf()]
        ),
        PermissionDenied,
    ),
    (
        "plan twice",
        "planned",
        lambda w, p: plan(w.leader_a, p),
        ValidationError,
    ),
    (
        "unit signs off",
        "submitted",
        lambda w, p: services.problem_sign_off(actor=w.leader_a, problem=p),
        PermissionDenied,
    ),
    (
        "leader signs off",
        "submitted",
        lambda w, p: services.problem_sign_off(actor=w.leader, problem=p),
        PermissionDenied,
    ),
    (
        "other county signs off",
        "submitted",
        lambda w, p: services.problem_sign_off(actor=w.other_office, problem=p),
        PermissionDenied,
    ),
    (
        "send back without reason",
        "submitted",
        lambda w, p: services.problem_send_back(actor=w.supervisor, problem=p, reason=" "),
        ValidationError,
    ),
    (
        "progress while awaiting verification",
        "submitted",
        lambda w, p: services.rectification_progress(actor=w.reporter_a, problem=p, text="x"),
        ValidationError,
    ),
    (
        "supervisor withdraws",
        "submitted",
        lambda w, p: services.problem_withdraw(actor=w.supervisor, problem=p, reason="错"),
        PermissionDenied,
    ),
]


@pytest.mark.parametrize(("name", "setup", "call", "exc"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_changes_nothing(world, sv, name, setup, call, exc):
    p = sv.problem
    if setup == "planned":
        p = plan(world.leader_a, p)
    elif setup == "submitted":
        p = submitted(world, sv)
    before = snapshot(p)
    with pytest.raises(exc):
        call(world, p)
    assert snapshot(p) == before


def test_supervisor_outside_his_group_cannot_sign_off(world, sv):
    b_visit = Visit.objects.create(
        round=sv.round, supervision_group=world.supervision, unit=world.unit_b, visited_on=TODAY
    )
    p = Problem.objects.filter(pk=sv.problem.pk)
    p.update(unit=world.unit_b, visit=b_visit, status="submitted")
    before = snapshot(sv.problem)
    with pytest.raises(PermissionDenied):
        services.problem_sign_off(actor=world.supervisor, problem=sv.problem)
    assert snapshot(sv.problem) == before


def test_office_verifies_and_withdraws(world, sv):
    p = submitted(world, sv)
    p = services.problem_sign_off(actor=world.office, problem=p, text="核实")
    assert p.status == "signed_off"
    with pytest.raises(ValidationError):
        services.problem_withdraw(actor=world.office, problem=p, reason="错")
    other = services.problem_raise(
        actor=world.office,
        year=world.year,
        unit=world.unit_b,
        category=sv.tasks,
        severity="general",
        description="群众投诉办事慢",
        found_on=D(2022, 5, 10),
        source="complaint",
    )
    assert (other.round, other.visit, other.deadline) == (None, None, D(2022, 6, 9))
    other = services.problem_withdraw(actor=world.office, problem=other, reason="重复登记")
    assert other.status == "withdrawn"


@pytest.mark.parametrize("persona", ["supervisor", "reporter_a", "leader", "judge", "other_office"])
def test_only_the_office_raises_outside_a_round(world, sv, persona):
    with pytest.raises(PermissionDenied):
        services.problem_raise(
            actor=getattr(world, persona),
            year=world.year,
            unit=world.unit_a,
            category=sv.tasks,
            severity="general",
            description="投诉",
            found_on=TODAY,
            source="complaint",
        )
    assert Problem.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_supervisor_cannot_raise_for_a_unit_outside_his_group(world, sv):
    visit = Visit.objects.create(
        round=sv.round, supervision_group=world.supervision, unit=world.unit_b, visited_on=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.problem_raise(
            actor=world.supervisor,
            year=world.year,
            unit=world.unit_b,
            category=sv.tasks,
            severity="general",
            description="x",
            found_on=TODAY,
            visit=visit,
        )
    assert Problem.objects.count() == 1


def test_visit_record_takes_the_group_and_findings(world, sv):
    sv.visit.problems.all().delete()
    sv.visit.delete()
    visit = services.visit_record(
        actor=world.supervisor,
        round=sv.round,
        unit=world.unit_a,
        visited_on=D(2022, 5, 20),
        summary="工作扎实",
        findings={sv.tasks.pk: "进度符合预期", sv.style.pk: " "},
    )
    assert visit.supervision_group == world.supervision
    assert [(f.category.code, f.text) for f in visit.findings.all()] == [("tasks", "进度符合预期")]
    entry = AuditEntry.objects.get()
    assert entry.after["findings"] == {str(sv.tasks.pk): "进度符合预期"}
    with pytest.raises(ValidationError) as caught:
        services.visit_record(
            actor=world.supervisor, round=sv.round, unit=world.unit_a, visited_on=D(2022, 5, 21)
        )
    assert "unit" in caught.value.error_dict


def test_visit_refusals(world, sv):
    with pytest.raises(PermissionDenied):  # B is not in his group
        services.visit_record(
            actor=world.supervisor, round=sv.round, unit=world.unit_b, visited_on=TODAY
        )
    with pytest.raises(ValidationError) as caught:  # nobody covers B
        services.visit_record(
            actor=world.office, round=sv.round, unit=world.unit_b, visited_on=TODAY
        )
    assert "unit" in caught.value.error_dict
    sv.visit.problems.all().delete()
    sv.visit.delete()
    with pytest.raises(ValidationError) as caught:
        services.visit_record(
            actor=world.supervisor, round=sv.round, unit=world.unit_a, visited_on=D(2022, 7, 1)
        )
    assert "visited_on" in caught.value.error_dict
    assert Visit.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_rule_and_category_and_round_services(world, sv):
    rule = services.deduction_rule_save(actor=world.office, year=world.year, serious_days=10)
    assert rule.serious_days == 10
    entry = AuditEntry.objects.get()
    assert (entry.before, entry.after) == ({"serious_days": 15}, {"serious_days": 10})
    with pytest.raises(PermissionDenied):
        services.deduction_rule_save(actor=world.supervisor, year=world.year, serious_days=1)
    with pytest.raises(ValidationError):
        services.deduction_rule_save(actor=world.office, year=world.year, general_points=-1)
    cat = services.category_create(
        actor=world.office, jurisdiction=world.county, code="party", name="党建任务", order=7
    )
    assert cat.name == "党建任务"
    rnd = services.round_create(
        actor=world.office,
        year=world.year,
        name="2022年下半年督导",
        starts_on=D(2022, 10, 1),
        ends_on=D(2022, 11, 30),
    )
    with pytest.raises(ValidationError):
        services.round_update(actor=world.office, round=rnd, ends_on=D(2022, 9, 1))
    assert AuditEntry.objects.count() == 3


def test_bad_evidence_is_named_file_by_file_and_nothing_is_stored(world, sv, media):
    p = plan(world.leader_a, sv.problem)
    before = snapshot(p)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.rectification_complete(
            actor=world.leader_a,
            problem=p,
            text="完成",
            files=[pdf("ok.pdf"), pdf("virus.exe"), png("fake.pdf")],
        )
    types = "pdf, png, jpg, jpeg, gif, webp, docx, xlsx, pptx, doc, xls, ppt, wps"
    assert exc.value.message_dict == {
        "files": [
            "Evidence files: “virus.exe” is not accepted; upload a PDF, an image or an Office "
            f"file ({types}).",
            "Evidence files: the content of “fake.pdf” is not a .pdf file.",
        ]
    }
    assert snapshot(p) == before
    assert not list(media.rglob("*.*"))


def test_evidence_over_the_limit_is_refused(world, sv, media, settings):
    settings.LEITAI_MAX_EVIDENCE_BYTES = 20
    p = plan(world.leader_a, sv.problem)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.rectification_progress(
            actor=world.reporter_a, problem=p, text="进展", files=[png("大照片.png")]
        )
    assert exc.value.message_dict == {
        "files": ["Evidence files: “大照片.png” (40\xa0bytes) is larger than 20\xa0bytes."]
    }
    assert Evidence.objects.count() == 0


def test_at_most_ten_files_at_a_time(world, sv):
    p = plan(world.leader_a, sv.problem)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.rectification_progress(
            actor=world.reporter_a, problem=p, text="进展", files=[pdf()] * 11
        )
    assert exc.value.message_dict == {"files": ["Evidence files: at most 10 files at a time."]}


def test_a_failed_step_leaves_no_file_on_disk(world, sv, media, monkeypatch):
    p = plan(world.leader_a, sv.problem)

    def fail(*args, **kwargs):
        raise RuntimeError("audit failed")

    monkeypatch.setattr(services, "_audit", fail)
    with pytest.raises(RuntimeError):
        services.rectification_progress(
            actor=world.reporter_a, problem=p, text="进展", files=[pdf()]
        )
    assert Evidence.objects.count() == 0
    assert not list(media.rglob("*.pdf"))
