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


def test_admin_is_read_only(snapshot, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-Secret-42")
    client.force_login(admin)
    change = f"/admin/rankings/rankingsnapshot/{snapshot.pk}/change/"
    assert client.get(change).status_code == 200  # view only
    assert client.post(change, {"reason": "changed"}).status_code == 403
    delete = f"/admin/rankings/rankingsnapshot/{snapshot.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get("/admin/rankings/rankingsnapshot/add/").status_code == 403
    snapshot.refresh_from_db()
    assert snapshot.reason == ""
    assert RankingSnapshot.objects.count() == 1
