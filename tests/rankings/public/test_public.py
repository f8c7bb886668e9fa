"""The public results page: only what the office released, never a draft, never recomputed."""

from __future__ import annotations

import pytest
from django.test import Client

from leitai.rankings import services
from leitai.rankings.notices.services import notice_release
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import QUICK


def _show(tiny, snapshot, shows="totals"):
    services.publication_update(
        actor=tiny.office, publication=snapshot.publication, public=True, public_shows=shows
    )


def test_nothing_public_by_default(tiny, months, client):
    response = client.get("/public/370724/")
    assert response.status_code == 200
    assert b'data-testid="public-empty"' in response.content
    assert "县发展和改革局" not in response.content.decode()
    assert client.get("/public/370724/2022-01/").status_code == 404


def test_public_period_shows_what_the_office_chose(tiny, months, client):
    _show(tiny, months[0], "ranks")
    page = client.get("/public/370724/2022-01/").content.decode()
    assert "县发展和改革局" in page and "县商务局" in page
    assert "90.00" not in page  # ranks only: no totals
    assert client.get("/public/370724/2022-02/").status_code == 404  # February not released
    _show(tiny, months[1], "arenas")
    page = client.get("/public/370724/").content.decode()  # newest public period
    # February: C01 total 56, reform 50 (an arena score: shown with "arenas"); A01 rose one.
    assert "56.00" in page and "50.00" in page and "↑1" in page


def test_draft_never_public(tiny, months, client):
    _show(tiny, months[1])
    services.snapshot_compute(actor=tiny.office, period=tiny.periods["2022-Q1"], check=QUICK)
    assert client.get("/public/370724/2022-Q1/").status_code == 404


def test_other_county_sees_nothing_of_ours(tiny, months, client):
    _show(tiny, months[0])
    page = client.get("/public/370725/").content.decode()
    assert "县发展和改革局" not in page
    assert client.get("/public/370725/2022-01/").status_code == 404
    assert client.get("/public/999999/").status_code == 404


def test_public_notice_download_needs_both_releases(tiny, notice, client):
    url = f"/public/notices/{notice.pk}/pdf/"
    assert client.get(url).status_code == 404
    notice_release(actor=tiny.office, notice=notice, public=True)
    assert client.get(url).status_code == 404  # the ranking itself is not public yet
    _show(tiny, notice.snapshot)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/public/notices/{notice.pk}/exe/").status_code == 404


@pytest.mark.parametrize("path", ["/public/", "/public/370724/"])
def test_public_query_counts(tiny, months, path, django_assert_max_num_queries):
    _show(tiny, months[0])
    _show(tiny, months[1], "arenas")
    client = Client()
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200
