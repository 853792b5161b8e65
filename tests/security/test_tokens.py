"""API tokens: they expire, die with their user's password or active status, are listed and
revoked by their owner and by administrators, and the API and the token endpoint are
throttled per user and per address."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.tokens import TOKEN_EXPIRED
from tests.factories import AreaFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def officer():
    user = user_in_role("officer", "provincial_officer")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(username: str = "officer", password: str = PASSWORD, address: str = "10.0.0.1"):
    return APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


def with_token(key: str, address: str = "10.0.0.1") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def age(token_key: str, days: int) -> None:
    Token.objects.filter(key=token_key).update(
        created=timezone.now() - datetime.timedelta(days=days)
    )


# --- lifetime -------------------------------------------------------------------------------


def test_the_default_lifetime_is_thirty_days():
    assert datetime.timedelta(days=30) == settings.API_TOKEN_LIFETIME


def test_a_token_says_when_it_expires(officer):
    response = sign_in()

    token = Token.objects.get(user=officer)
    assert response.status_code == 200
    assert response.json() == {
        "token": token.key,
        "expires": (token.created + datetime.timedelta(days=30))
        .astimezone(timezone.get_current_timezone())
        .isoformat(),
    }


def test_a_token_older_than_its_lifetime_is_refused(officer):
    key = sign_in().json()["token"]
    age(key, 29)
    assert with_token(key).get("/api/v1/areas/").status_code == 200

    age(key, 30)
    response = with_token(key).get("/api/v1/areas/")

    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_EXPIRED)}


def test_signing_in_again_after_expiry_gives_a_new_token(officer):
    old = sign_in().json()["token"]
    assert sign_in().json()["token"] == old  # still live: the same one
    age(old, 31)

    new = sign_in().json()["token"]

    assert new != old
    assert list(Token.objects.values_list("key", flat=True)) == [new]
    assert with_token(new).get("/api/v1/areas/").status_code == 200


def test_the_lifetime_is_a_setting(settings, officer):
    settings.API_TOKEN_LIFETIME = datetime.timedelta(days=1)
    key = sign_in().json()["token"]
    age(key, 2)

    assert with_token(key).get("/api/v1/areas/").status_code == 401


# --- revocation -----------------------------------------------------------------------------


def test_a_password_change_revokes_the_token(officer):
    key = sign_in().json()["token"]

    officer.set_password("another long password 2")
    officer.save()

    assert with_token(key).get("/api/v1/areas/").status_code == 401
    assert not Token.objects.exists()


def test_changepassword_through_the_admin_revokes_the_token(admin_client, officer):
    sign_in()
    url = reverse("admin:auth_user_password_change", args=[officer.pk])

    response = admin_client.post(
        url, {"password1": "A new long passphrase 7", "password2": "A new long passphrase 7"}
    )

    assert response.status_code == 302
    assert not Token.objects.filter(user=officer).exists()


def test_deactivation_revokes_the_token(officer):
    key = sign_in().json()["token"]

    officer.is_active = False
    officer.save(update_fields=["is_active"])

    assert not Token.objects.exists()
    assert with_token(key).get("/api/v1/areas/").status_code == 401


def test_other_changes_to_the_user_keep_the_token(officer, django_assert_num_queries):
    sign_in()

    with django_assert_num_queries(1):  # a last-login update reads nothing more
        officer.save(update_fields=["last_login"])
    officer.first_name = "Lan"
    officer.save()

    assert Token.objects.filter(user=officer).exists()


# --- listing and revoking -------------------------------------------------------------------


@pytest.fixture
def tokens(officer):
    clerk = user_in_role("clerk", "data_entry", [AreaFactory(code="T1").code])
    Token.objects.create(user=officer)
    Token.objects.create(user=clerk)
    return officer, clerk


def test_a_user_lists_only_their_own_token_and_never_a_key(tokens, django_assert_num_queries):
    officer, _clerk = tokens
    client = APIClient()
    client.force_authenticate(officer)

    with django_assert_num_queries(2):
        response = client.get("/api/v1/auth/tokens/")

    token = Token.objects.get(user=officer)
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "user": officer.pk,
            "username": "officer",
            "created": token.created.astimezone(timezone.get_current_timezone()).isoformat(),
            "expires": (token.created + datetime.timedelta(days=30))
            .astimezone(timezone.get_current_timezone())
            .isoformat(),
        }
    ]


def test_an_administrator_lists_every_token(tokens, superuser):
    client = APIClient()
    client.force_authenticate(superuser)

    response = client.get("/api/v1/auth/tokens/")

    assert [row["username"] for row in response.json()["results"]] == ["clerk", "officer"]


def test_a_user_revokes_their_own_token_but_not_anothers(tokens):
    officer, clerk = tokens
    client = APIClient()
    client.force_authenticate(officer)

    assert client.delete(f"/api/v1/auth/tokens/{clerk.pk}/").status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{officer.pk}/").status_code == 204

    assert list(Token.objects.values_list("user__username", flat=True)) == ["clerk"]


def test_an_administrator_revokes_anyones_token(tokens, superuser):
    _officer, clerk = tokens
    client = APIClient()
    client.force_authenticate(superuser)

    assert client.delete(f"/api/v1/auth/tokens/{clerk.pk}/").status_code == 204
    assert list(Token.objects.values_list("user__username", flat=True)) == ["officer"]


def test_the_token_routes_need_a_signed_in_user():
    assert APIClient().get("/api/v1/auth/tokens/").status_code == 401
    assert APIClient().delete("/api/v1/auth/tokens/1/").status_code == 401


def test_the_admin_shows_tokens_without_their_keys_and_revokes_them(admin_client, tokens):
    officer, clerk = tokens
    changelist = reverse("admin:authtoken_tokenproxy_changelist")

    page = admin_client.get(changelist).content.decode()

    assert Token.objects.get(user=officer).key not in page
    assert "officer" in page and "clerk" in page
    delete = reverse("admin:authtoken_tokenproxy_delete", args=[clerk.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert list(Token.objects.values_list("user__username", flat=True)) == ["officer"]


def test_in_the_admin_staff_see_and_revoke_only_their_own_token(client, tokens):
    officer, clerk = tokens
    client.force_login(officer)

    page = client.get(reverse("admin:authtoken_tokenproxy_changelist"))

    assert page.status_code == 200
    assert [token.user for token in page.context["cl"].result_list] == [officer]
    other = reverse("admin:authtoken_tokenproxy_delete", args=[clerk.pk])
    assert client.post(other, {"post": "yes"}).status_code in (302, 403, 404)
    assert Token.objects.filter(user=clerk).exists()
    own = reverse("admin:authtoken_tokenproxy_delete", args=[officer.pk])
    assert client.post(own, {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(user=officer).exists()


# --- throttling -----------------------------------------------------------------------------


def test_the_default_rates():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {
        "user": "10000/hour",
        "address": "30000/hour",
        "sign_in_address": "30/minute",
        "sign_in_username": "10/minute",
    }


@pytest.fixture
def rates(settings):
    """Small rates for the tests (DRF reads them from its own settings object)."""
    from rest_framework.throttling import SimpleRateThrottle

    small = {"user": "3/hour", "address": "5/hour", "sign_in_address": "4/minute"}
    small["sign_in_username"] = "2/minute"
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = small
    yield small
    SimpleRateThrottle.THROTTLE_RATES = original


def test_the_api_is_throttled_per_user(rates, officer):
    key = Token.objects.create(user=officer).key
    answers = [with_token(key, f"10.0.0.{n}").get("/api/v1/areas/") for n in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    # Another user from the same addresses is not held back by the first one's count.
    other = Token.objects.create(user=user_in_role("viewer", "viewer")).key
    assert with_token(other, "10.0.0.9").get("/api/v1/areas/").status_code == 200


def test_the_api_is_throttled_per_address(rates):
    users = [user_in_role(f"viewer{n}", "viewer") for n in range(6)]
    keys = [Token.objects.create(user=user).key for user in users]

    answers = [with_token(key, "10.0.0.7").get("/api/v1/areas/").status_code for key in keys]

    assert answers == [200] * 5 + [429]


def test_the_token_endpoint_is_throttled_per_username(rates, officer):
    answers = [sign_in(address=f"10.0.1.{n}").status_code for n in range(3)]

    assert answers == [200, 200, 429]
    assert sign_in("someone-else", "x", address="10.0.1.9").status_code == 400


def test_the_token_endpoint_is_throttled_per_address(rates):
    answers = [sign_in(f"user{n}", "x", address="10.0.2.1").status_code for n in range(5)]

    assert answers == [400] * 4 + [429]
    assert sign_in("user9", "x", address="10.0.2.2").status_code == 400
