"""The selections demo step: the 2022 六比六树 run to its final list, idempotent, reset."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leitai.core.models import AuditEntry
from leitai.demo import DemoRun, org
from leitai.demo import selections as step
from leitai.selections.models import Nomination, Objection, Selection, Vote, VoteReceipt


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_selections(db):
    org.build(DemoRun())
    run = DemoRun()
    step.build(run)
    selection = Selection.objects.get()
    assert selection.status == Selection.Status.FINAL
    assert list(selection.titles.values_list("name", flat=True)) == [
        "党员先锋",
        "业务能手",
        "敬业模范",
        "攻坚闯将",
        "服务标兵",
        "清廉公仆",
    ]
    # 党员先锋, 20 voters: 刘志强 88×0.5 + 100×12/20×0.5 = 74.00, 孙丽 46 + 20 = 66.00;
    # a single nominee has every vote: 张海峰 91×0.5 + 50 = 95.50.
    got = {n.name: (n.votes, n.final_score, n.status) for n in Nomination.objects.all()}
    assert got["刘志强"] == (12, Decimal("74.00"), "awarded")
    assert got["孙丽"] == (8, Decimal("66.00"), "not_awarded")
    assert got["张海峰"] == (20, Decimal("95.50"), "awarded")
    awarded = Nomination.objects.filter(status="awarded").values_list("title__name", flat=True)
    assert sorted(awarded) == sorted(
        ["党员先锋", "业务能手", "敬业模范", "攻坚闯将", "服务标兵", "清廉公仆"]
    )
    objection = Objection.objects.get()
    assert (objection.status, objection.nomination.name) == ("dismissed", "孙丽")
    assert VoteReceipt.objects.count() == 20 * 6 and Vote.objects.count() == 20 * 6
    rows = AuditEntry.objects.count()
    step.build(DemoRun())  # a second run creates nothing
    assert (Selection.objects.count(), AuditEntry.objects.count()) == (1, rows)
    step.reset()
    assert (Selection.objects.count(), Nomination.objects.count(), Vote.objects.count()) == (
        0,
        0,
        0,
    )
