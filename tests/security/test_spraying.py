"""Password spraying: a few passwords tried on many accounts from one address.

django-axes locks a username from an address; this locks the address itself once it has
failed `SIGN_IN_ADDRESS_FAILURE_LIMIT` times within the cool-off, whatever the usernames,
on every sign-in surface (admin, dashboards, token endpoint).
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.api_support import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SPRAYER = "10.9.9.9"
OTHER = "10.8.8.8"
PASSWORD = "correct horse battery"
ADDRESS_LOCKED = (
    "Too many failed sign-in attempts from your address. Try again in 15 minutes, or ask an "
    "administrator to unlock it."
)


@pytest.fixture
def accounts():
    users = [UserFactory(username=f"officer{n}", is_staff=True) for n in range(25)]
    for user in users:
        user.set_password(PASSWORD)
        user.save()
    return users


def token(username: str, password: str, address: str = SPRAYER):
    return api_client().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


def spray(limit: int) -> list[int]:
    """`limit` failures over as many usernames: no single account reaches its own limit."""
    return [token(f"officer{n}", "Spring2024!").status_code for n in range(limit)]


def test_the_default_limit_is_twenty_failures_per_address():
    assert settings.SIGN_IN_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AUTHENTICATION_BACKENDS[1] == "core.security.AddressLockoutBackend"


def test_spraying_locks_the_address_out_on_every_surface(client, settings, accounts):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6

    assert spray(6) == [400] * 6
    refused = token("officer20", PASSWORD)

    assert refused.status_code == 429
    assert refused.json() == {"detail": ADDRESS_LOCKED}
    assert refused["Retry-After"] == "900"
    page = client.post(
        reverse("admin:login"),
        {"username": "officer21", "password": PASSWORD},
        REMOTE_ADDR=SPRAYER,
    )
    assert page.status_code == 429
    assert ADDRESS_LOCKED in page.content.decode()
    dashboards = client.post(
        "/login/", {"username": "officer22", "password": PASSWORD}, REMOTE_ADDR=SPRAYER
    )
    assert dashboards.status_code == 429
    # Refused attempts count too, as axes counts them: the cool-off runs from the last one.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 9


def test_below_the_limit_and_from_another_address_sign_in_works(settings, accounts):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6

    assert spray(5) == [400] * 5
    assert token("officer20", PASSWORD).status_code == 200
    spray(1)
    assert token("officer21", PASSWORD).status_code == 429
    assert token("officer21", PASSWORD, address=OTHER).status_code == 200


def test_an_administrator_unlocks_the_address_with_axes_reset(settings, accounts):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6
    spray(6)

    call_command("axes_reset_ip", SPRAYER)

    assert token("officer20", PASSWORD).status_code == 200


def test_a_limit_of_zero_turns_the_address_lockout_off(settings, accounts):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 0

    assert spray(25) == [400] * 25
    assert token("officer0", PASSWORD).status_code == 200
