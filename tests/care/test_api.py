"""API v1 for care models, their reports, partners, contributions and the yearly summary."""

import datetime

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from care.models import CareModel, CareModelReport, Contribution
from care.services.reports import GROUP_OVER_REACHED, PERIOD_ALREADY_REPORTED
from programmes.models import AreaLevel
from programmes.roles import VIEWER
from programmes.services import role_grant
from tests.api_support import api_client, body, user_with_permissions
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    CareModelReportFactory,
    ContributionFactory,
    PartnerFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROUTES = [
    "/api/v1/care-models/",
    "/api/v1/care-models/summary/?year=2020",
    "/api/v1/care-model-reports/",
    "/api/v1/partners/",
    "/api/v1/contributions/",
]


@pytest.fixture
def admin_api(superuser) -> APIClient:
    return api_client(superuser)


@pytest.fixture
def commune():
    province = AreaFactory(code="PV", name="Tỉnh", level=AreaLevel.PROVINCE)
    return AreaFactory(code="PV-1", name="Xã Một", level=AreaLevel.COMMUNE, parent=province)


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_requests_get_401(route):
    assert APIClient().get(route).status_code == 401


@pytest.fixture
def viewer() -> APIClient:
    """Signed in as a viewer: holds the view permissions, no write permission."""
    user = UserFactory(username="viewer")
    user.groups.add(Group.objects.get(name=VIEWER))
    return api_client(user)


@pytest.mark.parametrize("route", ROUTES)
def test_a_viewer_reads(viewer, route):
    assert viewer.get(route).status_code == 200


@pytest.mark.parametrize("route", ROUTES)
def test_a_signed_in_user_without_a_role_gets_403(route):
    assert api_client(UserFactory(username="nobody")).get(route).status_code == 403


def test_a_data_entry_officer_gets_the_summary_of_their_own_areas_only(commune):
    other = AreaFactory(code="PV-2", name="Xã Hai", level=AreaLevel.COMMUNE, parent=commune.parent)
    officer, _created = role_grant(username="clerk", role="data_entry", area_codes=["PV-1"])
    client = api_client(officer)

    own = client.get("/api/v1/care-models/summary/?year=2020&area=PV-1")
    foreign = client.get(f"/api/v1/care-models/summary/?year=2020&area={other.code}")
    everywhere = client.get("/api/v1/care-models/summary/?year=2020")

    assert own.status_code == 200
    assert (foreign.status_code, foreign.json()) == (
        403,
        {"detail": "You may only see figures of your assigned areas; Xã Hai is not one."},
    )
    assert (everywhere.status_code, everywhere.json()) == (
        403,
        {"detail": "Choose one of your assigned areas with ?area=CODE."},
    )


def test_writing_needs_the_model_permission(commune):
    model = CareModelFactory(area=commune)
    payload = {
        "care_model": model.pk,
        "period": "2020",
        "beneficiaries_female": 1,
        "beneficiaries_male": 1,
    }
    reader = api_client(UserFactory(username="reader"))
    clerk = api_client(user_with_permissions("add_caremodelreport"))

    assert reader.post("/api/v1/care-model-reports/", payload, format="json").status_code == 403
    assert clerk.post("/api/v1/care-model-reports/", payload, format="json").status_code == 201


def test_a_care_model_reads_with_the_contract_fields(admin_api, commune):
    programme = ProgrammeFactory(area=commune.parent)
    model = CareModelFactory(
        area=commune, programme=programme, name="PHCN", implementing_agency="Trạm Y tế"
    )

    response = admin_api.get(f"/api/v1/care-models/{model.pk}/")

    assert response.json() == {
        "id": model.pk,
        "kind": "community_rehabilitation",
        "name": "PHCN",
        "area": "PV-1",
        "programme": programme.pk,
        "started_on": "2016-01-01",
        "ended_on": None,
        "implementing_agency": "Trạm Y tế",
        "description": "",
    }


