"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls inside a Playwright test
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "data" / "screenshots"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark the browser tests and run them last.

    They use a transactional database (the live server's threads see committed data only),
    which is emptied after each test, migration data included (the national working-day
    calendar); run among the others, they would leave the tests after them without it.

    The backup tests copy a database between connections and also use a transactional
    database: they run after all the others and before the browser tests, for the same reason.
    """
    browser, late = [], []
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        elif "tests/core/test_backup.py" in str(item.fspath):
            late.append(item)
    chosen = set(browser) | set(late)
    items[:] = [item for item in items if item not in chosen] + late + browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_system_packages.sh")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def live_world(transactional_db):
    return build_world()


@pytest.fixture
def shot():
    """Save a full-page screenshot under data/screenshots/NAME.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
