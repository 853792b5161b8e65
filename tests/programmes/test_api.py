"""API v1 for areas, programmes, phases and objectives; and what every endpoint shares:
authentication, permissions, pagination, CSV, the schema and the docs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.api import PAGE_SIZE_INVALID, RECORD_IN_USE
from programmes.models import Area, AreaLevel, Objective, Phase, Programme
from programmes.roles import VIEWER
from tests.api_support import api_client, body, user_with_permissions
from tests.factories import (
    AreaFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Every route of API v1 and the methods it answers; "{id}" is any id.
ROUTES = {
    "/api/v1/": ["get"],
    "/api/v1/schema/": ["get"],
    "/api/v1/docs/": ["get"],
    "/api/v1/areas/": ["get", "post"],
    "/api/v1/areas/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/programmes/": ["get", "post"],
    "/api/v1/programmes/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/phases/": ["get", "post"],
    "/api/v1/phases/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/phases/{id}/scorecard/": ["get"],
    "/api/v1/objectives/": ["get", "post"],
    "/api/v1/objectives/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/indicators/": ["get", "post"],
    "/api/v1/indicators/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/indicators/{id}/progress/": ["get"],
    "/api/v1/targets/": ["get", "post"],
    "/api/v1/targets/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/measurements/": ["get", "post"],
    "/api/v1/measurements/{id}/": ["get", "put", "patch", "delete"],
    "/api/v1/measurements/bulk/": ["post"],
}


@pytest.fixture
def admin_api(superuser) -> APIClient:
    return api_client(superuser)


@pytest.fixture
def reader() -> APIClient:
    """Signed in as a viewer: may read everything, holds no write permission."""
    user = UserFactory(username="reader")
    user.groups.add(Group.objects.get(name=VIEWER))
    return api_client(user)


@pytest.mark.parametrize(
    ("route", "method"),
    [(route, method) for route, methods in ROUTES.items() for method in methods],
)
def test_anonymous_requests_get_401_everywhere(route, method):
    area = AreaFactory()
    response = getattr(APIClient(), method)(route.format(id=area.pk), {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"' or response[
        "WWW-Authenticate"
    ].startswith("Token")


def test_a_token_authenticates(superuser):
    token = Token.objects.create(user=superuser)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get("/api/v1/areas/").status_code == 200
    assert client.get("/api/v1/schema/").status_code == 200


def test_a_wrong_token_gets_401():
    client = APIClient(HTTP_AUTHORIZATION="Token not-a-token")

    assert client.get("/api/v1/areas/").status_code == 401


def test_the_admin_session_authenticates(admin_client):
    assert admin_client.get("/api/v1/areas/").status_code == 200


def test_the_root_lists_every_resource(admin_api):
    response = admin_api.get("/api/v1/")

    assert sorted(response.json()) == [
        "areas",
        "award-decisions",
        "award-forms",
        "care-model-reports",
        "care-models",
        "commendations",
        "contributions",
        "indicators",
        "jobs",
        "measurements",
        "objectives",
        "partners",
        "phases",
        "programmes",
        "review-reports",
        "targets",
        "validation-rules",
    ]


# Areas


def test_areas_are_listed_with_their_parent_code(admin_api):
    province = AreaFactory(code="35", name="Tỉnh Minh Hòa")
    district = AreaFactory(
        code="347",
        name="Thành phố Phủ Lý",
        level=AreaLevel.DISTRICT,
        parent=province,
        valid_to=datetime.date(2025, 6, 30),
    )

    response = admin_api.get("/api/v1/areas/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": province.pk,
                "code": "35",
                "official_code": "",
                "kind": "",
                "name": "Tỉnh Minh Hòa",
                "level": "province",
                "parent": None,
                "valid_from": "2000-01-01",
                "valid_to": None,
                "predecessors": [],
                "successors": [],
            },
            {
                "id": district.pk,
                "code": "347",
                "official_code": "",
                "kind": "",
                "name": "Thành phố Phủ Lý",
                "level": "district",
                "parent": "35",
                "valid_from": "2000-01-01",
                "valid_to": "2025-06-30",
                "predecessors": [],
                "successors": [],
            },
        ],
    }


def test_areas_filter_by_level_and_parent_code(admin_api):
    province = AreaFactory(code="35")
    district = AreaFactory(code="347", level=AreaLevel.DISTRICT, parent=province)
    AreaFactory(code="13", level=AreaLevel.COMMUNE, parent=district)

    by_level = admin_api.get("/api/v1/areas/", {"level": "district"}).json()
    by_parent = admin_api.get("/api/v1/areas/", {"parent": "347"}).json()

    assert [a["code"] for a in by_level["results"]] == ["347"]
    assert [a["code"] for a in by_parent["results"]] == ["13"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"level": "village"}, "level"), ({"parent": "NOPE"}, "parent")],
)
def test_unknown_area_filter_values_are_a_400(admin_api, query, field):
    response = admin_api.get("/api/v1/areas/", query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_an_area_is_created_with_its_parent_code(admin_api):
    AreaFactory(code="35")

    response = admin_api.post(
        "/api/v1/areas/",
        {"code": "347", "name": "Thành phố Phủ Lý", "level": "district", "parent": "35"},
        format="json",
    )

    assert response.status_code == 201
    area = Area.objects.get(code="347")
    assert response.json() == {
        "id": area.pk,
        "code": "347",
        "official_code": "",
        "kind": "",
        "name": "Thành phố Phủ Lý",
        "level": "district",
        "parent": "35",
        "valid_from": None,
        "valid_to": None,
        "predecessors": [],
        "successors": [],
    }
    assert area.path == f"{area.parent.path}{area.pk}/"


def test_an_area_cannot_end_before_it_starts(admin_api):
    response = admin_api.post(
        "/api/v1/areas/",
        {
            "code": "347",
            "name": "Phủ Lý",
            "level": "district",
            "valid_from": "2020-01-01",
            "valid_to": "2019-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"valid_to": ["An area cannot end before it starts."]}
    assert not Area.objects.exists()


def test_an_area_moved_by_the_api_takes_the_areas_below_it_along(admin_api):
    first, second = AreaFactory(code="35"), AreaFactory(code="36")
    district = AreaFactory(code="347", level=AreaLevel.DISTRICT, parent=first)
    commune = AreaFactory(code="13", level=AreaLevel.COMMUNE, parent=district)

    response = admin_api.patch(f"/api/v1/areas/{district.pk}/", {"parent": "36"}, format="json")

    assert response.status_code == 200
    assert response.json()["parent"] == "36"
    commune.refresh_from_db()
    assert commune.path == f"/{second.pk}/{district.pk}/{commune.pk}/"


def test_an_area_cannot_be_moved_inside_itself(admin_api):
    province = AreaFactory(code="35")
    AreaFactory(code="347", level=AreaLevel.DISTRICT, parent=province)

    response = admin_api.patch(f"/api/v1/areas/{province.pk}/", {"parent": "347"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"parent": ["An area cannot sit inside itself."]}
    province.refresh_from_db()
    assert province.parent is None


def test_an_unknown_parent_code_is_a_400(admin_api):
    response = admin_api.post(
        "/api/v1/areas/",
        {"code": "347", "name": "Phủ Lý", "level": "district", "parent": "NOPE"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"parent": ["Object with code=NOPE does not exist."]}


def test_an_area_in_use_cannot_be_deleted(admin_api):
    programme = ProgrammeFactory()

    response = admin_api.delete(f"/api/v1/areas/{programme.area_id}/")

    assert response.status_code == 409
    assert response.json() == {"detail": str(RECORD_IN_USE)}
    assert Area.objects.filter(pk=programme.area_id).exists()


def test_an_unused_area_is_deleted(admin_api):
    area = AreaFactory()

    assert admin_api.delete(f"/api/v1/areas/{area.pk}/").status_code == 204
    assert not Area.objects.exists()


def test_an_unknown_id_is_a_404(admin_api):
    assert admin_api.get("/api/v1/areas/999/").status_code == 404
    assert admin_api.get("/api/v1/areas/abc/").status_code == 404


# Programmes


def test_programmes_are_listed_with_their_area_code_and_filtered_by_sector(admin_api):
    programme = ProgrammeFactory(code="BDG", area=AreaFactory(code="35"))
    ProgrammeFactory(sector="child_protection")

    response = admin_api.get("/api/v1/programmes/", {"sector": "gender_equality"})

    assert response.json()["results"] == [
        {
            "id": programme.pk,
            "code": "BDG",
            "name": programme.name,
            "sector": "gender_equality",
            "area": "35",
            "legal_basis": "Quyết định 2351/QĐ-TTg",
            "description": "",
        }
    ]
    assert admin_api.get("/api/v1/programmes/", {"sector": "nope"}).status_code == 400


def test_a_programme_is_created_and_changed_by_area_code(admin_api):
    AreaFactory(code="35")
    AreaFactory(code="36")

    created = admin_api.post(
        "/api/v1/programmes/",
        {"code": "BDG", "name": "Bình đẳng giới", "sector": "gender_equality", "area": "35"},
        format="json",
    )
    changed = admin_api.patch(
        f"/api/v1/programmes/{created.json()['id']}/", {"area": "36"}, format="json"
    )

    assert created.status_code == 201
    assert changed.status_code == 200
    assert changed.json()["area"] == "36"
    assert Programme.objects.get().area.code == "36"


def test_a_duplicate_programme_code_is_a_400(admin_api):
    ProgrammeFactory(code="BDG", area=AreaFactory(code="35"))

    response = admin_api.post(
        "/api/v1/programmes/",
        {"code": "BDG", "name": "Khác", "sector": "other", "area": "35"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"code": ["programme with this code already exists."]}
    assert Programme.objects.count() == 1


# Phases and objectives


def test_phases_are_listed_and_filtered_by_programme(admin_api):
    earlier = PhaseFactory(start_year=2011, end_year=2015)
    phase = PhaseFactory(programme=earlier.programme, previous=earlier)
    PhaseFactory()

    response = admin_api.get("/api/v1/phases/", {"programme": earlier.programme_id})

    assert response.json()["results"] == [
        {
            "id": earlier.pk,
            "programme": earlier.programme_id,
            "name": "2011–2015",
            "start_year": 2011,
            "end_year": 2015,
            "previous": None,
            "plan_status": "draft",
        },
        {
            "id": phase.pk,
            "programme": earlier.programme_id,
            "name": "2016–2020",
            "start_year": 2016,
            "end_year": 2020,
            "previous": earlier.pk,
            "plan_status": "draft",
        },
    ]
    assert admin_api.get("/api/v1/phases/", {"programme": 999}).status_code == 400


@pytest.mark.parametrize(
    ("years", "errors"),
    [
        ((2020, 2016), {"end_year": ["A phase cannot end before it starts."]}),
        ((1900, 2020), {"start_year": ["Ensure this value is greater than or equal to 1945."]}),
        (("twenty", 2020), {"start_year": ["A valid integer is required."]}),
    ],
)
def test_a_phase_with_bad_years_is_a_400(admin_api, years, errors):
    programme = ProgrammeFactory()

    response = admin_api.post(
        "/api/v1/phases/",
        {"programme": programme.pk, "name": "x", "start_year": years[0], "end_year": years[1]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == errors
    assert not Phase.objects.exists()


def test_a_phase_continues_only_an_earlier_phase_of_its_programme(admin_api):
    other = PhaseFactory(start_year=2011, end_year=2015)
    programme = ProgrammeFactory()

    response = admin_api.post(
        "/api/v1/phases/",
        {
            "programme": programme.pk,
            "name": "2016–2020",
            "start_year": 2016,
            "end_year": 2020,
            "previous": other.pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "previous": ["The previous phase must belong to the same programme."]
    }


def test_objectives_are_listed_filtered_and_numbered_once_per_phase(admin_api):
    objective = ObjectiveFactory(number=1, title="Giảm bạo lực giới")
    ObjectiveFactory()

    listed = admin_api.get("/api/v1/objectives/", {"phase": objective.phase_id}).json()
    duplicate = admin_api.post(
        "/api/v1/objectives/",
        {"phase": objective.phase_id, "number": 1, "title": "Khác"},
        format="json",
    )

    assert listed["results"] == [
        {"id": objective.pk, "phase": objective.phase_id, "number": 1, "title": "Giảm bạo lực giới"}
    ]
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "non_field_errors": ["The fields phase, number must make a unique set."]
    }
    assert Objective.objects.count() == 2


# Permissions


def test_a_viewer_reads(reader):
    AreaFactory()

    assert reader.get("/api/v1/areas/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_needs_the_model_permission(reader, method):
    area = AreaFactory(code="35")
    route = "/api/v1/areas/" if method == "post" else f"/api/v1/areas/{area.pk}/"

    response = getattr(reader, method)(
        route, {"code": "36", "name": "Khác", "level": "province"}, format="json"
    )

    assert response.status_code == 403
    assert list(Area.objects.values_list("code", flat=True)) == ["35"]


def test_the_add_permission_lets_a_user_create(db):
    client = api_client(user_with_permissions("add_area"))

    response = client.post(
        "/api/v1/areas/", {"code": "35", "name": "Minh Hòa", "level": "province"}, format="json"
    )

    assert response.status_code == 201


# Pagination


def test_lists_are_paginated_with_page_size(admin_api):
    AreaFactory.create_batch(5)

    response = admin_api.get("/api/v1/areas/", {"page_size": 2, "page": 2})

    payload = response.json()
    assert payload["count"] == 5
    assert len(payload["results"]) == 2
    assert payload["next"] == "http://testserver/api/v1/areas/?page=3&page_size=2"
    assert payload["previous"] == "http://testserver/api/v1/areas/?page_size=2"


@pytest.mark.parametrize("size", ["0", "1001", "-1", "ten", ""])
def test_a_page_size_out_of_range_is_a_400(admin_api, size):
    response = admin_api.get("/api/v1/areas/", {"page_size": size})

    assert response.status_code == 400
    assert response.json() == {"page_size": [str(PAGE_SIZE_INVALID % {"max": 1000})]}


def test_a_page_size_of_1000_is_accepted(admin_api):
    assert admin_api.get("/api/v1/areas/", {"page_size": 1000}).status_code == 200


def test_a_page_past_the_end_is_a_404(admin_api):
    assert admin_api.get("/api/v1/areas/", {"page": 9}).status_code == 404


# Query counts: a list costs the same for 1 row and for 100.

LIST_FACTORIES = {
    "/api/v1/areas/": lambda n: AreaFactory.create_batch(
        n, parent=AreaFactory(code="ROOT"), level=AreaLevel.DISTRICT
    ),
    "/api/v1/programmes/": lambda n: ProgrammeFactory.create_batch(n),
    "/api/v1/phases/": lambda n: PhaseFactory.create_batch(n),
    "/api/v1/objectives/": lambda n: ObjectiveFactory.create_batch(n),
}


# A page (or a CSV chunk) of areas also fetches their predecessors' and successors' codes.
LIST_QUERIES = {("/api/v1/areas/", "json"): 4, ("/api/v1/areas/", "csv"): 3}


@pytest.mark.parametrize("route", LIST_FACTORIES)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_a_list_runs_the_same_queries_for_1_and_for_100_rows(
    admin_api, django_assert_max_num_queries, route, format_
):
    queries = LIST_QUERIES.get((route, format_), 2)
    LIST_FACTORIES[route](1)
    with django_assert_max_num_queries(queries):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        body(response)

    LIST_FACTORIES[route](99)
    with django_assert_max_num_queries(queries):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        rows = body(response)
    assert response.status_code == 200
    assert len(rows) > 1000


# CSV


def test_a_list_answers_csv_in_utf8_with_a_bom(admin_api):
    AreaFactory(code="35", name="Tỉnh Minh Hòa")
    AreaFactory(code="36", name="Tỉnh Hà Nam", level=AreaLevel.DISTRICT)

    response = admin_api.get("/api/v1/areas/", {"format": "csv", "level": "province"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="areas.csv"'
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines() == [
        "id,code,official_code,kind,name,level,parent,valid_from,valid_to,predecessors,successors",
        f"{Area.objects.get(code='35').pk},35,,,Tỉnh Minh Hòa,province,,2000-01-01,,,",
    ]


def test_a_csv_list_holds_every_row_not_one_page(admin_api):
    AreaFactory.create_batch(150)

    response = admin_api.get("/api/v1/areas/", {"format": "csv"})

    assert len(body(response).decode("utf-8-sig").splitlines()) == 151


def test_a_bad_filter_with_csv_is_still_a_json_400(admin_api):
    response = admin_api.get("/api/v1/areas/", {"format": "csv", "level": "village"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["level"]


def test_csv_is_offered_on_lists_only(admin_api):
    area = AreaFactory()

    assert admin_api.get(f"/api/v1/areas/{area.pk}/", {"format": "csv"}).status_code == 404


# Schema and docs


def test_the_schema_is_openapi_3(admin_api):
    response = admin_api.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/measurements/bulk/" in response.json()["paths"]


def test_the_docs_load_only_assets_served_here(admin_api):
    response = admin_api.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "//cdn" not in html
    assert 'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"' in html
    script = admin_api.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
