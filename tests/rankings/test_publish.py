"""Publish, appeal, decide, re-issue: the services and their refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leitai.assessment.models import IndicatorValue
from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.models import Appeal, ImmutableRowError, Publication

QUICK = Sensitivity(runs=20)


@pytest.fixture
def published(tiny):
    snapshot = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=tiny.office, snapshot=snapshot, appeal_days=3)
    return snapshot


def test_working_days_skip_the_weekend(tiny):
    friday = timezone.make_aware(dt.datetime(2022, 2, 11, 10))
    assert services.working_days_after(friday, 3, tiny.world.county) == timezone.make_aware(
        dt.datetime(2022, 2, 16, 23, 59, 59)
    )


def test_the_appeal_window_skips_national_day_and_counts_its_make_up_days(tiny, monkeypatch):
    thursday = timezone.make_aware(dt.datetime(2022, 9, 29, 10))
    monkeypatch.setattr(timezone, "now", lambda: thursday)
    snapshot = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    publication = services.snapshot_publish(actor=tiny.office, snapshot=snapshot, appeal_days=3)
    # Fri 30 Sep (1); 1–7 Oct off; Sat 8 Oct (2) and Sun 9 Oct (3) are worked (调休).
    assert publication.appeal_until == timezone.make_aware(dt.datetime(2022, 10, 9, 23, 59, 59))


def test_publish(published, tiny):
    publication = published.publication
    assert publication.published_by == tiny.office
    assert publication.period == tiny.periods["2022-01"]
    assert publication.appeal_until > timezone.now()
    assert AuditEntry.objects.filter(action="ranking_snapshot.publish").count() == 1


def test_publish_twice_refused(published, tiny):
    again = services.snapshot_compute(actor=tiny.office, period=published.period, check=QUICK)
    with pytest.raises(ValidationError) as info:
        services.snapshot_publish(actor=tiny.office, snapshot=again)
    assert "snapshot" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.snapshot_publish(actor=tiny.office, snapshot=published)
    assert Publication.objects.count() == 1


@pytest.mark.parametrize("persona", ["leader", "leader_a", "reporter_a", "other_office"])
def test_publish_refused_to_others(tiny, persona):
    snapshot = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    with pytest.raises(PermissionDenied):
        services.snapshot_publish(actor=getattr(tiny, persona), snapshot=snapshot)
    assert Publication.objects.count() == 0
    assert not AuditEntry.objects.filter(action="ranking_snapshot.publish").exists()


def test_published_snapshot_refuses_change(published):
    published.fingerprint = "x"
    with pytest.raises(ImmutableRowError):
        published.save()


def test_appeal_accept_and_reissue(published, tiny):
    publication = published.publication
    appeal = services.appeal_file(
        actor=tiny.leader_a, publication=publication, unit=tiny.unit_a, reason="P2 少报了"
    )
    assert appeal.state == "pending"
    services.appeal_decide(actor=tiny.office, appeal=appeal, accept=True, decision="P2 更正为 20")
    IndicatorValue.objects.filter(unit=tiny.unit_a, indicator_code="P2", period=published.period)
    value = IndicatorValue.objects.get(
        unit=tiny.unit_a, indicator_code="P2", period=published.period
    )
    value.value = Decimal(20)
    value.save()
    appeal.refresh_from_db()
    reissue = services.snapshot_compute(
        actor=tiny.office, period=published.period, check=QUICK, appeal=appeal
    )
    assert reissue.supersedes == published and reissue.reason == "P2 更正为 20"
    new = services.snapshot_publish(actor=tiny.office, snapshot=reissue)
    publication.refresh_from_db()
    assert publication.superseded_by == new and publication.superseded_at is not None
    # A01 and C01 both have P2 20: both 60 points. A01 projects 96, total 89.6.
    assert round(reissue.rows.get(unit=tiny.unit_a).total, 6) == 89.6
    assert list(published.corrections.all()) == [reissue]


def test_appeal_only_by_the_units_leader(published, tiny):
    publication = published.publication
    for persona, unit in [
        ("reporter_a", tiny.unit_a),
        ("leader_a", tiny.unit_b),
        ("office", tiny.unit_a),
        ("other_office", tiny.unit_a),
    ]:
        with pytest.raises(PermissionDenied):
            services.appeal_file(
                actor=getattr(tiny, persona), publication=publication, unit=unit, reason="x"
            )
    assert Appeal.objects.count() == 0
    assert not AuditEntry.objects.filter(action="appeal.file").exists()


def test_appeal_after_window_refused(published, tiny):
    Publication.objects.filter(pk=published.publication.pk).update(
        appeal_until=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as info:
        services.appeal_file(
            actor=tiny.leader_a,
            publication=Publication.objects.get(),
            unit=tiny.unit_a,
            reason="x",
        )
    assert "publication" in info.value.message_dict
    assert Appeal.objects.count() == 0


def test_appeal_once_and_reason_needed(published, tiny):
    publication = published.publication
    with pytest.raises(ValidationError):
        services.appeal_file(
            actor=tiny.leader_a, publication=publication, unit=tiny.unit_a, reason=" "
        )
    services.appeal_file(actor=tiny.leader_a, publication=publication, unit=tiny.unit_a, reason="r")
    with pytest.raises(ValidationError):
        services.appeal_file(
            actor=tiny.leader_a, publication=publication, unit=tiny.unit_a, reason="r"
        )
    assert Appeal.objects.count() == 1


def test_reject(published, tiny):
    appeal = services.appeal_file(
        actor=tiny.leader_a, publication=published.publication, unit=tiny.unit_a, reason="r"
    )
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=tiny.leader, appeal=appeal, accept=False, decision="no")
    services.appeal_decide(actor=tiny.office, appeal=appeal, accept=False, decision="数据无误")
    appeal.refresh_from_db()
    assert (appeal.state, appeal.decision, appeal.decided_by) == (
        "rejected",
        "数据无误",
        tiny.office,
    )
    with pytest.raises(ValidationError):
        services.appeal_decide(actor=tiny.office, appeal=appeal, accept=True, decision="x")
    assert AuditEntry.objects.filter(action__startswith="appeal.").count() == 2


def test_publication_display_update(published, tiny):
    publication = published.publication
    services.publication_update(
        actor=tiny.office, publication=publication, public=True, list_size=5
    )
    publication.refresh_from_db()
    assert (publication.public, publication.list_size) == (True, 5)
    with pytest.raises(ValidationError):
        services.publication_update(actor=tiny.office, publication=publication, appeal_until=None)
    with pytest.raises(PermissionDenied):
        services.publication_update(actor=tiny.leader, publication=publication, public=False)
    publication.refresh_from_db()
    assert publication.public is True
