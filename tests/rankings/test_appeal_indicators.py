"""An appeal names the indicators it disputes: the unit's own in that publication, no other."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leitai.assessment.models import Arena, Indicator
from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.models import Appeal
from leitai.rankings.selectors import appealable_indicators

QUICK = Sensitivity(runs=20)


@pytest.fixture
def published(tiny):
    """January published, with X9 an indicator of the second group only."""
    reform = Arena.objects.get(scheme=tiny.scheme, code="reform")
    Indicator.objects.create(
        scheme=tiny.scheme, arena=reform, code="X9", name="外贸进出口", rule="share",
        max_points=10, groups=["G2"], order=9,
    )  # fmt: skip
    snapshot = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=tiny.office, snapshot=snapshot, appeal_days=3)
    return snapshot


def test_the_units_own_indicators(published, tiny):
    assert appealable_indicators(published, tiny.unit_a.pk) == {
        "P1": "投资完成率", "P2": "新开工项目数", "R1": "改革任务完成",
    }  # fmt: skip
    assert list(appealable_indicators(published, tiny.unit_b.pk)) == ["P1", "P2", "R1", "X9"]


def test_appeal_names_indicators_in_scheme_order(published, tiny):
    appeal = services.appeal_file(
        actor=tiny.leader_a,
        publication=published.publication,
        unit=tiny.unit_a,
        reason="少报",
        indicators=["R1", "P2", "P2"],
    )
    assert appeal.indicators == ["P2", "R1"]
    entry = AuditEntry.objects.get(action="appeal.file")
    assert entry.after["indicators"] == ["P2", "R1"]


@pytest.mark.parametrize("codes", [["X9"], ["P1", "X9"], ["R2"], ["NOPE"]])
def test_another_units_indicator_refused(published, tiny, codes):
    with pytest.raises(ValidationError) as info:
        services.appeal_file(
            actor=tiny.leader_a,
            publication=published.publication,
            unit=tiny.unit_a,
            reason="少报",
            indicators=codes,
        )
    assert set(info.value.message_dict) == {"indicators"}
    assert Appeal.objects.count() == 0
    assert not AuditEntry.objects.filter(action="appeal.file").exists()


def test_appeal_page_offers_own_indicators_and_office_sees_them(published, tiny):
    url = reverse("rankings:appeal_new", args=[published.pk, tiny.unit_a.pk])
    leader = tiny.world.client_for("leader_a")
    page = leader.get(url).content.decode()
    assert 'value="P2"' in page and 'value="X9"' not in page
    refused = leader.post(url, {"reason": "少报", "indicators": ["X9"]})
    assert refused.status_code == 200 and Appeal.objects.count() == 0
    response = leader.post(url, {"reason": "少报", "indicators": ["P2"]})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and appeal.indicators == ["P2"]
    detail = reverse("rankings:appeal_detail", args=[appeal.pk])
    shown = tiny.world.client_for("office").get(detail).content.decode()
    assert "P2 新开工项目数" in shown
    assert tiny.world.client_for("other_office").get(detail).status_code == 404
    assert tiny.world.client_for("reporter_b").get(detail).status_code == 404


def test_api_files_and_shows_indicators(published, tiny):
    client = tiny.world.client_for("leader_a")
    body = {"publication": published.publication.pk, "unit": tiny.unit_a.pk, "reason": "少报"}
    refused = client.post(
        "/api/appeals/", {**body, "indicators": ["X9"]}, content_type="application/json"
    )
    assert refused.status_code == 400 and "indicators" in refused.json()["error"]["fields"]
    assert Appeal.objects.count() == 0
    made = client.post(
        "/api/appeals/", {**body, "indicators": ["P1"]}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["indicators"] == [{"code": "P1", "name": "投资完成率"}]
    listed = tiny.world.client_for("office").get("/api/appeals/").json()
    assert listed["results"][0]["indicators"] == [{"code": "P1", "name": "投资完成率"}]
    assert tiny.world.client_for("other_office").get("/api/appeals/").json()["results"] == []
