"""/api/notices/: a snapshot's notices and their files, scoped like the ranking."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_error
from tests.conftest import PERSONAS
from tests.rankings.conftest import tiny  # noqa: F401  (fixture)
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)

SAME_COUNTY = set(PERSONAS) - {"other_office"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_download_per_persona(api, notice, persona):
    client = api(persona)
    listed = client.get(f"/api/notices/?snapshot={notice.snapshot_id}")
    assert listed.status_code == 200
    ids = [n["id"] for n in listed.json()["results"]]
    download = client.get(f"/api/notices/{notice.pk}/download/pdf/")
    if persona in SAME_COUNTY:
        assert ids == [notice.pk]
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    else:
        assert ids == []
        assert_error(download, 404, "not_found")


def test_detail_fields(api, notice):
    data = api("leader").get(f"/api/notices/{notice.pk}/").json()
    assert (data["doc_number"], data["state"], data["progress"], data["period_code"]) == (
        "临擂办〔2022〕10号",
        "ready",
        100,
        "2022-02",
    )
    assert data["files"] == {
        k: f"/api/notices/{notice.pk}/download/{k}/" for k in ("docx", "pdf", "xlsx")
    }


def test_anonymous_refused(api, notice):
    assert api(None).get("/api/notices/").status_code in (401, 403)
    assert api(None).get(f"/api/notices/{notice.pk}/download/pdf/").status_code in (401, 403)
