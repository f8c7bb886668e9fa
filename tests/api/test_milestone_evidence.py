"""Milestone evidence in the API per persona: listed with download links, uploaded by the lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leitai.keytasks import services
from leitai.keytasks.models import Milestone, MilestoneEvidence
from tests.api.conftest import assert_error, audit_count
from tests.conftest import PERSONAS
from tests.keytasks.conftest import build_task_world

PDF = b"%PDF-1.4\n%%EOF\n"
# Task A: lead unit A, co-unit C, leader `leader`; unit B, judges, another county see nothing.
SEES_A = {"office", "reporter_a", "leader_a", "supervisor", "leader"}
# What a visible milestone answers to an upload by each persona (the service refuses with 403).
UPLOAD = {
    "office": 200,
    "reporter_a": 200,
    "leader_a": 200,
    "supervisor": 403,
    "leader": 403,
    "assessor": 404,
    "reporter_b": 404,
    "judge": 404,
    "other_office": 404,
}


@pytest.fixture
def tw(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_task_world(world)


@pytest.fixture
def stored(tw):
    services.milestone_complete(
        actor=tw.reporter_a,
        milestone=tw.m1,
        done_on=dt.date(2022, 3, 29),
        evidence="批复",
        files=[SimpleUploadedFile("批复.pdf", PDF)],
    )
    return MilestoneEvidence.objects.get()


def pdf(name="现场照片.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_detail_are_scoped_like_the_task(api, tw, stored, persona):
    client = api(persona)
    listed = client.get("/api/milestone-evidence/")
    assert listed.status_code == 200
    detail = client.get(f"/api/milestone-evidence/{stored.pk}/")
    milestone = client.get(f"/api/milestones/{tw.m1.pk}/")
    if persona not in SEES_A:
        assert listed.json()["results"] == []
        assert_error(detail, 404, "not_found")
        assert_error(milestone, 404, "not_found")
        return
    expected = {
        "id": stored.pk,
        "milestone": tw.m1.pk,
        "task": tw.task_a.pk,
        "name": "批复.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "uploaded_by": tw.reporter_a.pk,
        "uploaded_at": detail.json()["uploaded_at"],
        "download": f"/tasks/evidence/{stored.pk}/",
    }
    assert listed.json()["results"] == [expected]
    assert detail.json() == expected
    assert milestone.json()["files"] == [expected]


def test_list_filters_by_task_and_milestone(api, tw, stored):
    client = api("office")
    assert client.get(f"/api/milestone-evidence/?task={tw.task_a.pk}").json()["count"] == 1
    assert client.get(f"/api/milestone-evidence/?task={tw.task_b.pk}").json()["count"] == 0
    assert client.get(f"/api/milestone-evidence/?milestone={tw.m2.pk}").json()["count"] == 0


def test_the_download_link_serves_the_file(api, tw, stored):
    link = api("leader").get(f"/api/milestone-evidence/{stored.pk}/").json()["download"]
    response = tw.world.client_for("leader").get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert tw.world.client_for("reporter_b").get(link).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_marks_done_with_files_per_persona(api, tw, persona):
    response = api(persona).post(
        f"/api/milestones/{tw.m1.pk}/evidence/",
        {
            "done_on": "2022-03-29",
            "evidence": "发改批12号",
            "files": [pdf(), pdf("图.pdf")],
        },
        format="multipart",
    )
    code = UPLOAD[persona]
    if code != 200:
        assert_error(response, code, "permission_denied" if code == 403 else "not_found")
        assert Milestone.objects.get(pk=tw.m1.pk).done_on is None
        assert (MilestoneEvidence.objects.count(), audit_count()) == (0, 0)
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["done_on"], body["evidence"]) == ("2022-03-29", "发改批12号")
    assert [f["name"] for f in body["files"]] == ["现场照片.pdf", "图.pdf"]
    assert audit_count() == 1


def test_upload_to_a_done_milestone_adds_files(api, tw, stored):
    response = api("leader_a").post(
        f"/api/milestones/{tw.m1.pk}/evidence/", {"files": [pdf()]}, format="multipart"
    )
    assert response.status_code == 200
    assert [f["name"] for f in response.json()["files"]] == ["批复.pdf", "现场照片.pdf"]
    assert response.json()["evidence"] == "批复"


def test_upload_refusals_name_the_file_and_change_nothing(api, tw):
    url = f"/api/milestones/{tw.m1.pk}/evidence/"
    client = api("reporter_a")
    response = client.post(
        url,
        {"done_on": "2022-03-29", "evidence": "e", "files": [pdf(), pdf("木马.exe")]},
        format="multipart",
    )
    # The API speaks Chinese unless English is chosen, like the pages.
    assert_error(
        response, 400, "invalid", {"files": "不接受“木马.exe”，请上传 PDF、图片或 Office 文件"}
    )
    assert_error(
        client.post(url, {"files": [pdf()]}, format="multipart"),
        400,
        "invalid",
        {"files": "请先将节点标记为已完成，再上传佐证材料。"},
    )
    assert_error(
        client.post(url, {"done_on": "2022-03-29", "evidence": "e"}, format="multipart"),
        400,
        "invalid",
        {"files": ""},
    )
    assert Milestone.objects.get(pk=tw.m1.pk).done_on is None
    assert (MilestoneEvidence.objects.count(), audit_count()) == (0, 0)


def test_upload_needs_multipart(api, tw):
    response = api("reporter_a").post(
        f"/api/milestones/{tw.m1.pk}/evidence/", {"files": []}, format="json"
    )
    assert response.status_code == 415
