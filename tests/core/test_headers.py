"""Production headers: the Content-Security-Policy on every page type, HTTPS, `check --deploy`."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

LEITAI = Path(__file__).resolve().parents[2] / "leitai"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def directives(header: str) -> dict[str, str]:
    """Return the policy as {directive: sources} (django-csp does not keep their order)."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def templates() -> list[Path]:
    return sorted(LEITAI.rglob("templates/**/*.html"))


def test_no_template_has_inline_script_or_event_handler_attributes():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\s(on[a-z]+|hx-on[:a-z-]*)\s*=", re.I)
    found = [
        f"{path.relative_to(LEITAI)}: {match.group(0)}"
        for path in templates()
        for pattern in (inline, handler)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(templates()) > 80
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, url",
    [
        (None, "/accounts/login/"),
        (None, "/public/"),
        (None, "/api/units/"),
        ("office", "/"),
        ("office", "/tasks/map/"),
        ("office", "/org/people/"),
        ("office", "/admin/"),
        ("office", "/api/me/"),
        ("office", "/api/docs/"),
        ("office", "/does-not-exist/"),
    ],
)
def test_every_page_type_has_the_policy(world, persona, url):
    client = world.client_for(persona) if persona else Client()
    response = client.get(url)
    assert directives(response["Content-Security-Policy"]) == directives(POLICY), url


@pytest.mark.django_db
def test_swagger_ui_comes_from_this_server_with_its_script_as_a_file(world):
    page = world.client_for("office").get(reverse("api-docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html and "@latest" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    script = world.client_for("office").get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def run_production(tmp_path, code: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "LEITAI_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "leitai.example.gov.cn",
        "LEITAI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "leitai.settings",
        "STATIC_MANIFEST": "0",  # no collectstatic here
    }
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL_TEST"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    done = run_production(
        tmp_path,
        "from leitai.cli import main; import sys; "
        "sys.argv = ['leitai', 'check', '--deploy', '--fail-level', 'WARNING']; main()",
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (1 silenced)." in done.stdout + done.stderr


def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy(tmp_path):
    code = """
import django; django.setup()
from django.test import Client
c = Client(HTTP_HOST="leitai.example.gov.cn")
plain = c.get("/accounts/login/")
print(plain.status_code, plain["Location"])
secure = c.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
print(secure.status_code, secure["Strict-Transport-Security"])
print(c.get("/healthz").status_code != 301)
"""
    done = run_production(tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "301 https://leitai.example.gov.cn/accounts/login/",
        "200 max-age=31536000; includeSubDomains",
        "True",
    ]
