"""The demo county's main pages under the Content-Security-Policy: no violation, charts drawn."""

from __future__ import annotations

import io

from django.core.management import call_command
from playwright.sync_api import Page

from leitai.demo.org import PASSWORD

# Recorded before any page script runs (an init script is not subject to the page's policy).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = e.sourceFile + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


def main_pages() -> list[tuple[str, str | None]]:
    """Return (path, selector that proves the page's scripts ran) for the demo's main pages."""
    from leitai.keytasks.models import DispatchNotice
    from leitai.rankings.models import Publication

    publication = Publication.objects.select_related("snapshot").latest("pk")
    snapshot = publication.snapshot
    row = snapshot.rows.order_by("position").first()
    period = snapshot.period
    return [
        ("/", "[data-testid=todo-office]"),
        ("/org/units/", None),
        ("/org/people/", None),
        (f"/assessment/review/{period.pk}/", None),
        (f"/assessment/chasing/{period.pk}/", None),
        ("/assessment/targets/", None),
        (f"/rankings/snapshots/{snapshot.pk}/", None),
        (f"/rankings/snapshots/{snapshot.pk}/units/{row.unit_id}/", "#rank-chart canvas"),
        ("/rankings/trends/", "#rank-trend canvas"),
        ("/rankings/bigscreen/", "#chart-red canvas"),
        ("/tasks/", None),
        ("/tasks/map/", None),
        ("/tasks/map/?wall=1", "body.wall[data-wall-pages]"),
        ("/tasks/import/", None),
        (f"/tasks/notices/{DispatchNotice.objects.first().pk}/", None),
        ("/supervision/", None),
        ("/public/", None),
        ("/api/docs/", ".swagger-ui .info"),
        ("/admin/", None),
        ("/admin/org/unit/", None),
    ]


def test_main_pages_run_under_the_policy_without_a_violation(
    live_server, transactional_db, page: Page
):
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    violations: dict[str, list[str]] = {}
    pages = main_pages()
    for path, proof in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status < 400, (path, response and response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        if proof:
            page.wait_for_selector(proof, timeout=15000)
        page.wait_for_load_state("load")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    assert violations == {}
    assert console == []
    assert len(pages) == 20
