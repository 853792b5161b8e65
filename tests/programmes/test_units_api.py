"""areas/ across the 2025 reform: official codes, kinds, successions and the date filter."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from programmes.models import Area, AreaKind, AreaLevel, AreaSuccession
from tests.api_support import api_client, body
from tests.factories import AreaFactory, AreaSuccessionFactory

pytestmark = pytest.mark.django_db

LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def admin_api(superuser):
    return api_client(superuser)


@pytest.fixture
def reform():
    """Two old communes of old province 15; the first split, its principal part is new C."""
    old = AreaFactory(code="VN63-15", official_code="15", kind=AreaKind.PROVINCE)
    Area.objects.filter(pk=old.pk).update(valid_from=None, valid_to=LAST_OLD_DAY)
    new = AreaFactory(code="VN34-15", official_code="15", kind=AreaKind.PROVINCE, valid_from=REFORM)
    a, b = (
        AreaFactory(
            code=f"VN63-0{n}",
            official_code=f"0{n}",
            level=AreaLevel.COMMUNE,
            kind=AreaKind.COMMUNE,
            parent=old,
            valid_from=None,
            valid_to=LAST_OLD_DAY,
        )
        for n in (1, 2)
    )
    c, d = (
        AreaFactory(
            code=f"VN34-0{n}",
            official_code=f"0{n}",
            level=AreaLevel.COMMUNE,
            kind=AreaKind.WARD,
            parent=new,
            valid_from=REFORM,
        )
        for n in (3, 4)
    )
    AreaSuccessionFactory(predecessor=old, successor=new)
    AreaSuccessionFactory(predecessor=a, successor=c)
    AreaSuccessionFactory(predecessor=a, successor=d, principal=False)
    AreaSuccessionFactory(predecessor=b, successor=c)
    return {area.code: area for area in (old, new, a, b, c, d)}


def test_an_area_gives_its_official_code_kind_and_successions_by_code(admin_api, reform):
    merged = admin_api.get(f"/api/v1/areas/{reform['VN34-03'].pk}/").json()
    split = admin_api.get(f"/api/v1/areas/{reform['VN63-01'].pk}/").json()

    assert merged == {
        "id": reform["VN34-03"].pk,
        "code": "VN34-03",
        "official_code": "03",
        "kind": "ward",
        "name": reform["VN34-03"].name,
        "level": "commune",
        "parent": "VN34-15",
        "valid_from": "2025-07-01",
        "valid_to": None,
        "predecessors": ["VN63-01", "VN63-02"],
        "successors": [],
    }
    assert (split["predecessors"], split["successors"]) == ([], ["VN34-03", "VN34-04"])


def test_official_code_finds_the_units_of_every_era_that_had_it(admin_api, reform):
    response = admin_api.get("/api/v1/areas/", {"official_code": "15"})

    assert [a["code"] for a in response.json()["results"]] == ["VN63-15", "VN34-15"]
    assert admin_api.get("/api/v1/areas/", {"official_code": "99"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        ("2025-06-30", ["VN63-15", "VN63-01", "VN63-02"]),
        ("2025-07-01", ["VN34-15", "VN34-03", "VN34-04"]),
    ],
)
def test_valid_on_gives_the_units_valid_that_day(admin_api, reform, day, codes):
    response = admin_api.get("/api/v1/areas/", {"valid_on": day})

    assert [a["code"] for a in response.json()["results"]] == codes


def test_a_malformed_valid_on_is_a_400(admin_api, reform):
    response = admin_api.get("/api/v1/areas/", {"valid_on": "30/06/2025"})

    assert response.status_code == 400
    assert response.json() == {"valid_on": ["Enter a valid date."]}


def test_successions_are_read_only_in_the_api(admin_api, reform):
    response = admin_api.patch(
        f"/api/v1/areas/{reform['VN34-04'].pk}/", {"predecessors": ["VN63-02"]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["predecessors"] == ["VN63-01"]
    assert AreaSuccession.objects.count() == 4


def test_a_kind_must_fit_the_level(admin_api):
    response = admin_api.post(
        "/api/v1/areas/",
        {"code": "X1", "name": "Phường Một", "level": "province", "kind": "ward"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This kind of unit does not sit at this level."]
    }
    assert not Area.objects.exists()


@pytest.mark.parametrize("format_", ["json", "csv"])
def test_the_list_with_successions_runs_the_same_queries_for_few_and_many(
    admin_api, django_assert_max_num_queries, reform, format_
):
    queries = {"json": 4, "csv": 3}[format_]
    with django_assert_max_num_queries(queries):
        few = body(admin_api.get("/api/v1/areas/", {"format": format_}))
    for n in range(20):
        old = AreaFactory(code=f"OLD{n}", valid_to=LAST_OLD_DAY)
        for m in range(3):
            AreaSuccessionFactory(
                predecessor=old,
                successor=AreaFactory(code=f"NEW{n}-{m}", valid_from=REFORM),
                principal=m == 0,
            )
    with django_assert_max_num_queries(queries):
        many = body(admin_api.get("/api/v1/areas/", {"format": format_, "page_size": 1000}))

    assert len(many) > 5 * len(few)


def test_the_csv_gives_successions_as_codes_separated_by_spaces(admin_api, reform):
    response = admin_api.get("/api/v1/areas/", {"format": "csv", "official_code": "01"})

    lines = body(response).decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",predecessors,successors")
    assert lines[1].endswith(",2025-06-30,,VN34-03 VN34-04")


# The rules successions keep


def test_a_unit_cannot_succeed_itself(reform):
    area = reform["VN34-03"]
    succession = AreaSuccession(predecessor=area, successor=area, date=REFORM)

    with pytest.raises(ValidationError) as error:
        succession.full_clean()
    assert error.value.messages == ["A unit cannot succeed itself."]
    with pytest.raises(IntegrityError), transaction.atomic():
        succession.save()
    assert AreaSuccession.objects.count() == 4


def test_a_succession_is_recorded_once(reform):
    duplicate = AreaSuccession(
        predecessor=reform["VN63-02"], successor=reform["VN34-03"], date=REFORM, principal=False
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["This succession is already recorded."]


def test_a_unit_has_one_principal_successor_on_a_date(reform):
    second = AreaSuccession(predecessor=reform["VN63-02"], successor=reform["VN34-04"], date=REFORM)

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.messages == [
        "A unit has one principal successor on a date; this one has another."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert not reform["VN63-02"].successors.filter(code="VN34-04").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps this check in the model only (see migration 0007)",
)
def test_the_database_refuses_a_kind_that_does_not_fit_the_level():
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory(code="X1", level=AreaLevel.PROVINCE, kind=AreaKind.WARD)
    assert not Area.objects.filter(code="X1").exists()
