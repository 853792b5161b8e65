"""core.security: the client address the lockout counts by, and the page scanner's reach."""

from django.test import RequestFactory, override_settings

from core.security import client_ip_address
from tests.security.inline import inline_code


def request(**meta: str):
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_forwarded_header_is_ignored():
    forged = request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip_address(forged) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts():
    # The client forged the first entry; the proxy appended the address it really saw.
    forwarded = request(REMOTE_ADDR="192.168.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5")

    assert client_ip_address(forwarded) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_proxys_view_counts():
    forwarded = request(
        REMOTE_ADDR="192.168.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5, 192.168.0.1"
    )

    assert client_ip_address(forwarded) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_without_the_header_the_socket_address_counts():
    assert client_ip_address(request(REMOTE_ADDR="192.168.0.1")) == "192.168.0.1"


def test_the_scanner_finds_every_kind_of_inline_code():
    found = inline_code(
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="data">{}</script>'
        '<a href="javascript:go()">x</a><button onclick="go()">y</button>'
        '<style>p {}</style><p style="color: red">z</p>'
    )

    assert found.scripts == [
        "<script>",
        "<a href='javascript:go()'>",
        "<button onclick='go()'>",
    ]
    assert found.styles == ["<style>", "<p style='color: red'>"]
