"""Refuse to publish a draft with too much missing data unless the office gives a reason.

An empty month computed to every unit 0.00, all ranked first, with "2353 个数值按缺报处理", and
the publish form still offered. The office sets the limit (PublishingRule, default 10%); above
it, publishing needs a reason, which the audit row keeps.
"""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from leitai.assessment.models import IndicatorValue
from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.models import Publication, PublishingRule
from tests.rankings.notice_fixtures import QUICK


def _draft(tiny, *, empty: bool):
    january = tiny.periods["2022-01"]
    if empty:
        IndicatorValue.objects.filter(period=january).delete()
    return services.snapshot_compute(actor=tiny.office, period=january, check=QUICK)


def test_complete_draft_publishes_without_a_reason(tiny):
    draft = _draft(tiny, empty=False)
    share = services.missing_share(draft)
    assert (share.missing, share.too_high, share.limit) == (0, False, Decimal(10))
    services.snapshot_publish(actor=tiny.office, snapshot=draft)
    audit = AuditEntry.objects.get(action="ranking_snapshot.publish")
    assert audit.after["missing"] == {
        "missing": 0,
        "total": share.total,
        "percent": "0.00",
        "limit": "10",
    }
    assert "override_reason" not in audit.after


def test_empty_draft_is_refused_and_nothing_changes(tiny):
    draft = _draft(tiny, empty=True)
    share = services.missing_share(draft)
    assert share.missing == share.total > 0 and share.percent == Decimal("100.00")
    before = AuditEntry.objects.count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.snapshot_publish(actor=tiny.office, snapshot=draft)
    assert refused.value.message_dict["override_reason"] == [
        f"{share.total} 个数值中缺报 {share.missing} 个（100.00%），超过考核办设定的上限 10%。"
        "如仍要发布，请填写理由。"
    ]
    assert not Publication.objects.exists()
    assert AuditEntry.objects.count() == before
    with pytest.raises(ValidationError):
        services.snapshot_publish(actor=tiny.office, snapshot=draft, override_reason="   ")


def test_the_office_overrides_with_a_reason_which_is_audited(tiny):
    draft = _draft(tiny, empty=True)
    services.snapshot_publish(actor=tiny.office, snapshot=draft, override_reason="试运行，先行发布")
    audit = AuditEntry.objects.get(action="ranking_snapshot.publish")
    assert audit.after["override_reason"] == "试运行，先行发布"
    assert audit.after["missing"]["percent"] == "100.00"


def test_the_office_sets_the_limit(tiny):
    draft = _draft(tiny, empty=True)
    services.publishing_rule_save(actor=tiny.office, year=tiny.year, max_missing_percent=100)
    assert PublishingRule.objects.get(year=tiny.year).max_missing_percent == 100
    assert AuditEntry.objects.filter(action="publishing_rule.save").count() == 1
    services.snapshot_publish(actor=tiny.office, snapshot=draft)  # 100% is not above 100%
    assert Publication.objects.count() == 1


def test_only_the_office_sets_the_limit(tiny):
    with pytest.raises(PermissionDenied):
        services.publishing_rule_save(actor=tiny.reporter_a, year=tiny.year, max_missing_percent=50)
    assert not PublishingRule.objects.exists()


def test_check_page_says_so_and_asks_for_the_reason(tiny):
    draft = _draft(tiny, empty=True)
    client = tiny.client_for("office")
    url = reverse("rankings:check", args=[draft.pk])
    page = client.get(url)
    doc = lxml.html.fromstring(page.content.decode())
    share = " ".join(doc.xpath("string(//*[@data-testid='missing-share'])").split())
    assert (
        share
        == "9 个数值中缺报 9 个（100.00%），考核办设定的上限为 10%。 发布须填写理由。 发布规则"
    )
    assert doc.xpath("//textarea[@name='override_reason']")
    response = client.post(url, {"appeal_days": 3, "public_shows": "totals", "list_size": 3})
    assert response.status_code == 200 and not Publication.objects.exists()
    assert "超过考核办设定的上限 10%" in response.content.decode()
    settings_page = client.post(
        reverse("rankings:settings") + f"?year={tiny.year.pk}", {"max_missing_percent": "100"}
    )
    assert settings_page.status_code == 302
    assert PublishingRule.objects.get().max_missing_percent == 100


def test_a_rolled_up_year_counts_the_values_of_its_quarters(tiny):
    """The year has no values of its own: it was refused as "0 of 0 missing" before."""
    from tests.rankings.conftest import FEBRUARY, JANUARY, put_values

    units = {"A01": tiny.unit_a, "C01": tiny.unit_c, "B01": tiny.unit_b}
    for quarter, data in (("2022-Q1", JANUARY), ("2022-Q2", FEBRUARY)):
        for code, values in data.items():
            put_values(tiny.periods[quarter], units[code], values)
    quarters = []
    for code in ("2022-Q1", "2022-Q2"):
        draft = services.snapshot_compute(actor=tiny.office, period=tiny.periods[code], check=QUICK)
        services.snapshot_publish(actor=tiny.office, snapshot=draft)
        quarters.append(services.missing_share(draft))
    year = services.snapshot_compute(actor=tiny.office, period=tiny.periods["2022"], check=QUICK)
    share = services.missing_share(year)
    assert (share.missing, share.total) == (
        quarters[0].missing + quarters[1].missing,
        quarters[0].total + quarters[1].total,
    )
    assert share.total > 0 and not share.too_high
    publication = services.snapshot_publish(actor=tiny.office, snapshot=year)
    assert publication.period.code == "2022"


def test_check_page_missing_list_uses_a_full_width_colon(tiny):
    draft = _draft(tiny, empty=True)
    page = tiny.client_for("office").get(reverse("rankings:check", args=[draft.pk]))
    doc = lxml.html.fromstring(page.content.decode())
    rows = [
        " ".join(li.text_content().split()) for li in doc.xpath("//*[@data-testid='missing']/li")
    ]
    assert rows and all("未报送：" in row for row in rows)
    assert not any(":" in row for row in rows)
