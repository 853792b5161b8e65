"""Fixtures for the security tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The lockout tests sign in dozens of times; the production hasher would take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