def test_a_care_model_is_created_through_the_service(admin_api, commune):
    payload = {
        "kind": "foster_care",
        "name": "Nhận nuôi",
        "area": "PV-1",
        "started_on": "2018-01-01",
        "ended_on": "2017-01-01",
        "implementing_agency": "UBND xã",
    }

    refused = admin_api.post("/api/v1/care-models/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"ended_on": ["A care model cannot end before it starts."]}
    assert CareModel.objects.count() == 0

    payload["ended_on"] = None
    created = admin_api.post("/api/v1/care-models/", payload, format="json")
    assert created.status_code == 201
    assert CareModel.objects.get().area == commune


def test_care_models_filter_by_kind_area_and_programme(admin_api, commune):
    other = AreaFactory(code="PV-2", name="Xã Hai", level=AreaLevel.COMMUNE, parent=commune.parent)
    programme = ProgrammeFactory()
    wanted = CareModelFactory(area=commune, kind="foster_care", programme=programme)
    CareModelFactory(area=commune, kind="psychotherapy", programme=programme)
    CareModelFactory(area=other, kind="foster_care")

    def ids(**query):
        return [row["id"] for row in admin_api.get("/api/v1/care-models/", query).json()["results"]]

    assert ids(kind="foster_care", area="PV-1", programme=programme.pk) == [wanted.pk]
    assert len(ids(within="PV")) == 3
    assert admin_api.get("/api/v1/care-models/", {"kind": "orphanage"}).status_code == 400
    assert admin_api.get("/api/v1/care-models/", {"area": "NOPE"}).status_code == 400


def test_a_report_is_created_with_its_groups_and_its_total(admin_api, commune):
    model = CareModelFactory(area=commune)
    payload = {
        "care_model": model.pk,
        "period": "2020",
        "beneficiaries_female": 4,
        "beneficiaries_male": 6,
        "function_improved": 3,
        "state_budget_vnd": 12_000_000,
        "mobilised_vnd": 3_000_000,
        "groups": {"disability": 10, "abandoned": 1},
    }

    response = admin_api.post("/api/v1/care-model-reports/", payload, format="json")

    assert response.status_code == 201
    data = response.json()
    assert {k: data[k] for k in ("kind", "year", "beneficiaries_total", "groups")} == {
        "kind": "community_rehabilitation",
        "year": 2020,
        "beneficiaries_total": 10,
        "groups": {"abandoned": 1, "disability": 10},
    }
    assert (data["state_budget_vnd"], data["mobilised_vnd"], data["employed"]) == (
        12_000_000,
        3_000_000,
        None,
    )


def test_a_refused_report_is_a_400_with_the_message_and_nothing_saved(admin_api, commune):
    model = CareModelFactory(area=commune, name="PHCN")
    CareModelReportFactory(care_model=model, period="2020")
    payload = {
        "care_model": model.pk,
        "period": "2020",
        "beneficiaries_female": 1,
        "beneficiaries_male": 1,
        "groups": {"disability": 5},
    }

    response = admin_api.post("/api/v1/care-model-reports/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "period": [PERIOD_ALREADY_REPORTED % {"model": "PHCN", "period": "2020"}]
    }
    payload["period"] = "2019"
    response = admin_api.post("/api/v1/care-model-reports/", payload, format="json")
    assert response.json() == {
        "groups": [
            GROUP_OVER_REACHED % {"group": "d. With disabilities", "children": 5, "total": 2}
        ]
    }
    assert CareModelReport.objects.count() == 1


def test_a_report_is_updated_and_deleted_through_the_service(admin_api, commune):
    report = CareModelReportFactory(care_model=CareModelFactory(area=commune))
    url = f"/api/v1/care-model-reports/{report.pk}/"

    response = admin_api.patch(url, {"beneficiaries_male": 10}, format="json")
    assert response.status_code == 200
    assert response.json()["beneficiaries_total"] == 14

    moved = admin_api.patch(url, {"care_model": CareModelFactory(area=commune).pk}, format="json")
    assert moved.status_code == 400

    assert admin_api.delete(url).status_code == 204
    assert CareModelReport.objects.count() == 0


def test_reports_filter_by_care_model_period_and_kind(admin_api, commune):
    rehab = CareModelFactory(area=commune)
    foster = CareModelFactory(area=commune, kind="foster_care")
    wanted = CareModelReportFactory(care_model=rehab, period="2019")
    CareModelReportFactory(care_model=rehab, period="2020")
    CareModelReportFactory(care_model=foster, period="2019")

    def ids(**query):
        response = admin_api.get("/api/v1/care-model-reports/", query)
        return [row["id"] for row in response.json()["results"]]

    assert ids(care_model=rehab.pk, period="2019") == [wanted.pk]
    assert ids(kind="community_rehabilitation", year=2019) == [wanted.pk]
    assert len(ids(within="PV", period="2019")) == 2
    assert admin_api.get("/api/v1/care-model-reports/", {"period": "2019H"}).status_code == 400


def test_contributions_and_partners(admin_api, commune):
    model = CareModelFactory(area=commune)
    partner_response = admin_api.post(
        "/api/v1/partners/", {"name": "Hội Chữ thập đỏ", "kind": "association"}, format="json"
    )
    assert partner_response.status_code == 201
    partner = partner_response.json()["id"]

    refused = admin_api.post(
        "/api/v1/contributions/",
        {"partner": partner, "care_model": model.pk, "date": "2020-05-01"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "cash_vnd": ["Give an amount of cash or describe what was given in kind."]
    }

    created = admin_api.post(
        "/api/v1/contributions/",
        {"partner": partner, "care_model": model.pk, "date": "2020-05-01", "cash_vnd": 5_000_000},
        format="json",
    )
    assert created.status_code == 201
    assert Contribution.objects.get().cash_vnd == 5_000_000
    rows = admin_api.get("/api/v1/contributions/", {"partner_kind": "association"}).json()
    assert rows["count"] == 1


def test_the_summary_gives_every_kind_for_the_year_and_area(admin_api, commune):
    elsewhere = AreaFactory(code="ELSE", name="Tỉnh khác")
    rehab = CareModelFactory(area=commune)
    CareModelFactory(area=commune, started_on=datetime.date(2021, 1, 1))  # not yet running
    CareModelReportFactory(
        care_model=rehab,
        period="2020S1",
        beneficiaries_female=2,
        beneficiaries_male=3,
        function_improved=1,
        state_budget_vnd=7,
        mobilised_vnd=1,
    )
    CareModelReportFactory(
        care_model=rehab,
        period="2020S2",
        beneficiaries_female=1,
        beneficiaries_male=1,
        function_improved=None,
        state_budget_vnd=3,
        mobilised_vnd=2,
    )
    CareModelReportFactory(care_model=CareModelFactory(area=elsewhere), period="2020")
    ContributionFactory(care_model=rehab, cash_vnd=4, date=datetime.date(2020, 3, 1))

    response = admin_api.get("/api/v1/care-models/summary/", {"year": 2020, "area": "PV"})

    assert response.status_code == 200
    data = response.json()
    assert (data["year"], data["area"]) == (2020, "PV")
    assert [k["kind"] for k in data["kinds"]] == [
        "community_rehabilitation",
        "foster_care",
        "vocational_training",
        "psychotherapy",
        "other",
    ]
    assert data["kinds"][0] == {
        "kind": "community_rehabilitation",
        "models_running": 1,
        "reports": 2,
        "beneficiaries_female": 3,
        "beneficiaries_male": 4,
        "beneficiaries_total": 7,
        "state_budget_vnd": 10,
        "mobilised_vnd": 3,
        "contributions_vnd": 4,
        "outcomes": {"function_improved": 1},
    }
    assert data["kinds"][1]["models_running"] == 0
    whole = admin_api.get("/api/v1/care-models/summary/", {"year": 2020}).json()
    assert whole["area"] is None
    assert whole["kinds"][0]["beneficiaries_total"] == 17


@pytest.mark.parametrize(
    ("query", "field"),
    [({}, "year"), ({"year": "twenty"}, "year"), ({"year": 2020, "area": "NOPE"}, "area")],
)
def test_a_bad_summary_query_is_a_400(admin_api, query, field):
    response = admin_api.get("/api/v1/care-models/summary/", query)

    assert response.status_code == 400
    assert field in response.json()


def test_the_summary_runs_a_fixed_number_of_queries(admin_api, commune, django_assert_num_queries):
    CareModelReportFactory(care_model=CareModelFactory(area=commune))
    with django_assert_num_queries(4):  # the area, models, reports, contributions
        admin_api.get("/api/v1/care-models/summary/", {"year": 2020, "area": "PV"})
    for _ in range(30):
        model = CareModelFactory(area=commune)
        CareModelReportFactory(care_model=model)
        ContributionFactory(care_model=model)
    with django_assert_num_queries(4):
        admin_api.get("/api/v1/care-models/summary/", {"year": 2020, "area": "PV"})


# Query counts: a list costs the same for 1 row and for 100.

LIST_FACTORIES = {
    "/api/v1/care-models/": lambda n: CareModelFactory.create_batch(n),
    "/api/v1/care-model-reports/": lambda n: [
        CareModelReportFactory(care_model__area=AreaFactory()).groups.create(
            group="disability", children=1
        )
        for _ in range(n)
    ],
    "/api/v1/partners/": lambda n: PartnerFactory.create_batch(n, area=AreaFactory()),
    "/api/v1/contributions/": lambda n: ContributionFactory.create_batch(n),
}
LIST_QUERIES = {"/api/v1/care-model-reports/": 3}  # the page, its count and the groups


@pytest.mark.parametrize("route", LIST_FACTORIES)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_a_list_runs_the_same_queries_for_1_and_for_100_rows(
    admin_api, django_assert_max_num_queries, route, format_
):
    queries = LIST_QUERIES.get(route, 2)
    LIST_FACTORIES[route](1)
    with django_assert_max_num_queries(queries):
        body(admin_api.get(route, {"format": format_, "page_size": 1000}))

    LIST_FACTORIES[route](99)
    with django_assert_max_num_queries(queries):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        rows = body(response)
    assert response.status_code == 200
    assert len(rows) > 1000


def test_reports_answer_csv_with_their_groups(admin_api, commune):
    report = CareModelReportFactory(care_model=CareModelFactory(area=commune, name="PHCN"))
    report.groups.create(group="disability", children=10)

    response = admin_api.get("/api/v1/care-model-reports/", {"format": "csv"})

    text = body(response).decode("utf-8-sig").splitlines()
    assert text[0].startswith("id,care_model,kind,period,year,beneficiaries_female")
    assert "community_rehabilitation,2020,2020,4,6,10" in text[1]


def test_a_care_model_with_reports_cannot_be_deleted(admin_api, commune):
    model = CareModelFactory(area=commune)
    CareModelReportFactory(care_model=model)

    response = admin_api.delete(f"/api/v1/care-models/{model.pk}/")

    assert response.status_code == 409
    assert CareModel.objects.count() == 1
