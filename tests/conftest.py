"""Fixtures shared by every test module."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

_client_login = Client.login


def _login_with_a_request(self: Client, **credentials) -> bool:
    """Client.login() as a sign-in form does it: with a request for the lockout backend.

    django-axes' backend refuses to authenticate without a request (so that no sign-in
    path can skip the lockout); the test client's login() gives none. This one gives a
    request from 127.0.0.1, so failed logins in tests count like any others.
    """
    credentials.setdefault("request", RequestFactory().post("/", REMOTE_ADDR="127.0.0.1"))
    return _client_login(self, **credentials)


@pytest.fixture(autouse=True, scope="session")
def _client_login_passes_a_request():
    with mock.patch.object(Client, "login", _login_with_a_request):
        yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Every test hashes passwords with MD5: PBKDF2's deliberate slowness buys nothing here."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Each test starts with no API request counted (DRF's throttles count in the cache)."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests read messages in English unless they switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
