"""The live OpenAPI schema, checked against the running app by schemathesis.

Every GET and POST operation is called with generated requests (valid and invalid),
authenticated by a token of each role (the data-entry officer bound to the area the
sample figure is in); no answer may be a server error or break the schema.
"""

from decimal import Decimal

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER, VIEWER
from tests.factories import MeasurementFactory, TargetFactory, UserFactory


def test_the_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32 renames the test node through a private attribute pytest 9 dropped."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def sample_target():
    """A little data for ids to hit."""
    target = TargetFactory(value=Decimal("30"))
    MeasurementFactory(indicator=target.indicator, area=target.area, value=Decimal("32.9"))
    return target


def _token_for(request, role: str, area) -> str:
    if role == "superuser":
        user = request.getfixturevalue("superuser")
    else:
        user = UserFactory(username=role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        if role == DATA_ENTRY:
            user.area_assignments.create(area=area)
    return Token.objects.create(user=user).key


@pytest.fixture
def superuser_token(request, sample_target) -> str:
    return _token_for(request, "superuser", sample_target.area)


@pytest.fixture(params=[PROVINCIAL_OFFICER, DATA_ENTRY, VIEWER])
def role_token(request, sample_target) -> str:
    return _token_for(request, request.param, sample_target.area)


def _live_schema(token: str):
    """The schema as the app serves it, called with `token`."""
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json",
        get_wsgi_application(),
        headers={"Authorization": f"Token {token}"},
    )


@pytest.fixture
def superuser_schema(superuser_token):
    return _live_schema(superuser_token)


@pytest.fixture
def role_schema(role_token):
    return _live_schema(role_token)


superuser_api = schemathesis.pytest.from_fixture("superuser_schema")
role_api = schemathesis.pytest.from_fixture("role_schema")

HYPOTHESIS = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def _call(case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Accept-Language": "en"},
        checks=[not_a_server_error, response_schema_conformance],
    )


# One full run, as the administrator who reaches every operation; each role is then
# sampled (a few examples per operation): the roles change which answers are allowed,
# not how requests are parsed, so fifty examples each would repeat the first run.
# serialized_rollback: the data migrations' rows (roles, award forms) come back for the
# next transactional test, and the flush after this one leaves no re-created roles behind
# with new ids (which a later serialized restore would collide with).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@superuser_api.include(method=["GET", "POST"]).parametrize()
@settings(max_examples=50, **HYPOTHESIS)
def test_the_api_answers_generated_requests_within_its_schema(case, superuser_token):
    _call(case, superuser_token)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@role_api.include(method=["GET", "POST"]).parametrize()
@settings(max_examples=5, **HYPOTHESIS)
def test_every_role_gets_answers_within_the_schema(case, role_token):
    _call(case, role_token)
