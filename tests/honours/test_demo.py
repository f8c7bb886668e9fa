"""The demo's honours: 2022 graded, publicised, one objection dismissed, finalised; idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from leitai.demo import DemoRun
from leitai.demo import honours as demo_honours
from leitai.honours.models import HonoursDraft, Objection


@pytest.mark.django_db
def test_demo_grades_2022_with_its_gates_and_awards():
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    draft = HonoursDraft.objects.get()
    assert (draft.state, str(draft.publicity_until)) == ("final", "2023-01-23")
    entries = {e.unit_name: e for e in draft.entries.all()}
    housing = entries["县住房和城乡建设局"]
    assert housing.grade == "良好"
    assert housing.reason_zh.startswith("因整改问题年末仍为红色（第")
    emergency = entries["县应急管理局"]
    assert emergency.grade == "不合格"
    assert emergency.gates[0]["evidence"] == "2022-09 发生较大生产安全责任事故"
    progress = [
        name for name, e in entries.items() if any(a["kind"] == "progress" for a in e.awards)
    ]
    assert progress == ["县公路事业发展中心"]
    assert Objection.objects.get().state == "dismissed"
    again = DemoRun()
    demo_honours.build(again)
    assert sum(again.created.values()) == 0
    assert HonoursDraft.objects.count() == 1
