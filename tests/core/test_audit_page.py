"""The audit log page: the audit administrator sees its county's changes, by unit and object."""

from __future__ import annotations

from django.urls import reverse

from leitai.org import services


def test_audit_page_filters_by_unit(world):
    services.unit_update(actor=world.office, unit=world.unit_a, short_name="发改")
    services.unit_update(actor=world.office, unit=world.unit_b, short_name="商务局")
    services.unit_update(actor=world.other_office, unit=world.other_unit, short_name="昌乐商务")
    client = world.client_for("auditor")
    everything = client.get(reverse("core:audit_list")).context["page"]
    only_a = client.get(reverse("core:audit_list") + f"?unit={world.unit_a.pk}").context["page"]
    assert sorted(e.object_repr for e in everything) == ["县发展和改革局", "县商务局"]
    assert [e.after for e in only_a] == [{"short_name": "发改"}]


def test_audit_page_filters_by_object_type(world):
    services.unit_update(actor=world.office, unit=world.unit_a, short_name="发改")
    services.group_update(actor=world.office, group=world.group_1, name="第一组（市考指标）")
    url = reverse("core:audit_list") + "?object_type=org.group"
    entries = world.client_for("auditor").get(url).context["page"]
    assert [e.action for e in entries] == ["group.update"]
