"""Sign-in lockout (django-axes) on the admin sign-in page and the API's token endpoint."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.api_support import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
OFFICE = "10.1.1.20"  # one office's NAT address
OTHER_OFFICE = "10.2.2.30"
PASSWORD = "correct horse battery"
LOCKED = (
    "Too many failed sign-in attempts for this account from your address. Try again in "
    "15 minutes, or ask an administrator to unlock the account."
)
BAD_CREDENTIALS = {"non_field_errors": ["Unable to log in with provided credentials."]}


@pytest.fixture
def officer(db):
    user = UserFactory(username="officer", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def admin_sign_in(client, username: str, password: str, address: str = OFFICE):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def token_request(username: str, password: str, address: str = OFFICE):
    return api_client().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- the admin --------------------------------------------------------------------------


def test_the_admin_signs_in_after_fewer_failures_than_the_limit(client, officer):
    for _ in range(LIMIT - 1):
        response = admin_sign_in(client, "officer", "wrong password")
        assert response.status_code == 200
        assert response.context["form"].errors
    assert signed_in(admin_sign_in(client, "officer", PASSWORD))


def test_the_admin_locks_the_pair_out_at_the_limit_even_for_the_right_password(client, officer):
    responses = [admin_sign_in(client, "officer", "wrong password") for _ in range(LIMIT)]

    assert [response.status_code for response in responses] == [200] * (LIMIT - 1) + [429]
    locked = admin_sign_in(client, "officer", PASSWORD)
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    html = locked.content.decode()
    assert "Sign-in locked" in html
    assert LOCKED in html
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still to the sign-in page


def test_a_success_before_the_limit_starts_the_count_again(client, officer):
    for _ in range(LIMIT - 1):
        admin_sign_in(client, "officer", "wrong password")
    assert signed_in(admin_sign_in(client, "officer", PASSWORD))
    client.logout()

    for _ in range(LIMIT - 1):
        assert admin_sign_in(client, "officer", "wrong password").status_code == 200
    assert signed_in(admin_sign_in(client, "officer", PASSWORD))


def test_the_lockout_holds_one_username_from_one_address_only(client, officer):
    """One officer's typos behind an office NAT do not lock the rest of the office out,
    and the locked officer can still sign in from another office."""
    colleague = UserFactory(username="colleague", is_staff=True, is_superuser=True)
    colleague.set_password(PASSWORD)
    colleague.save()
    for _ in range(LIMIT):
        admin_sign_in(client, "officer", "wrong password")

    assert signed_in(admin_sign_in(client, "colleague", PASSWORD, address=OFFICE))
    client.logout()
    assert signed_in(admin_sign_in(client, "officer", PASSWORD, address=OTHER_OFFICE))
    client.logout()
    assert admin_sign_in(client, "officer", PASSWORD, address=OFFICE).status_code == 429


def test_axes_reset_unlocks_everyone(client, officer):
    for _ in range(LIMIT):
        admin_sign_in(client, "officer", "wrong password")
    assert admin_sign_in(client, "officer", PASSWORD).status_code == 429

    call_command("axes_reset")

    assert AccessAttempt.objects.count() == 0
    assert signed_in(admin_sign_in(client, "officer", PASSWORD))


def test_the_lockout_ends_after_the_cool_off(client, officer):
    for _ in range(LIMIT):
        admin_sign_in(client, "officer", "wrong password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert signed_in(admin_sign_in(client, "officer", PASSWORD))


def test_every_failure_is_recorded_with_username_and_address_but_no_password(client, officer):
    for _ in range(2):
        admin_sign_in(client, "officer", "wrong password")

    failures = AccessFailureLog.objects.order_by("pk")
    assert [(f.username, f.ip_address, f.locked_out) for f in failures] == [
        ("officer", OFFICE, False),
        ("officer", OFFICE, False),
    ]
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 2
    assert "wrong password" not in attempt.post_data


# --- the API's token endpoint -----------------------------------------------------------


def test_the_token_endpoint_gives_the_users_token(officer):
    response = token_request("officer", PASSWORD)

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=officer).key
    again = token_request("officer", PASSWORD)
    assert again.json() == response.json()


def test_the_token_is_accepted_by_the_api(officer):
    key = token_request("officer", PASSWORD).json()["token"]

    response = api_client().get("/api/v1/areas/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200


def test_the_token_endpoint_refuses_wrong_or_missing_credentials(officer):
    wrong = token_request("officer", "wrong password")
    missing = api_client().post("/api/v1/auth/token/", {"username": "officer"}, format="json")

    assert (wrong.status_code, wrong.json()) == (400, BAD_CREDENTIALS)
    assert (missing.status_code, missing.json()) == (400, {"password": ["This field is required."]})
    assert Token.objects.count() == 0


def test_the_token_endpoint_answers_after_fewer_failures_than_the_limit(officer):
    for _ in range(LIMIT - 1):
        assert token_request("officer", "wrong password").status_code == 400

    assert token_request("officer", PASSWORD).status_code == 200


def test_the_token_endpoint_locks_the_pair_out_at_the_limit(officer):
    statuses = [token_request("officer", "wrong password").status_code for _ in range(LIMIT)]

    locked = token_request("officer", PASSWORD)

    assert statuses == [400] * (LIMIT - 1) + [429]
    assert locked.status_code == 429
    assert locked.json() == {"detail": LOCKED}
    assert locked["Retry-After"] == "900"
    assert locked["Content-Type"] == "application/json"
    assert Token.objects.count() == 0
    assert token_request("officer", PASSWORD, address=OTHER_OFFICE).status_code == 200


def test_failures_on_the_admin_and_the_api_add_up(client, officer):
    for _ in range(LIMIT - 2):
        admin_sign_in(client, "officer", "wrong password")
    assert token_request("officer", "wrong password").status_code == 400
    assert token_request("officer", "wrong password").status_code == 429

    assert admin_sign_in(client, "officer", PASSWORD).status_code == 429


def test_axes_reset_unlocks_the_token_endpoint(officer):
    for _ in range(LIMIT):
        token_request("officer", "wrong password")

    call_command("axes_reset")

    assert token_request("officer", PASSWORD).status_code == 200


def test_the_token_endpoint_is_in_the_schema(admin_client):
    schema = admin_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert operation["operationId"] == "auth_token_create"
    assert sorted(operation["responses"]) == ["200", "400", "429"]
