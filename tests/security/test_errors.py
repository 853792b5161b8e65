"""A server error tells the client nothing about the failure, in the API and the admin."""

import pytest
from django.contrib import admin
from django.test import override_settings

from core.security import SERVER_ERROR
from programmes.api import AreaViewSet
from programmes.models import Area
from tests.api_support import api_client

pytestmark = pytest.mark.django_db


def explode(*args, **kwargs):
    raise RuntimeError("secret-table-name exploded at /srv/tracker/programmes/api.py")


@override_settings(DEBUG=False)
def test_an_api_server_error_is_json_without_a_traceback(monkeypatch, superuser):
    monkeypatch.setattr(AreaViewSet, "list", explode)
    client = api_client(superuser)
    client.raise_request_exception = False

    response = client.get("/api/v1/areas/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": str(SERVER_ERROR)}
    assert b"secret-table-name" not in response.content
    assert b"Traceback" not in response.content
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


@override_settings(DEBUG=False)
def test_an_admin_server_error_is_djangos_plain_page(monkeypatch, admin_client):
    monkeypatch.setattr(admin.site._registry[Area], "get_queryset", explode)
    admin_client.raise_request_exception = False

    response = admin_client.get("/admin/programmes/area/")

    assert response.status_code == 500
    assert b"Server Error (500)" in response.content
    assert b"secret-table-name" not in response.content
