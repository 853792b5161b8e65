"""Fixtures shared by every test module."""

import pytest
from django.utils import translation


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
