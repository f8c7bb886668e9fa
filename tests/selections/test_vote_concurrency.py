"""Two browsers voting at once for the same person and title: the database counts one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leitai.core.models import AuditEntry
from leitai.selections import services
from leitai.selections.models import Vote, VoteReceipt
from tests.conftest import build_world
from tests.contest.test_concurrency import _run_in_threads, postgres_only
from tests.selections.conftest import build_selection, cleared, nominate, open_vote, publish


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_browsers_voting_at_once_count_one_vote():
    world = build_world()
    sel = build_selection(world)
    zhang = cleared(sel, nominate(sel, "张三"))
    li = cleared(sel, nominate(sel, "李四", unit=world.unit_b))
    publish(sel, [zhang, li])
    open_vote(sel)
    p = sel.pioneer.pk

    def browser(choice):
        return lambda: services.vote_cast(
            selection=sel.selection, choices={p: [choice.pk]}, voter=world.reporter_a
        )

    errors = _run_in_threads(browser(zhang), browser(li))
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "already voted" in str(errors[0]) or "投过票" in str(errors[0])
    assert VoteReceipt.objects.filter(voter=world.reporter_a).count() == 1
    assert Vote.objects.count() == 1
    assert AuditEntry.objects.filter(action="selection.vote").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_code_used_in_two_browsers_at_once_counts_once():
    world = build_world()
    sel = build_selection(world)
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    open_vote(sel)
    (code,) = services.voter_codes_create(actor=world.office, selection=sel.selection, count=1)
    ballot = {sel.pioneer.pk: [zhang.pk]}

    def browser():
        services.vote_cast(selection=sel.selection, choices=ballot, code=code)

    errors = _run_in_threads(browser, browser)
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert (VoteReceipt.objects.count(), Vote.objects.count()) == (1, 1)
