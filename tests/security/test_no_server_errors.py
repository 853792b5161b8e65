"""No input, signed in or not, makes the app answer 500: over-long usernames, JSON nested
too deeply, garbled list filters and URL parameters, a delete a service refuses.

The fuzz tests walk every admin list's filters, every query parameter the API schema
declares and every dashboard filter, with values no form would send.
"""

import json

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from care.models import CareModel, CareModelReport
from care.services import care_model_report_create
from core.api import JSON_TOO_DEEP
from indicators.models import (
    Accumulation,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
    Unit,
)
from tests.api_support import api_client
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    ContributionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.reports.support import small_review

pytestmark = pytest.mark.django_db

LONG_NAME = "u" * 300
# What no form sends: words for numbers, fractions, signs, numbers past any column, a
# period that does not exist, and markup, quotes and a NUL byte in one.
GARBAGE = ["abc", "1.5", "-1", "99999999999999999999", "2019H3", "x'\"<b>\x00;--"]


def post_json(client, url: str, data: str):
    return client.post(url, data, content_type="application/json")


# --- anonymous sign-ins ---------------------------------------------------------------------


def test_an_over_long_username_on_the_token_endpoint_is_a_400(client):
    response = post_json(
        client, "/api/v1/auth/token/", json.dumps({"username": LONG_NAME, "password": "x"})
    )

    assert response.status_code == 400
    assert response.json() == {"username": ["Ensure this field has no more than 150 characters."]}


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_an_over_long_username_on_a_sign_in_page_is_a_failed_sign_in(client, url):
    response = client.post(url, {"username": LONG_NAME, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert AccessAttempt.objects.values_list("username", flat=True).get() == "u" * 255


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/measurements/bulk/"])
def test_json_nested_too_deeply_is_a_400(client, url):
    UserFactory(username="reader")

    response = post_json(client, url, "[" * 100_000 + "]" * 100_000)

    if url.endswith("token/"):
        assert response.status_code == 400
        assert response.json() == {"detail": str(JSON_TOO_DEEP)}
    else:
        assert response.status_code == 401  # the bulk endpoint reads no body before sign-in
        staff = api_client(UserFactory(username="root", is_superuser=True))
        response = staff.post(url, "[" * 100_000 + "]" * 100_000, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"detail": str(JSON_TOO_DEEP)}


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def scene():
    """A phase with figures, care models with reports, a decision with recipients."""
    return small_review(2)


def test_the_grid_with_garbled_parameters_shows_the_form_again(admin_client, scene):
    response = admin_client.get(
        reverse("admin:indicators_measurement_grid"),
        {"phase": "abc", "area": "xyz", "year": "2019H3"},
    )

    assert response.status_code == 200
    assert set(response.context["selection"].errors) == {"phase", "area", "year"}
    assert response.context["rows"] == []


def test_a_history_item_that_is_not_a_number_is_not_found(admin_client, scene):
    figure = Measurement.objects.first()
    url = reverse("admin:indicators_measurement_simple_history", args=[figure.pk, "abc"])

    assert url.endswith(f"/{figure.pk}/history/abc/")
    assert admin_client.get(url).status_code == 404


@pytest.fixture
def report_feeding_an_approved_figure(scene):
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(phase=scene),
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        source=IndicatorSource.CARE_MODELS,
        care_model_kind="community_rehabilitation",
        care_model_measure="beneficiaries",
    )
    model = CareModelFactory(area=AreaFactory(code="QP-X", parent=scene.programme.area))
    report = care_model_report_create(
        care_model=model, period="2020", beneficiaries_female=3, beneficiaries_male=4
    )
    Measurement.objects.filter(indicator=indicator, sex="total").update(
        status=MeasurementStatus.APPROVED
    )
    return report


REFUSED = "a provincial officer must reopen that figure first."


def test_deleting_a_report_that_feeds_an_approved_figure_in_the_admin_is_refused(
    admin_client, report_feeding_an_approved_figure
):
    report = report_feeding_an_approved_figure
    url = reverse("admin:care_caremodelreport_delete", args=[report.pk])
    reports = CareModelReport.objects.count()

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:care_caremodelreport_change", args=[report.pk])
    assert next(str(m) for m in get_messages(response.wsgi_request)).endswith(REFUSED)
    assert CareModelReport.objects.count() == reports


def test_the_delete_action_refuses_every_report_when_one_feeds_an_approved_figure(
    admin_client, report_feeding_an_approved_figure
):
    reports = CareModelReport.objects.count()
    chosen = list(CareModelReport.objects.order_by("-pk").values_list("pk", flat=True))

    response = admin_client.post(
        reverse("admin:care_caremodelreport_changelist"),
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )

    assert response.status_code == 302
    assert next(str(m) for m in get_messages(response.wsgi_request)).endswith(REFUSED)
    assert CareModelReport.objects.count() == reports


def own_filter_parameters() -> set[tuple[str, str]]:
    """(changelist URL, query parameter) of the project's own filter classes."""
    return {
        (
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            f.parameter_name,
        )
        for model, model_admin in admin.site._registry.items()
        for f in model_admin.list_filter
        if isinstance(f, type) and issubclass(f, admin.SimpleListFilter)
    }


def list_filter_parameters(superuser) -> list[tuple[str, str]]:
    """(changelist URL, query parameter) for every filter of every admin list."""
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request = RequestFactory().get(url)
        request.user = superuser
        if not model_admin.has_view_permission(request):
            continue
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            found += [(url, parameter) for parameter in spec.expected_parameters()]
    return found


def test_no_admin_list_filter_answers_500_to_a_garbled_value(admin_client, superuser, scene):
    # Every filter with choices to show: Django leaves out one with nothing to choose from.
    ContributionFactory(care_model=CareModel.objects.first())
    ProgrammeFactory()
    parameters = list_filter_parameters(superuser)
    assert own_filter_parameters() <= set(parameters)
    assert ("/en/admin/indicators/measurement/", "area") in parameters
    assert ("/en/admin/care/caremodel/", "partner") in parameters
    assert ("/en/admin/programmes/area/", "within") in parameters

    answers = {
        (url, parameter, value): admin_client.get(url, {parameter: value}).status_code
        for url, parameter in parameters
        for value in GARBAGE
    }

    assert {key: status for key, status in answers.items() if status >= 500} == {}
    # A garbled value shows an empty list or Django's "incorrect parameters" page (?e=1);
    # a NUL character is refused before any view.
    assert set(answers.values()) <= {200, 302, 400}


# --- the API and the dashboards -------------------------------------------------------------


def api_get_operations(scene) -> list[tuple[str, list[str]]]:
    """(path, query parameters) of every GET the schema declares, ids filled in."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    indicator = Indicator.objects.filter(objective__phase=scene).first()
    ids = {"/api/v1/phases/": scene.pk, "/api/v1/indicators/": indicator.pk}
    operations = []
    for path, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        known = next((pk for prefix, pk in ids.items() if path.startswith(prefix)), 1)
        names = [p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"]
        operations.append((path.replace("{id}", str(known)), names))
        if "{id}" in path:
            operations.append((path.replace("{id}", "abc"), names))
    return operations


def test_no_api_query_parameter_answers_500_to_a_garbled_value(superuser, scene):
    client = api_client(superuser)
    operations = api_get_operations(scene)
    assert len(operations) > 40

    answers = {}
    for path, names in operations:
        for name in [*names, "format", "figures"]:
            for value in GARBAGE:
                response = client.get(path, {name: value})
                answers[(path, name, value)] = response.status_code

    assert {key: status for key, status in answers.items() if status >= 500} == {}


def test_no_dashboard_parameter_answers_500_to_a_garbled_value(client, superuser, scene):
    client.force_login(superuser)
    pages = [
        "/",
        f"/phases/{scene.pk}/",
        f"/indicators/{Indicator.objects.filter(objective__phase=scene).first().pk}/",
        "/care-models/",
        "/commendations/",
        "/collection/completeness/",
        "/collection/data-quality/",
    ]
    names = ["area", "year", "phase", "programme", "figures", "period", "kind", "page"]

    answers = {
        (page, name, value): client.get(page, {name: value}).status_code
        for page in pages
        for name in names
        for value in GARBAGE
    }

    assert {key: status for key, status in answers.items() if status >= 500} == {}
    assert set(answers.values()) <= {200, 302, 400, 404}


def test_a_nul_character_in_the_query_string_is_a_400(admin_client):
    assert (
        admin_client.get("/en/admin/axes/accessattempt/", {"username": "a\x00b"}).status_code == 400
    )
    assert admin_client.get("/api/v1/areas/", {"a\x00": "1"}).status_code == 400
