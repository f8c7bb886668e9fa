"""A signed-off problem is closed on the ledger: no alert colour, counted as closed.

Seen on the demo: a 2022 problem signed off in 2026 showed "已销号" and "蓝色：临近期限" at once
and was counted under blue, because the ledger's default day for 2022 is 31 December 2022.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
from django.urls import reverse

from leitai.supervision.colours import BADGES, BLUE, DONE, colour_of, days_overdue
from leitai.supervision.models import Problem
from leitai.supervision.selectors import default_as_of
from tests.supervision.conftest import make_problem

D = dt.date


def _signed_off_after_the_year(world, sv) -> Problem:
    problem = make_problem(world, sv.visit, sv.tasks, found_on=D(2022, 12, 1))
    problem.deadline = D(2023, 1, 3)  # blue on 31 December 2022 while open
    problem.status = Problem.Status.SIGNED_OFF
    problem.signed_off_on = D(2023, 2, 1)
    problem.save()
    sv.problem.delete()
    return problem


def test_present_view_counts_a_signed_off_problem_closed(world, sv):
    problem = _signed_off_after_the_year(world, sv)
    assert default_as_of(world.year) == D(2022, 12, 31)  # the year is past
    day = D(2022, 12, 31)
    assert colour_of(problem, as_of=day, rule=sv.rule, present=True) == DONE
    assert colour_of(problem, as_of=day, rule=sv.rule) == BLUE  # that day, as it was then
    assert days_overdue(problem, as_of=D(2023, 1, 10), present=True) == 0
    assert BADGES[DONE] == "text-bg-secondary"  # closed: not an alert colour


def test_ledger_and_problem_page_show_it_closed(world, sv):
    problem = _signed_off_after_the_year(world, sv)
    client = world.client_for("office")
    for url in (reverse("supervision:ledger"), reverse("supervision:ledger") + "?as_of=2022-12-31"):
        page = client.get(url)
        assert [r.colour for r in page.context["rows"]] == [DONE]
        doc = lxml.html.fromstring(page.content.decode())
        assert doc.xpath("string(//*[@data-testid='count-done'])") == "1"
        assert doc.xpath("string(//*[@data-testid='count-blue'])") == "0"
    detail = client.get(reverse("supervision:problem_detail", args=[problem.pk]))
    assert detail.context["colour"] == DONE


def test_an_earlier_chosen_day_shows_it_open_and_says_when_it_closed(world, sv):
    _signed_off_after_the_year(world, sv)
    page = world.client_for("office").get(reverse("supervision:ledger") + "?as_of=2022-12-30")
    assert [r.colour for r in page.context["rows"]] == [BLUE]
    status = lxml.html.fromstring(page.content.decode()).xpath("//*[@data-testid='status']")[0]
    assert " ".join(status.text_content().split()) == "已销号2023-02-01 销号，晚于所选日期"


def test_problem_page_says_signed_off_once(world, sv):
    """The status badge says 已销号; a closed problem has no colour badge beside it."""
    problem = _signed_off_after_the_year(world, sv)
    page = world.client_for("office").get(reverse("supervision:problem_detail", args=[problem.pk]))
    doc = lxml.html.fromstring(page.content.decode())
    header = doc.xpath("//h1/..")[0]
    badges = [" ".join(b.text_content().split()) for b in header.xpath("./span")]
    assert badges == ["已销号"]
    assert doc.xpath("string(//*[@data-testid='problem-status'])") == "已销号"
    assert not doc.xpath("//*[@data-testid='colour']")
