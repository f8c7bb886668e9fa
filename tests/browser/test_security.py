"""The security administrator's page, the audit administrator's log, an expired password."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from leitai.core.models import AuditEntry
from leitai.org import services
from leitai.org.models import SecuritySettings
from tests.browser.helpers import log_in


def test_the_security_administrator_sets_a_rule_and_the_auditor_reads_it(
    live_server, live_world, page: Page, shot
):
    base = live_server.url
    services.token_issue(person=live_world.reporter_a)
    log_in(page, base, "security")
    page.wait_for_url(f"{base}/org/security/")
    expect(page.get_by_test_id("tokens")).to_contain_text("填报员甲")
    page.fill("#id_token_days", "30")
    page.fill("#id_audit_retention_days", "90")
    page.get_by_test_id("save").click()
    expect(
        page.locator("#id_audit_retention_days + .invalid-feedback, .invalid-feedback").first
    ).to_contain_text("180")
    assert not SecuritySettings.objects.exists()
    page.fill("#id_audit_retention_days", "365")
    page.get_by_test_id("save").click()
    page.wait_for_url(f"{base}/org/security/")
    shot(page, "security-page")
    saved = SecuritySettings.objects.get(jurisdiction=live_world.county)
    assert (saved.token_days, saved.audit_retention_days) == (30, 365)
    log_in(page, base, "auditor")
    page.wait_for_url(f"{base}/audit/")
    expect(page.get_by_test_id("audit-kept")).to_contain_text("至少保存 365 天")
    expect(page.locator("table")).to_contain_text("security_settings.update")
    shot(page, "audit-log-auditor")
    assert AuditEntry.objects.filter(action="security_settings.update").count() == 1


def test_an_expired_password_is_changed_before_anything_else(
    live_server, live_world, page: Page, shot
):
    base = live_server.url
    services.security_settings_update(
        actor=live_world.security, jurisdiction=live_world.county, password_expiry_days=90
    )
    type(live_world.reporter_a).objects.filter(pk=live_world.reporter_a.pk).update(
        date_joined=timezone.now() - dt.timedelta(days=91)
    )
    log_in(page, base, "reporter_a")
    page.wait_for_url(f"{base}/accounts/password/")
    expect(page.get_by_test_id("password-expired")).to_contain_text("您的密码已过期")
    shot(page, "password-expired")
    page.goto(f"{base}/org/units/")
    page.wait_for_url(f"{base}/accounts/password/")
    from tests.conftest import PASSWORD

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "Fresh-Pw-2026!")
    page.fill("#id_new_password2", "Fresh-Pw-2026!")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/accounts/password/done/")
    page.goto(f"{base}/org/units/")
    assert page.url == f"{base}/org/units/"
