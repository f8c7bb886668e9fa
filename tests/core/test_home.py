"""Home pages per role show real data of the current year."""

from __future__ import annotations

from django.urls import reverse


def test_office_home_counts_units_and_groups(world):
    response = world.client_for("office").get(reverse("home"))
    assert response.templates[0].name == "core/home_office.html"
    assert response.context["unit_count"] == 4
    assert response.context["grouped_count"] == 3
    assert response.context["chart_data"] == [
        {"name": "第一组", "count": 2},
        {"name": "第二组", "count": 1},
    ]


def test_reporter_home_shows_own_unit_people_and_group(world):
    response = world.client_for("reporter_a").get(reverse("home"))
    assert response.templates[0].name == "core/home_unit.html"
    [item] = response.context["own_units"]
    assert item["unit"] == world.unit_a
    assert [g.user.username for g in item["people"]] == ["reporter_a", "leader_a"]
    assert [m.group.name for m in item["groups"]] == ["第一组"]
    assert "县商务局" not in response.content.decode()


def test_supervisor_home_lists_supervised_units(world):
    response = world.client_for("supervisor").get(reverse("home"))
    assert [u.code for u in response.context["supervised"]] == ["A01"]


def test_navigation_follows_roles(world):
    def labels(persona):
        # Only the foundation's entries: other apps add theirs between Home and Units.
        nav = world.client_for(persona).get(reverse("home")).context["nav"]
        return [e.url_name for e in nav if e.url_name.split(":")[0] in {"home", "org", "core"}]

    assert labels("office") == [
        "home",
        "org:unit_list",
        "org:group_list",
        "org:supervision_group_list",
        "org:person_list",
        "org:import",
    ]
    assert labels("reporter_a") == [
        "home",
        "org:unit_list",
        "org:group_list",
        "org:supervision_group_list",
        "org:person_list",
    ]
    assert labels("judge") == ["home", "org:unit_list"]


def test_home_in_english_after_switching(world):
    client = world.client_for("office")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Active units" in client.get(reverse("home")).content.decode()
