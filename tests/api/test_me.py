"""/api/me/: the caller and their roles."""

from __future__ import annotations


def test_reporter_sees_own_role_and_unit(api, world):
    body = api("reporter_a").get("/api/me/").json()
    assert body == {
        "id": world.reporter_a.pk,
        "username": "reporter_a",
        "name": "填报员甲",
        "is_office": False,
        "roles": [
            {
                "role": "reporter",
                "role_name": body["roles"][0]["role_name"],
                "jurisdiction": world.county.pk,
                "jurisdiction_name": "临朐县",
                "unit": world.unit_a.pk,
                "unit_name": "县发展和改革局",
            }
        ],
    }


def test_office_is_office_without_unit(api, world):
    body = api("office").get("/api/me/").json()
    assert body["is_office"] is True
    assert [(r["role"], r["jurisdiction"], r["unit"]) for r in body["roles"]] == [
        ("office", world.county.pk, None)
    ]


def test_me_is_read_only(api, world):
    assert api("office").post("/api/me/", {}, format="json").status_code == 405
