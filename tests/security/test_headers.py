"""Security headers on every kind of response, and pages that hold under the CSP."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse

from demo.services import load_demo
from programmes.models import Area, Phase
from tests.api_support import api_client
from tests.factories import AreaFactory
from tests.security.inline import inline_code

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
EXPECTED_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def security_headers(response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in EXPECTED_HEADERS}


def test_the_policy_in_settings_is_the_one_the_issue_asks_for():
    assert settings.CONTENT_SECURITY_POLICY == CSP


def test_an_admin_page_carries_every_security_header(admin_client):
    response = admin_client.get(reverse("admin:programmes_area_changelist"))

    assert response.status_code == 200
    assert security_headers(response) == EXPECTED_HEADERS


def test_the_admin_sign_in_page_carries_every_security_header(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert security_headers(response) == EXPECTED_HEADERS


def test_an_api_response_carries_every_security_header(superuser):
    AreaFactory(code="HN")

    response = api_client(superuser).get("/api/v1/areas/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert security_headers(response) == EXPECTED_HEADERS
    assert response["Cache-Control"] == "no-store"


def test_an_anonymous_api_refusal_carries_every_security_header():
    response = api_client().get("/api/v1/areas/")

    assert response.status_code == 401
    assert security_headers(response) == EXPECTED_HEADERS


def test_the_api_docs_page_carries_every_security_header(admin_client):
    response = admin_client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert security_headers(response) == EXPECTED_HEADERS


def test_a_not_found_page_carries_the_policy_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"] == CSP


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_with_subdomains_and_without_preload(client):
    response = client.get(reverse("admin:login"), secure=True)

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client):
    response = client.get("/api/v1/areas/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/api/v1/areas/"


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted(client):
    response = client.get("/api/v1/areas/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 401  # served (and refused for want of a login), not redirected


def test_the_session_cookie_is_http_only_and_lives_one_working_day(client, superuser):
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "pw-admin-1", "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.1",
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    csrf_cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert response.status_code == 302
    assert csrf_cookie["httponly"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser
    assert client.session.get_expiry_age() == 8 * 60 * 60


# --- pages under the policy -------------------------------------------------------------


def admin_urls() -> list[str]:
    """Every admin page of the demo database: index, and each model's list, add and change."""
    urls = [reverse("admin:index"), reverse("admin:indicators_measurement_grid")]
    phase = Phase.objects.filter(indicators__isnull=False).order_by("pk").first()
    province = Area.objects.get(code="MH")
    query = urlencode({"phase": phase.pk, "area": province.pk, "year": phase.end_year, "half": ""})
    urls.append(f"{reverse('admin:indicators_measurement_grid')}?{query}")
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    return urls


def test_no_page_of_the_admin_or_the_docs_has_inline_script_or_style(admin_client, client):
    load_demo()
    urls = admin_urls()
    pages = {url: admin_client.get(url) for url in [*urls, reverse("api:docs")]}
    admin_client.logout()
    pages[reverse("admin:login")] = client.get(reverse("admin:login"))

    served = {url: response for url, response in pages.items() if response.status_code == 200}
    found = {
        url: (parsed.scripts, parsed.styles)
        for url, response in served.items()
        if (parsed := inline_code(response.content.decode())) and (parsed.scripts or parsed.styles)
    }
    assert found == {}
    # The scan saw real pages: the index, the grid with its rows, every list.
    assert len(served) >= 40
    assert "grid-figures" in served[urls[2]].content.decode()


def test_the_browsable_api_has_no_inline_script(admin_client):
    """Its scripts are all files; its few inline style attributes only lose their looks."""
    AreaFactory(code="HN")

    for url in ("/api/v1/", "/api/v1/areas/"):
        response = admin_client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert "text/html" in response["Content-Type"]
        assert inline_code(response.content.decode()).scripts == []


def test_the_docs_page_loads_its_style_and_script_from_files(admin_client):
    response = admin_client.get(reverse("api:docs"))

    html = response.content.decode()
    assert "/static/api/swagger-ui-page.css" in html
    assert f'src="{reverse("api:docs")}?script="' in html
    assert "<style" not in html
    assert finders.find("api/swagger-ui-page.css") is not None
    script = admin_client.get(f"{reverse('api:docs')}?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
