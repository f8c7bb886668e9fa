"""What the browser tests share: logging a persona in through the login page."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.conftest import PASSWORD


def log_in(page: Page, base: str, username: str) -> None:
    """Log `username` in as a person would (after dropping any earlier session)."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
