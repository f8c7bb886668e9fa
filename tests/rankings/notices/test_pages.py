"""Notice pages: list and request (office), progress fragment, downloads, per persona."""

from __future__ import annotations

import pytest

from leitai.rankings.models import Notice
from tests.conftest import PERSONAS
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING

SAME_COUNTY = set(PERSONAS) - {"other_office"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_per_persona(tiny, notice, persona):
    client = tiny.client_for(persona)
    expected = 200 if persona in SAME_COUNTY else 404
    for url in (
        f"/rankings/snapshots/{notice.snapshot_id}/notices/",
        f"/rankings/notices/{notice.pk}/",
        f"/rankings/notices/{notice.pk}/status/",
        f"/rankings/notices/{notice.pk}/docx/",
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"office"}))
def test_only_the_office_requests(tiny, months, media, persona):
    data = {**HEADING, "issued_on": "2022-03-05"}
    response = tiny.client_for(persona).post(f"/rankings/snapshots/{months[1].pk}/notices/", data)
    assert response.status_code == 404
    assert Notice.objects.count() == 0


def test_office_requests_and_downloads(tiny, months, media):
    client = tiny.client_for("office")
    url = f"/rankings/snapshots/{months[1].pk}/notices/"
    form = client.get(url).content.decode()
    assert "临朐县重点任务擂台比武活动办公室" in form  # the suggested issuing office
    response = client.post(url, {**HEADING, "issued_on": "2022-03-05"})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{notice.pk}/")
    status = client.get(f"/rankings/notices/{notice.pk}/status/").content.decode()
    assert 'data-testid="downloads"' in status and "hx-get" not in status
    download = client.get(f"/rankings/notices/{notice.pk}/xlsx/")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_pending_notice_polls(tiny, months, media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from leitai.rankings.notices.services import notice_request

    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    client = tiny.client_for("office")
    status = client.get(f"/rankings/notices/{notice.pk}/status/").content.decode()
    assert "hx-get" in status and 'aria-valuenow="0"' in status
    assert client.get(f"/rankings/notices/{notice.pk}/pdf/").status_code == 404


def test_notice_list_query_count(tiny, notice, django_assert_max_num_queries):
    client = tiny.client_for("office")
    with django_assert_max_num_queries(15):
        assert client.get(f"/rankings/snapshots/{notice.snapshot_id}/notices/").status_code == 200
