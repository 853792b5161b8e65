"""Without a browser the browser tests skip locally but fail in CI."""

import pytest

from tests.browser.conftest import _missing


def test_a_missing_browser_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        _missing("Chromium not found at /nowhere")


def test_a_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI runs the browser tests"):
        _missing("Chromium not found at /nowhere")


def test_ci_set_to_false_counts_as_local(monkeypatch):
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        _missing("Chromium not found at /nowhere")
