"""Snapshot rows are written once: every path that would change one is refused."""

from __future__ import annotations

import pytest

from leitai.rankings.models import ImmutableRowError, RankingRow, RankingSnapshot


def test_snapshot_save_refuses_update(snapshot):
    snapshot.reason = "changed"
    with pytest.raises(ImmutableRowError):
        snapshot.save()
    assert RankingSnapshot.objects.get(pk=snapshot.pk).reason == ""


def test_queryset_update_refused(snapshot):
    with pytest.raises(ImmutableRowError):
        RankingSnapshot.objects.filter(pk=snapshot.pk).update(reason="x")
    with pytest.raises(ImmutableRowError):
        RankingRow.objects.filter(snapshot=snapshot).update(total=1.0)
    assert RankingSnapshot.objects.get(pk=snapshot.pk).reason == ""


def test_row_save_refuses_update(snapshot):
    row = snapshot.rows.first()
    total = row.total
    row.total = 0.0
    with pytest.raises(ImmutableRowError):
        row.save()
    assert RankingRow.objects.get(pk=row.pk).total == total


@pytest.fixture
def snapshot(tiny):
    snap = RankingSnapshot.objects.create(
        jurisdiction=tiny.county,
        year=tiny.year,
        period=tiny.periods["2022-01"],
        number=1,
        scheme=tiny.scheme,
        fingerprint="0" * 64,
        inputs={},
        scheme_dump={},
        results={},
        created_by=tiny.office,
    )
    RankingRow.objects.create(
        snapshot=snap,
        unit=tiny.unit_a,
        unit_name=tiny.unit_a.name,
        group=tiny.group_1,
        position=0,
        total=50.0,
        rank=1,
    )
    return snap
