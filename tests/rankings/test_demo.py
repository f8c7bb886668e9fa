"""The demo's rankings: the whole year published, an appeal re-issued, a riser."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from leitai.rankings.models import Appeal, Publication, RankingRow, RankingSnapshot


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _row(code: str, unit: str) -> RankingRow:
    publication = Publication.objects.get(period__code=code, superseded_at=None)
    return RankingRow.objects.get(snapshot=publication.snapshot, unit__name=unit)


@pytest.mark.django_db
def test_demo_rankings():
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    current = Publication.objects.filter(superseded_at=None).order_by("period__starts_on")
    assert sorted(current.values_list("period__code", flat=True)) == sorted(
        [f"2022-{m:02d}" for m in range(1, 13)]
        + ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
        + ["2022"]
    )
    # 县体育事业发展中心: last of 第一组's 49 units in Q1, up 13 places in Q2.
    q1, q2 = _row("2022-Q1", "县体育事业发展中心"), _row("2022-Q2", "县体育事业发展中心")
    assert (q1.group.code, q1.rank) == ("G1", 49)
    assert (q2.rank, q2.rank_change) == (36, 13)
    # The % share indicators score what was typed (71.04 is 71.04%), so they separate units.
    october = Publication.objects.get(period__code="2022-10", superseded_at=None).snapshot
    r01 = [row.detail["indicators"]["R01"] for row in october.rows.all()]
    typed = [item for item in r01 if not item["missing"]]
    for item in typed:
        shown = re.fullmatch(r"完成情况 ([0-9.]+)%，得分 [0-9.]+ / 20", item["explain_zh"])
        assert shown, item["explain_zh"]
        assert item["points"] == pytest.approx(20 * float(shown.group(1)) / 100, abs=1e-9)
    assert len(typed) > 50 and len({item["points"] for item in typed}) > 40
    assert sum(item["points"] == 20 for item in typed) < len(typed) / 4
    # The October appeal of 县发展和改革局: accepted, re-issued with the reason, published.
    appeal = Appeal.objects.get()
    assert (appeal.unit.name, appeal.state, appeal.publication.period.code) == (
        "县发展和改革局",
        "accepted",
        "2022-10",
    )
    reissue = RankingSnapshot.objects.get(appeal=appeal)
    assert reissue.supersedes == appeal.publication.snapshot
    assert reissue.publication.superseded_at is None
    assert appeal.publication.superseded_by == reissue.publication
    before = appeal.publication.snapshot.rows.get(unit=appeal.unit)
    after = reissue.rows.get(unit=appeal.unit)
    # A provincial bonus of 2 points in the 20-weight reform arena: +2 × 20/100 = +0.4.
    assert round(after.total - before.total, 6) == 0.4
    # The year is rolled up from the four published quarters and published.
    year = RankingSnapshot.objects.get(period__code="2022")
    assert year.basis == "roll_up" and year.publication.superseded_at is None
    assert sorted(year.sources.values_list("period__code", flat=True)) == [
        "2022-Q1",
        "2022-Q2",
        "2022-Q3",
        "2022-Q4",
    ]
    assert year.rows.count() == 81
    # Published a week after each period; the appeal window counts the calendar's working
    # days: 2022-09 published on Sat 8 Oct (a make-up working day after 国庆) closes on Tue 11.
    september = Publication.objects.get(period__code="2022-09")
    assert [
        timezone.localtime(t).strftime("%Y-%m-%d %a")
        for t in (
            september.published_at,
            september.appeal_until,
        )
    ] == ["2022-10-08 Sat", "2022-10-11 Tue"]
    december = Publication.objects.get(period__code="2022-12")
    assert timezone.localtime(december.published_at).date().isoformat() == "2023-01-08"
    # A second run adds nothing.
    count = RankingSnapshot.objects.count()
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert RankingSnapshot.objects.count() == count == 18
