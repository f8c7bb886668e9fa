"""Authentication: anonymous callers get 401 everywhere; tokens are issued, used and revoked."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import assert_error
from tests.conftest import PASSWORD

ENDPOINTS = [
    "/api/me/",
    "/api/jurisdictions/",
    "/api/years/",
    "/api/units/",
    "/api/groups/",
    "/api/supervision-groups/",
    "/api/people/",
    "/api/audit/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_gets_401_with_a_challenge(world, url):
    response = APIClient().get(url)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Token realm="api"'


@pytest.mark.parametrize("url", ["/api/units/", "/api/years/", "/api/people/"])
def test_anonymous_write_gets_401_and_changes_nothing(world, url):
    response = APIClient().post(url, {"code": "Z01", "name": "x"}, format="json")
    assert_error(response, 401, "not_authenticated")


def test_anonymous_object_route_gets_401(world):
    assert_error(APIClient().get(f"/api/units/{world.unit_a.pk}/"), 401, "not_authenticated")


def test_token_is_issued_for_a_password_and_authenticates(world):
    response = APIClient().post(
        "/api/token/", {"username": "reporter_a", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=world.reporter_a).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/me/").json()["username"] == "reporter_a"


def test_asking_twice_gives_the_same_token(world):
    body = {"username": "office", "password": PASSWORD}
    first = APIClient().post("/api/token/", body, format="json").json()["token"]
    assert APIClient().post("/api/token/", body, format="json").json()["token"] == first


def test_wrong_password_gets_400_and_no_token(world):
    response = APIClient().post(
        "/api/token/", {"username": "office", "password": "wrong"}, format="json"
    )
    assert_error(response, 400, "invalid", {"non_field_errors": "Unable to log in"})
    assert not Token.objects.exists()


def test_missing_fields_are_named(world):
    response = APIClient().post("/api/token/", {}, format="json")
    assert_error(response, 400, "invalid", {"username": "", "password": ""})


def test_inactive_person_gets_no_token(world):
    world.reporter_a.is_active = False
    world.reporter_a.save()
    response = APIClient().post(
        "/api/token/", {"username": "reporter_a", "password": PASSWORD}, format="json"
    )
    assert_error(response, 400, "invalid")
    assert not Token.objects.exists()


def test_token_holder_revokes_own_token(world):
    key = Token.objects.create(user=world.reporter_a).key
    other = Token.objects.create(user=world.reporter_b).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/token/").status_code == 204
    assert set(Token.objects.values_list("key", flat=True)) == {other}
    assert_error(client.get("/api/me/"), 401, "authentication_failed")


def test_anonymous_cannot_revoke(world):
    Token.objects.create(user=world.reporter_a)
    assert_error(APIClient().delete("/api/token/"), 401, "not_authenticated")
    assert Token.objects.count() == 1


def test_bad_token_gets_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_error(client.get("/api/units/"), 401, "authentication_failed")


def test_session_login_works_and_writes_need_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.office)
    assert client.get("/api/units/").status_code == 200
    response = client.patch(f"/api/units/{world.unit_a.pk}/", {"name": "x"}, format="json")
    assert_error(response, 403, "permission_denied")
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "县发展和改革局"
