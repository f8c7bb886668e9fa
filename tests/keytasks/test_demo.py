"""The demo's key tasks: counts, the colour mix as of 2022-10-28, idempotence."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model

from leitai.demo import DemoRun, org
from leitai.demo import tasks as demo_tasks
from leitai.keytasks.models import CoordinationRequest, DispatchNotice, KeyTask, WeeklyReport
from leitai.keytasks.selectors import (
    colour_counts,
    default_as_of,
    rules_for,
    settings_for,
    task_rows,
)
from leitai.org.models import AssessmentYear


def test_demo_tasks_show_a_mix_of_colours_and_a_second_run_creates_nothing(db):
    run = DemoRun(stream=io.StringIO())
    org.build(run)
    demo_tasks.build(run)
    year = AssessmentYear.objects.get(year=2022, jurisdiction__code="370724")
    assert KeyTask.objects.filter(year=year).count() == 40
    assert WeeklyReport.objects.filter(week_start__gt=dt.date(2022, 10, 24)).count() == 0
    assert sorted(CoordinationRequest.objects.values_list("status", flat=True)) == [
        "answered",
        "answered",
        "closed",
        "open",
        "open",
        "open",
        "open",
    ]
    assert DispatchNotice.objects.count() == 4
    settings = settings_for(year)
    as_of = default_as_of(year, settings)
    assert as_of == dt.date(2022, 10, 28)
    office = get_user_model().objects.get(username="office")
    rows = task_rows(office, year=year, as_of=as_of, rules=rules_for(settings))
    assert colour_counts(rows) == [
        ("red", 5),
        ("yellow", 7),
        ("blue", 5),
        ("green", 19),
        ("done", 4),
    ]
    again = DemoRun(stream=io.StringIO())
    demo_tasks.build(again)
    assert sum(again.created.values()) == 0
    demo_tasks.reset()
    assert KeyTask.objects.count() == 0
