"""A real browser for the dashboard tests: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work on these machines, so the tests launch
the system Chromium (`apt-get install chromium`). Without it they skip locally, but
fail when the `CI` environment variable is set: CI must never silently skip them.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _missing(reason: str):
    if _in_ci():
        pytest.fail(f"{reason}; CI runs the browser tests, so install it (see .ci/run)")
    pytest.skip(reason)


@pytest.fixture
def chromium() -> str:
    """The Chromium executable; requested first, so a missing browser skips (or fails,
    in CI) before any data is built."""
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture
def browser(chromium):
    """A headless Chromium for one test.

    Function-scoped on purpose: Playwright's sync API runs an event loop in this
    thread while it is started, and Django refuses database calls from a thread with a
    running loop (SynchronousOnlyOperation). Starting the browser after the test's data
    is written and stopping it before the database is flushed keeps every database
    call outside that window, so DJANGO_ALLOW_ASYNC_UNSAFE is not needed.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()
