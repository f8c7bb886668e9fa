"""Fixtures shared by the notice, public page and big-screen tests (import them by name)."""

from __future__ import annotations

import datetime as dt

import pytest

from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.notices.services import notice_request

QUICK = Sensitivity(runs=20)
HEADING = {
    "doc_number": "临擂办〔2022〕10号",
    "issuer": "临朐县重点任务擂台比武活动办公室",
    "title": "关于2022年2月份重点任务擂台比武活动排名情况的通报",
    "addressee": "县直各部门、单位：",
    "issued_on": dt.date(2022, 3, 5),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def months(tiny):
    """Publish January and February; return (january, february) snapshots."""
    out = []
    for code in ("2022-01", "2022-02"):
        snapshot = services.snapshot_compute(
            actor=tiny.office, period=tiny.periods[code], check=QUICK
        )
        services.snapshot_publish(actor=tiny.office, snapshot=snapshot)
        out.append(snapshot)
    return tuple(out)


@pytest.fixture
def notice(tiny, months, media):
    """A ready notice of February."""
    return notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
