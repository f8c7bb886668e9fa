"""Milestone evidence files: attached by the lead unit when marking done, read like the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from leitai.core.models import AuditEntry
from leitai.keytasks import services
from leitai.keytasks.models import CoordinationRequest, Milestone, MilestoneEvidence, WeeklyReport
from leitai.keytasks.services import milestones as milestone_services
from tests.conftest import PERSONAS, _person

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TYPES = "pdf, png, jpg, jpeg, gif, webp, docx, xlsx, pptx, doc, xls, ppt, wps"
# Who may read task A (lead unit A, co-unit C, leader `leader`): its download answers them.
READS_A = {"office", "reporter_a", "leader_a", "supervisor", "leader", "leader2", "reporter_c"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def reporter_c(tw):
    return _person("reporter_c", "填报员丙", tw.county, "reporter", tw.unit_c)


def pdf(name="立项批复.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def files_on_disk(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file())


def nothing_changed(tw, media):
    """Check a refused or failed attempt left no row, no change, no audit and no file."""
    assert WeeklyReport.objects.count() == 0
    assert CoordinationRequest.objects.count() == 0
    assert Milestone.objects.get(pk=tw.m1.pk).done_on is None
    assert MilestoneEvidence.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert files_on_disk(media) == []


def report(tw, actor, files, **kw):
    return services.report_submit(
        actor=actor,
        task=tw.task_a,
        week=D(2022, 3, 28),
        progress=30,
        done_this_week="完成立项",
        milestones_done=[(tw.m1, D(2022, 3, 29), "县发改批〔2022〕12号", files)],
        **kw,
    )


# --- services ----------------------------------------------------------------------------------


def test_reporter_marks_done_with_files_in_one_audit_row(tw, media):
    report(tw, tw.reporter_a, [pdf(), pdf("../../现场照片.pdf")], problem="用地")
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.done_on, m1.evidence) == (D(2022, 3, 29), "县发改批〔2022〕12号")
    files = list(MilestoneEvidence.objects.order_by("pk"))
    assert [(f.milestone_id, f.original_name, f.size, f.uploaded_by) for f in files] == [
        (tw.m1.pk, "立项批复.pdf", len(PDF), tw.reporter_a),
        (tw.m1.pk, "现场照片.pdf", len(PDF), tw.reporter_a),
    ]
    for f in files:
        assert f.file.name.startswith("tasks/") and f.file.name.endswith(".pdf")
        assert "立项" not in f.file.name and ".." not in f.file.name
        assert (media / f.file.name).read_bytes() == PDF
    entry = AuditEntry.objects.get()
    assert entry.action == "weekly_report.submit"
    assert entry.after["milestones_done"] == [
        {
            "milestone": tw.m1.pk,
            "done_on": "2022-03-29",
            "evidence": "县发改批〔2022〕12号",
            "files": [
                {"id": files[0].pk, "name": "立项批复.pdf", "size": len(PDF)},
                {"id": files[1].pk, "name": "现场照片.pdf", "size": len(PDF)},
            ],
        }
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00"),
            "Evidence files of “立项”: “setup.exe” is not accepted; upload a PDF, an image or "
            f"an Office file ({TYPES}).",
        ),
        (
            SimpleUploadedFile("批复.pdf", b"<html>not a pdf</html>"),
            "Evidence files of “立项”: the content of “批复.pdf” is not a .pdf file.",
        ),
        (
            SimpleUploadedFile("扫描件.pdf", PDF + b"0" * 100),
            "Evidence files of “立项”: “扫描件.pdf” (145\xa0bytes) is larger than 100\xa0bytes.",
        ),
    ],
    ids=["wrong type", "renamed", "too large"],
)
def test_a_bad_file_is_named_and_nothing_is_saved(tw, media, settings, upload, message):
    settings.LEITAI_MAX_EVIDENCE_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        report(tw, tw.reporter_a, [pdf(), upload], problem="用地")
    assert exc.value.message_dict == {f"files_{tw.m1.pk}": [message]}
    nothing_changed(tw, media)


def test_a_missing_note_and_a_bad_file_are_both_reported(tw, media):
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=tw.reporter_a,
            task=tw.task_a,
            week=D(2022, 3, 28),
            progress=30,
            done_this_week="x",
            milestones_done=[(tw.m1, D(2022, 3, 29), " ", [SimpleUploadedFile("a.txt", b"x")])],
        )
    assert set(exc.value.message_dict) == {f"milestone_{tw.m1.pk}", f"files_{tw.m1.pk}"}
    nothing_changed(tw, media)


def test_co_unit_reporter_cannot_attach(tw, media, reporter_c):
    with pytest.raises(PermissionDenied):
        report(tw, reporter_c, [pdf()])
    with pytest.raises(PermissionDenied):
        services.milestone_complete(
            actor=reporter_c, milestone=tw.m1, done_on=D(2022, 3, 29), evidence="e", files=[pdf()]
        )
    nothing_changed(tw, media)


@pytest.mark.parametrize("persona", ["reporter_b", "leader", "supervisor", "assessor", "judge"])
def test_nobody_else_attaches(tw, media, persona):
    with pytest.raises(PermissionDenied):
        services.milestone_complete(
            actor=getattr(tw, persona),
            milestone=tw.m1,
            done_on=D(2022, 3, 29),
            evidence="e",
            files=[pdf()],
        )
    nothing_changed(tw, media)


def test_files_need_the_milestone_done(tw, media):
    with pytest.raises(ValidationError) as exc:
        services.milestone_complete(
            actor=tw.leader_a, milestone=tw.m1, done_on=None, evidence="", files=[pdf()]
        )
    assert exc.value.message_dict == {
        "files": ["Evidence files of “立项”: mark the milestone done to attach evidence files."]
    }
    nothing_changed(tw, media)


def test_files_added_to_a_done_milestone_write_one_audit_row(tw, media):
    services.milestone_complete(
        actor=tw.leader_a, milestone=tw.m1, done_on=D(2022, 3, 29), evidence="批复"
    )
    services.milestone_complete(
        actor=tw.office, milestone=tw.m1, done_on=D(2022, 3, 29), evidence="批复", files=[pdf()]
    )
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == ["milestone.complete", "milestone.complete"]
    stored = MilestoneEvidence.objects.get()
    assert entries[1].before == {}
    assert entries[1].after == {
        "files": [{"id": stored.pk, "name": "立项批复.pdf", "size": len(PDF)}]
    }
    assert stored.uploaded_by == tw.office


def test_a_failure_after_storing_leaves_no_file(tw, media, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(milestone_services, "record", fail)
    with pytest.raises(RuntimeError):
        report(tw, tw.reporter_a, [pdf()])
    nothing_changed(tw, media)


# --- pages ---------------------------------------------------------------------------------------


def client_for(tw, persona, reporter_c=None) -> Client:
    if persona == "reporter_c":
        client = Client()
        client.force_login(reporter_c)
        return client
    if persona == "leader2":
        client = Client()
        client.force_login(tw.leader2)
        return client
    return tw.world.client_for(persona)


def post_report(client, tw, files, *, done=True, **headers):
    data = {
        "week": "2022-04-01",
        "progress": "30",
        "done_this_week": "完成立项",
        f"done_on_{tw.m1.pk}": "2022-03-30",
        f"evidence_{tw.m1.pk}": "批复文件",
        f"files_{tw.m1.pk}": files,
    }
    if done:
        data[f"done_{tw.m1.pk}"] = "on"
    return client.post(reverse("tasks:report", args=[tw.task_a.pk]), data, headers=headers)


def test_report_page_attaches_files_and_the_task_page_lists_them(tw, media):
    client = tw.world.client_for("reporter_a")
    response = post_report(client, tw, [pdf(), pdf("照片.pdf")])
    assert response.status_code == 302
    assert [f.original_name for f in MilestoneEvidence.objects.order_by("pk")] == [
        "立项批复.pdf",
        "照片.pdf",
    ]
    page = client.get(reverse("tasks:task_detail", args=[tw.task_a.pk]))
    cell = page.content.decode()
    for f in MilestoneEvidence.objects.all():
        assert reverse("tasks:evidence_download", args=[f.pk]) in cell
    assert "立项批复.pdf" in cell and "批复文件" in cell


def test_report_page_sent_by_htmx_is_told_to_load_the_task_page(tw, media):
    client = tw.world.client_for("reporter_a")
    response = post_report(client, tw, [pdf()], HX_Request="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("tasks:task_detail", args=[tw.task_a.pk])


def test_report_page_names_a_bad_file_and_saves_nothing(tw, media):
    client = tw.world.client_for("reporter_a")
    response = post_report(client, tw, [pdf(), SimpleUploadedFile("病毒.exe", b"MZ")])
    assert response.status_code == 200
    assert response.context["form"].errors[f"files_{tw.m1.pk}"] == [
        f"节点“立项”的佐证材料：不接受“病毒.exe”，请上传 PDF、图片或 Office 文件（{TYPES}）。"
    ]
    assert "病毒.exe" in response.content.decode()
    nothing_changed(tw, media)


def test_report_page_wants_done_ticked_for_files(tw, media):
    client = tw.world.client_for("reporter_a")
    response = post_report(client, tw, [pdf()], done=False)
    assert response.status_code == 200
    assert response.context["form"].errors[f"files_{tw.m1.pk}"] == [
        "请先勾选“已完成”，再上传佐证材料。"
    ]
    nothing_changed(tw, media)


def test_co_unit_reporter_cannot_attach_through_the_page(tw, media, reporter_c):
    response = post_report(client_for(tw, "reporter_c", reporter_c), tw, [pdf()])
    assert response.status_code == 404
    nothing_changed(tw, media)


def test_download_answers_whoever_reads_the_task_and_404_to_others(tw, media, reporter_c):
    report(tw, tw.reporter_a, [pdf()])
    stored = MilestoneEvidence.objects.get()
    url = reverse("tasks:evidence_download", args=[stored.pk])
    for persona in [*PERSONAS, "leader2", "reporter_c"]:
        response = client_for(tw, persona, reporter_c).get(url)
        if persona in READS_A:
            assert response.status_code == 200, persona
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content) == PDF
        else:
            assert response.status_code == 404, persona
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    missing = reverse("tasks:evidence_download", args=[stored.pk + 1])
    assert tw.world.client_for("office").get(missing).status_code == 404


def test_task_page_query_count_does_not_grow_with_files(tw, media):
    client = tw.world.client_for("reporter_a")
    url = reverse("tasks:task_detail", args=[tw.task_a.pk])
    client.get(url)  # the session and the one-time messages settle
    report(tw, tw.reporter_a, [pdf()])
    client.get(url)
    before = _count(client, url)
    services.milestone_complete(
        actor=tw.reporter_a,
        milestone=tw.m2,
        done_on=D(2022, 9, 29),
        evidence="开工",
        files=[pdf(), pdf("图纸.pdf"), pdf("照片.pdf")],
    )
    client.get(url)
    assert _count(client, url) == before


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- adding files to a milestone already done (task page) ------------------------------------


def _done_m1(tw):
    services.milestone_complete(
        actor=tw.reporter_a, milestone=tw.m1, done_on=D(2022, 3, 29), evidence="县发改批12号"
    )
    return reverse("tasks:evidence_add", args=[tw.task_a.pk, tw.m1.pk])


def test_the_office_may_add_files_too(tw, media):
    url = _done_m1(tw)
    assert tw.world.client_for("office").post(url, {"files": [pdf()]}).status_code == 302
    assert MilestoneEvidence.objects.get().uploaded_by == tw.world.office


def test_lead_reporter_adds_files_to_a_done_milestone_from_the_task_page(tw, media):
    url = _done_m1(tw)
    client = tw.world.client_for("reporter_a")
    page = client.get(reverse("tasks:task_detail", args=[tw.task_a.pk])).content.decode()
    assert f'data-testid="evidence-add-{tw.m1.pk}"' in page
    audits = AuditEntry.objects.count()
    response = client.post(url, {"files": [pdf("验收报告.pdf")]})
    assert response.status_code == 302
    assert response.url == reverse("tasks:task_detail", args=[tw.task_a.pk])
    stored = MilestoneEvidence.objects.get()
    assert (stored.milestone_id, stored.original_name, stored.size) == (
        tw.m1.pk,
        "验收报告.pdf",
        len(PDF),
    )
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.done_on, m1.evidence) == (D(2022, 3, 29), "县发改批12号")  # unchanged
    entry = AuditEntry.objects.latest("pk")
    assert AuditEntry.objects.count() == audits + 1
    assert (entry.action, entry.after["files"][0]["name"]) == ("milestone.complete", "验收报告.pdf")
    assert len(files_on_disk(media)) == 1


def test_adding_files_is_refused_with_nothing_changed(tw, media, reporter_c):
    url = _done_m1(tw)
    audits = AuditEntry.objects.count()
    bad = tw.world.client_for("reporter_a").post(
        url, {"files": [SimpleUploadedFile("a.exe", b"MZ")]}, follow=True
    )
    assert "不接受“a.exe”，请上传 PDF、图片或 Office 文件" in bad.content.decode()
    # Others: the co-unit's reporter may read the task but not add; other units see nothing.
    assert client_for(tw, "reporter_c", reporter_c).post(url, {"files": [pdf()]}).status_code == 404
    for persona in ("reporter_b", "leader", "supervisor", "judge", "other_office"):
        response = tw.world.client_for(persona).post(url, {"files": [pdf()]})
        assert response.status_code == 404, persona
    assert Client().post(url, {"files": [pdf()]}).status_code == 302  # anonymous: to login
    undone = reverse("tasks:evidence_add", args=[tw.task_a.pk, tw.m2.pk])
    assert tw.world.client_for("reporter_a").post(undone, {"files": [pdf()]}).status_code == 302
    assert tw.world.client_for("reporter_a").get(url).status_code == 405
    assert (MilestoneEvidence.objects.count(), AuditEntry.objects.count()) == (0, audits)
    assert files_on_disk(media) == []


def test_adding_files_with_htmx_is_told_to_reload_the_task_page(tw, media):
    url = _done_m1(tw)
    client = tw.world.client_for("reporter_a")
    response = client.post(url, {"files": [pdf()]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("tasks:task_detail", args=[tw.task_a.pk])
    assert MilestoneEvidence.objects.count() == 1
    page = client.get(reverse("tasks:task_detail", args=[tw.task_a.pk])).content.decode()
    assert 'data-testid="upload-progress"' in page and "leitai/upload-progress.js" in page
