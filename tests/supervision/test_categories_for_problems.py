"""工作亮点 is a visit's checklist heading, not a problem category: never offered for a problem."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leitai.demo.scheme import scheme_data
from leitai.demo.supervision import CATEGORIES, CHECKLIST_ONLY
from leitai.demo.tasks import TASKS
from leitai.supervision import services
from leitai.supervision.models import Problem, ProblemCategory


@pytest.fixture
def highlights(world, sv):
    return ProblemCategory.objects.create(
        jurisdiction=world.county, code="highlights", name="工作亮点", order=2, for_problems=False
    )


def test_problem_forms_do_not_offer_it_the_visit_form_does(world, sv, highlights):
    office = world.client_for("office")
    raise_page = office.get(reverse("supervision:problem_raise") + f"?year={world.year.pk}")
    offered = list(raise_page.context["form"].fields["category"].queryset)
    assert offered == [sv.tasks, sv.style]
    visit_page = office.get(reverse("supervision:visit_edit", args=[sv.visit.pk]))
    assert f"finding_{highlights.pk}" in visit_page.context["form"].fields


def test_the_service_refuses_it(world, sv, highlights):
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.problem_raise(
            actor=world.office,
            year=world.year,
            unit=world.unit_a,
            category=highlights,
            severity="general",
            description="亮点不是问题",
            found_on=sv.visit.visited_on,
            source=Problem.Source.COMPLAINT,
        )
    assert "category" in refused.value.message_dict
    assert Problem.objects.count() == before


def test_the_demo_marks_its_highlights_checklist_only():
    assert ("highlights", "工作亮点") in CATEGORIES
    assert {"highlights"} == CHECKLIST_ONLY


def test_every_demo_task_links_an_indicator_of_the_scheme():
    codes = {i["code"] for arena in scheme_data()["arenas"] for i in arena["indicators"]}
    linked = {task[5] for task in TASKS if task[5]}
    assert linked == {"P09", "R01"}
    assert linked <= codes
