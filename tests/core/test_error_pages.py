"""400, 403, 404 and 500 pages: in Chinese, inside the page shell with its navigation."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from leitai.core.models import AuditEntry

pytestmark = [pytest.mark.urls("tests.core.error_urls")]

PAGES = {
    "/test-errors/400/": (400, "请求有误"),
    "/test-errors/403/": (403, "无权操作"),
    "/no-such-page/": (404, "页面不存在"),
    "/test-errors/500/": (500, "服务器出错"),
}


def page(persona_client: Client, url: str):
    return persona_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")


@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", PAGES)
def test_error_pages_are_chinese_with_the_navigation(world, url):
    client = world.client_for("office")
    client.raise_request_exception = False
    response = page(client, url)
    status, title = PAGES[url]
    body = response.content.decode()
    assert response.status_code == status
    assert f"<title>{title} · 擂台</title>" in body
    assert 'data-testid="error-page"' in body
    assert 'data-testid="nav"' in body and "/org/units/" in body  # the office's menu
    assert "返回首页" in body
    for english in ("Not Found", "Bad Request", "Forbidden", "Server Error"):
        assert english not in body


@override_settings(DEBUG=False)
def test_error_page_for_the_anonymous_visitor(client):
    response = page(client, "/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_fields_is_a_chinese_400_and_saves_nothing(world):
    before = AuditEntry.objects.count()
    data = {f"f{i}": "1" for i in range(20)}
    response = world.client_for("office").post(f"/org/units/{world.unit_a.pk}/edit/", data)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
    assert AuditEntry.objects.count() == before


@override_settings(DEBUG=False)
def test_the_500_page_falls_back_to_bare_chinese_when_the_shell_fails(world, monkeypatch):
    from django.template import loader

    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(loader, "get_template", broken)
    client = world.client_for("office")
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    assert "服务器出错（500）" in response.content.decode()
