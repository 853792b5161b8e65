"""API v1 for figures: listing, filtering, creating, changing and deleting one at a time."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from indicators.models import (
    FIGURE_EXISTS,
    Measurement,
    MeasurementStatus,
    Sex,
    Unit,
)
from indicators.serializers import FIGURE_KEY_FIXED, MeasurementSerializer
from indicators.services import (
    PERCENT_OVER_100,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
)
from programmes.roles import DATA_ENTRY
from programmes.services import role_grant
from tests.api_support import api_client, user_with_permissions
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    UserFactory,
)
from tests.indicators.api_rows import figure_row, locked_message

pytestmark = pytest.mark.django_db


# Figures


def test_figures_are_listed_with_their_year_and_area_code(admin_api, indicator):
    figure = MeasurementFactory(
        indicator=indicator,
        period="2020S1",
        value=Decimal("32.9000"),
        numerator=Decimal("329"),
        denominator=Decimal("1000"),
        note="Báo cáo 6 tháng",
    )

    response = admin_api.get("/api/v1/measurements/")

    assert response.json()["results"] == [
        {
            "id": figure.pk,
            "indicator": indicator.pk,
            "area": "35",
            "period": "2020S1",
            "year": 2020,
            "sex": "total",
            "value": "32.9",
            "numerator": "329",
            "denominator": "1000",
            "status": "draft",
            "note": "Báo cáo 6 tháng",
            "version": 1,
        }
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"value": Decimal("32.9000"), "numerator": Decimal("329"), "denominator": Decimal("1000")},
        {"value": Decimal("100.0000"), "period": "2020S2", "sex": Sex.FEMALE, "note": "x\ty"},
        {"value": Decimal("0.0001"), "status": MeasurementStatus.APPROVED, "version": 7},
        {"value": Decimal("1234567890123456.5000"), "unit": Unit.VND},
    ],
)
def test_a_figure_reads_as_its_declared_fields_write_it(indicator, fields):
    if "unit" in fields:
        indicator = IndicatorFactory(unit=fields.pop("unit"))
    figure = MeasurementFactory(indicator=indicator, **fields)
    figure = Measurement.objects.select_related("area").get(pk=figure.pk)
    serializer = MeasurementSerializer()
    by_fields = {
        name: field.to_representation(field.get_attribute(figure))
        for name, field in serializer.fields.items()
    }

    assert serializer.to_representation(figure) == by_fields
    row = (
        Measurement.objects.annotate(area_code=F("area__code"))
        .values_list(*MeasurementSerializer.row_columns, "area_code", named=True)
        .get(pk=figure.pk)
    )
    assert serializer.to_representation(row) == by_fields


def test_figures_filter_by_every_field_of_the_contract(admin_api, indicator):
    MeasurementFactory(indicator=indicator, period="2019", sex=Sex.FEMALE)
    MeasurementFactory(indicator=indicator, period="2020S1", status=MeasurementStatus.APPROVED)
    other = MeasurementFactory(area=AreaFactory(code="36"), period="2018")

    def periods(query):
        results = admin_api.get("/api/v1/measurements/", query).json()["results"]
        return [(m["period"], m["sex"]) for m in results]

    assert periods({"indicator": indicator.pk}) == [("2019", "female"), ("2020S1", "total")]
    assert periods({"area": "36"}) == [("2018", "total")]
    assert periods({"period": "2020S1"}) == [("2020S1", "total")]
    assert periods({"year": 2020}) == [("2020S1", "total")]
    assert periods({"sex": "female"}) == [("2019", "female")]
    assert periods({"status": "approved"}) == [("2020S1", "total")]
    assert periods({"phase": other.indicator.phase_id}) == [("2018", "total")]


COUNTED_QUERIES = [
    {},
    {"page": 2, "page_size": 2},
    {"phase": "own"},
    {"phase": "own", "year": 2020},
    {"indicator": "own", "sex": "female"},
    {"status": "approved"},
    {"period": "2020S1"},
    {"year": 2017},
]


def count_queries_on_figures(queries) -> list[str]:
    return [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "indicators_measurement" in q["sql"]
    ]


@pytest.mark.parametrize("query", COUNTED_QUERIES)
def test_a_figure_list_filtered_without_area_is_counted_from_the_summary(
    admin_api, indicator, query, django_assert_max_num_queries
):
    MeasurementFactory(indicator=indicator, period="2019", sex=Sex.FEMALE)
    MeasurementFactory(indicator=indicator, period="2020S1", status=MeasurementStatus.APPROVED)
    MeasurementFactory(indicator=indicator, period="2020", status=MeasurementStatus.APPROVED)
    MeasurementFactory(indicator=indicator, period="2020", sex=Sex.FEMALE)
    MeasurementFactory(area=AreaFactory(code="36"), period="2018")
    query = {k: indicator.pk if v == "own" else v for k, v in query.items()}
    if "phase" in query:
        query["phase"] = indicator.phase_id
    expected = Measurement.objects.all()
    for name, value in query.items():
        if name not in ("page", "page_size"):
            field = "indicator__phase_id" if name == "phase" else name
            expected = expected.filter(**{field: value})

    with CaptureQueriesContext(connection) as captured:
        response = admin_api.get("/api/v1/measurements/", query)

    assert response.json()["count"] == expected.count()
    assert count_queries_on_figures(captured.captured_queries) == []
    assert len(captured.captured_queries) <= 3  # the count, the page, the area codes


def test_a_figure_list_by_area_or_for_a_bounded_user_counts_the_figures(indicator):
    commune = AreaFactory(code="36", parent=indicator.phase.programme.area)
    MeasurementFactory(indicator=indicator, period="2019")
    MeasurementFactory(indicator=indicator, area=commune, period="2019")
    MeasurementFactory(indicator=indicator, area=commune, period="2020")
    officer, _created = role_grant(username="officer", role=DATA_ENTRY, area_codes=["36"])

    for client, query, expected in (
        (api_client(UserFactory(username="root", is_superuser=True)), {"area": "36"}, 2),
        (api_client(officer), {}, 2),
        (api_client(officer), {"period": "2019"}, 1),
    ):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/measurements/", query)
        assert response.json()["count"] == expected
        assert len(response.json()["results"]) == expected
        assert len(count_queries_on_figures(captured.captured_queries)) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sex": "unknown"}, "sex"),
        ({"area": "NOPE"}, "area"),
        ({"status": "lost"}, "status"),
        ({"period": "2020H1"}, "period"),
        ({"year": "2020.5"}, "year"),
        ({"indicator": 999}, "indicator"),
        ({"phase": "x"}, "phase"),
    ],
)
def test_unknown_figure_filter_values_are_a_400(admin_api, query, field):
    response = admin_api.get("/api/v1/measurements/", query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_figure_is_created_through_the_service(admin_api, superuser, indicator):
    response = admin_api.post(
        "/api/v1/measurements/",
        {
            "indicator": indicator.pk,
            "area": "35",
            "period": "2020",
            "sex": "female",
            "numerator": "329",
            "denominator": "1000",
            "status": "approved",
        },
        format="json",
    )

    assert response.status_code == 201
    figure = Measurement.objects.get()
    assert response.json() == {
        "id": figure.pk,
        "indicator": indicator.pk,
        "area": "35",
        "period": "2020",
        "year": 2020,
        "sex": "female",
        "value": "32.9",
        "numerator": "329",
        "denominator": "1000",
        "status": "draft",
        "note": "",
        "version": 1,
    }
    assert figure.created_by == superuser


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"period": "2021"},
            lambda: {
                "period": [
                    str(
                        PERIOD_OUTSIDE_PHASE
                        % {"period": "2021", "phase": "2016–2020", "start": 2016, "end": 2020}
                    )
                ]
            },
        ),
        ({"value": "101"}, lambda: {"value": [str(PERCENT_OVER_100)]}),
        ({"value": "abc"}, lambda: {"value": ["A valid number is required."]}),
        ({"area": "NOPE"}, lambda: {"area": ["Object with code=NOPE does not exist."]}),
        ({"indicator": 999}, lambda: {"indicator": ['Invalid pk "999" - object does not exist.']}),
        ({"sex": "other"}, lambda: {"sex": ['"other" is not a valid choice.']}),
    ],
)
def test_a_bad_figure_is_a_400_and_writes_nothing(admin_api, indicator, fields, errors):
    response = admin_api.post(
        "/api/v1/measurements/", figure_row(indicator, **fields), format="json"
    )

    assert response.status_code == 400
    assert response.json() == errors()
    assert not Measurement.objects.exists()


def test_a_total_must_equal_female_plus_male(admin_api, indicator):
    indicator.unit = Unit.COUNT
    indicator.save()
    MeasurementFactory(indicator=indicator, sex=Sex.FEMALE, value=Decimal("10"))
    MeasurementFactory(indicator=indicator, sex=Sex.MALE, value=Decimal("20"))

    response = admin_api.post(
        "/api/v1/measurements/", figure_row(indicator, value="31"), format="json"
    )

    assert response.status_code == 400
    message = SEX_SUM_MISMATCH % {
        "total": "31",
        "female": "10",
        "male": "20",
        "area": "Tỉnh Minh Hòa",
        "period": "2020",
    }
    assert response.json() == {"sex": [str(message)]}
    assert Measurement.objects.count() == 2


def test_a_duplicate_figure_is_a_400(admin_api, indicator):
    MeasurementFactory(indicator=indicator)

    response = admin_api.post("/api/v1/measurements/", figure_row(indicator), format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(FIGURE_EXISTS)]}


def test_a_figure_is_changed_and_its_value_follows_a_new_ratio(admin_api, indicator):
    figure = MeasurementFactory(
        indicator=indicator, value=Decimal("30"), numerator=Decimal("3"), denominator=Decimal("10")
    )

    response = admin_api.patch(
        f"/api/v1/measurements/{figure.pk}/",
        {"numerator": "329", "denominator": "1000", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["value"] == "32.9"
    figure.refresh_from_db()
    assert (figure.value, figure.numerator) == (Decimal("32.9"), Decimal("329"))


def test_the_key_and_status_of_a_figure_do_not_change_through_the_api(admin_api, indicator):
    figure = MeasurementFactory(indicator=indicator, period="2019")

    moved = admin_api.patch(f"/api/v1/measurements/{figure.pk}/", {"period": "2020"}, format="json")
    approved = admin_api.patch(
        f"/api/v1/measurements/{figure.pk}/", {"status": "approved", "version": 1}, format="json"
    )

    assert moved.status_code == 400
    assert moved.json() == {"period": [str(FIGURE_KEY_FIXED)]}
    assert approved.status_code == 200
    figure.refresh_from_db()
    assert (figure.period, figure.status) == ("2019", "draft")


def test_an_approved_figure_cannot_be_changed_through_the_api(admin_api, indicator):
    figure = MeasurementFactory(indicator=indicator, status=MeasurementStatus.APPROVED)

    patched = admin_api.patch(f"/api/v1/measurements/{figure.pk}/", {"value": "50"}, format="json")
    put = admin_api.put(
        f"/api/v1/measurements/{figure.pk}/", figure_row(indicator, value="50"), format="json"
    )
    deleted = admin_api.delete(f"/api/v1/measurements/{figure.pk}/")

    message = locked_message("Tỉnh Minh Hòa", "2020", "total")
    for response in (patched, put, deleted):
        assert response.status_code == 409
        assert response.json() == {"detail": message}
    figure.refresh_from_db()
    assert figure.value == Decimal("10")


def test_a_draft_figure_is_deleted(admin_api, indicator):
    figure = MeasurementFactory(indicator=indicator)

    assert admin_api.delete(f"/api/v1/measurements/{figure.pk}/").status_code == 204
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_changing_figures_needs_the_model_permission(method, indicator):
    figure = MeasurementFactory(indicator=indicator, period="2019")
    client = api_client(UserFactory(username="viewer"))
    route = "/api/v1/measurements/" if method == "post" else f"/api/v1/measurements/{figure.pk}/"

    response = getattr(client, method)(route, figure_row(indicator, value="50"), format="json")

    assert response.status_code == 403
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("10")]


def test_the_change_permission_lets_a_user_change_a_figure(indicator):
    figure = MeasurementFactory(indicator=indicator)
    client = api_client(user_with_permissions("change_measurement"))

    response = client.patch(
        f"/api/v1/measurements/{figure.pk}/", {"value": "50", "version": 1}, format="json"
    )

    assert response.status_code == 200
