"""API v1 for indicators, targets and figures, the bulk upsert, and the read models."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from indicators.api.bulk import (
    BULK_EMPTY,
    BULK_NOT_A_LIST,
    BULK_TOO_MANY,
)
from indicators.models import (
    FIGURE_EXISTS,
    INDICATOR_CODE_TAKEN,
    TARGET_EXISTS,
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
from indicators.serializers import FIGURE_KEY_FIXED, INDICATOR_MISSING, MeasurementSerializer
from indicators.services import (
    FIGURE_LOCKED,
    NO_SUCH_AREA,
    NO_SUCH_INDICATOR,
    NO_SUCH_INDICATOR_CODE,
    PERCENT_OVER_100,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
    YEAR_OUTSIDE_PHASE,
)
from programmes.models import AreaLevel
from programmes.roles import DATA_ENTRY
from programmes.services import role_grant
from tests.api_support import api_client, body, seed_like_story, user_with_permissions
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(superuser) -> APIClient:
    return api_client(superuser)


@pytest.fixture
def indicator() -> Indicator:
    """Indicator 2.2 (percent) of a 2016–2020 phase in province 35."""
    phase = PhaseFactory(programme__area=AreaFactory(code="35", name="Tỉnh Minh Hòa"))
    return IndicatorFactory(objective=ObjectiveFactory(phase=phase, number=2), code="2.2")


def figure_row(indicator, /, **fields) -> dict:
    return {"indicator": indicator.pk, "area": "35", "period": "2020", "value": "32.9", **fields}


def locked_message(area: str, period: str, sex: str) -> str:
    return str(FIGURE_LOCKED % {"area": area, "period": period, "sex": sex})


# Indicators


def test_indicators_are_listed_with_their_phase(admin_api, indicator):
    response = admin_api.get("/api/v1/indicators/")

    assert response.json()["results"] == [
        {
            "id": indicator.pk,
            "objective": indicator.objective_id,
            "phase": indicator.phase_id,
            "code": "2.2",
            "name": indicator.name,
            "unit": "percent",
            "direction": "increase",
            "accumulation": "stock",
            "previous": None,
            "definition": "",
            "data_source": "",
        }
    ]


def test_indicators_filter_by_phase_objective_and_unit(admin_api, indicator):
    IndicatorFactory(objective=indicator.objective, code="2.3", unit=Unit.COUNT)
    other = IndicatorFactory()

    def codes(query):
        return [i["code"] for i in admin_api.get("/api/v1/indicators/", query).json()["results"]]

    assert codes({"phase": indicator.phase_id}) == ["2.2", "2.3"]
    assert codes({"objective": other.objective_id}) == [other.code]
    assert codes({"unit": "count"}) == ["2.3"]
    for query in ({"unit": "litre"}, {"phase": 999}, {"objective": "x"}):
        assert admin_api.get("/api/v1/indicators/", query).status_code == 400


def test_an_indicator_takes_its_phase_from_its_objective(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/indicators/",
        {
            "objective": indicator.objective_id,
            "phase": 999,
            "code": "2.3",
            "name": "Tỷ lệ nữ chủ doanh nghiệp",
            "unit": "percent",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["phase"] == indicator.phase_id
    assert Indicator.objects.get(code="2.3").phase_id == indicator.phase_id


def test_an_indicator_code_is_unique_within_its_phase(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/indicators/",
        {"objective": indicator.objective_id, "code": "2.2", "name": "Lặp", "unit": "count"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(INDICATOR_CODE_TAKEN)]}
    assert Indicator.objects.count() == 1


# Targets


def test_targets_are_listed_with_their_area_code(admin_api, indicator):
    target = TargetFactory(indicator=indicator, value=Decimal("30"), source_text="từ 30% trở lên")

    response = admin_api.get("/api/v1/targets/")

    assert response.json()["results"] == [
        {
            "id": target.pk,
            "indicator": indicator.pk,
            "area": "35",
            "year": 2020,
            "comparator": "gte",
            "value": "30",
            "baseline_value": None,
            "baseline_year": None,
            "source_text": "từ 30% trở lên",
        }
    ]


def test_targets_filter_by_indicator_area_year_and_phase(admin_api, indicator):
    TargetFactory(indicator=indicator, year=2018)
    TargetFactory(indicator=indicator, year=2020)
    other = TargetFactory(area=AreaFactory(code="36"))

    def years(query):
        return [t["year"] for t in admin_api.get("/api/v1/targets/", query).json()["results"]]

    assert years({"indicator": indicator.pk}) == [2018, 2020]
    assert years({"area": "35", "year": 2020}) == [2020]
    assert years({"phase": other.indicator.phase_id}) == [other.year]
    for query in ({"area": "NOPE"}, {"year": "soon"}, {"year": 1800}, {"phase": 999}):
        assert admin_api.get("/api/v1/targets/", query).status_code == 400


def test_a_target_is_created_through_the_service(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/targets/",
        {
            "indicator": indicator.pk,
            "area": "35",
            "year": 2020,
            "comparator": "gte",
            "value": "30.0",
            "baseline_value": 25.2,
            "baseline_year": 2015,
        },
        format="json",
    )

    assert response.status_code == 201
    target = Target.objects.get()
    assert response.json() == {
        "id": target.pk,
        "indicator": indicator.pk,
        "area": "35",
        "year": 2020,
        "comparator": "gte",
        "value": "30",
        "baseline_value": "25.2",
        "baseline_year": 2015,
        "source_text": "",
    }


def test_a_target_outside_its_phase_is_a_400_and_writes_nothing(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/targets/",
        {"indicator": indicator.pk, "area": "35", "year": 2025, "comparator": "gte", "value": "30"},
        format="json",
    )

    assert response.status_code == 400
    message = YEAR_OUTSIDE_PHASE % {"year": 2025, "phase": "2016–2020", "start": 2016, "end": 2020}
    assert response.json() == {"year": [str(message)]}
    assert not Target.objects.exists()


def test_a_target_update_runs_the_same_rules(admin_api, indicator):
    target = TargetFactory(indicator=indicator, value=Decimal("30"))

    response = admin_api.patch(f"/api/v1/targets/{target.pk}/", {"value": "130"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"value": [str(PERCENT_OVER_100)]}
    target.refresh_from_db()
    assert target.value == Decimal("30")


def test_a_duplicate_target_is_a_400(admin_api, indicator):
    TargetFactory(indicator=indicator)

    response = admin_api.post(
        "/api/v1/targets/",
        {"indicator": indicator.pk, "area": "35", "year": 2020, "comparator": "gte", "value": "9"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(TARGET_EXISTS)]}


def test_a_target_is_deleted(admin_api, indicator):
    target = TargetFactory(indicator=indicator)

    assert admin_api.delete(f"/api/v1/targets/{target.pk}/").status_code == 204
    assert not Target.objects.exists()


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


# Bulk


def test_bulk_creates_updates_and_counts_unchanged(admin_api, indicator):
    MeasurementFactory(indicator=indicator, period="2019", value=Decimal("30"))
    MeasurementFactory(indicator=indicator, period="2018", value=Decimal("28"))
    rows = [
        figure_row(indicator, period="2020", value="32.9"),
        figure_row(indicator, period="2019", value="31"),
        {
            "indicator_code": "2.2",
            "phase": indicator.phase_id,
            "area": "35",
            "period": "2018",
            "value": "28.0",
        },
    ]

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 1, "dry_run": False}
    assert dict(Measurement.objects.values_list("period", "value")) == {
        "2018": Decimal("28"),
        "2019": Decimal("31"),
        "2020": Decimal("32.9"),
    }


def test_bulk_dry_run_counts_and_writes_nothing(admin_api, indicator):
    MeasurementFactory(indicator=indicator, period="2019", value=Decimal("30"))
    rows = [figure_row(indicator, period="2020"), figure_row(indicator, period="2019", value="31")]

    response = admin_api.post(
        "/api/v1/measurements/bulk/?dry_run=1", {"measurements": rows}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 0, "dry_run": True}
    assert list(Measurement.objects.values_list("period", "value")) == [("2019", Decimal("30"))]


def test_one_bad_row_among_1000_writes_nothing(admin_api, indicator):
    areas = AreaFactory.create_batch(1000, level=AreaLevel.COMMUNE)
    rows = [figure_row(indicator, area=area.code) for area in areas]
    rows[637]["value"] = "132"

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"index": 637, "field": "value", "message": str(PERCENT_OVER_100)}]
    }
    assert not Measurement.objects.exists()


def test_bulk_reports_every_bad_row_with_its_index_field_and_message(admin_api, indicator):
    rows = [
        figure_row(indicator),
        figure_row(indicator, period="2021"),
        figure_row(indicator, period="2019", area="NOPE"),
        figure_row(indicator, period="2018", indicator=999),
        {"indicator_code": "9.9", "phase": indicator.phase_id, "area": "35", "period": "2017"},
        {"area": "35", "period": "2016", "value": "1"},
        figure_row(indicator, period="2016", value="many", sex="both"),
        "not a row",
    ]

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 400
    outside = PERIOD_OUTSIDE_PHASE % {
        "period": "2021",
        "phase": "2016–2020",
        "start": 2016,
        "end": 2020,
    }
    assert response.json() == {
        "errors": [
            {"index": 1, "field": "period", "message": str(outside)},
            {"index": 2, "field": "area", "message": str(NO_SUCH_AREA % {"code": "NOPE"})},
            {"index": 3, "field": "indicator", "message": str(NO_SUCH_INDICATOR % {"id": 999})},
            {
                "index": 4,
                "field": "indicator_code",
                "message": str(
                    NO_SUCH_INDICATOR_CODE % {"code": "9.9", "phase": indicator.phase_id}
                ),
            },
            {"index": 5, "field": "indicator", "message": str(INDICATOR_MISSING)},
            {"index": 6, "field": "sex", "message": '"both" is not a valid choice.'},
            {"index": 6, "field": "value", "message": "A valid number is required."},
            {
                "index": 7,
                "field": "non_field_errors",
                "message": "Invalid data. Expected a dictionary, but got str.",
            },
        ]
    }
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, BULK_NOT_A_LIST),
        ({"measurements": {"a": 1}}, BULK_NOT_A_LIST),
        ([1, 2], BULK_NOT_A_LIST),
        ({"measurements": []}, BULK_EMPTY),
        ({"measurements": [{}] * 10_001}, lambda: BULK_TOO_MANY % {"max": 10_000}),
    ],
)
def test_a_bulk_body_of_the_wrong_shape_is_a_400(admin_api, payload, message):
    response = admin_api.post("/api/v1/measurements/bulk/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "index": None,
                "field": "measurements",
                "message": str(message() if callable(message) else message),
            }
        ]
    }


def test_malformed_json_is_a_400(admin_api):
    response = admin_api.post(
        "/api/v1/measurements/bulk/", '{"measurements": [', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_bad_dry_run_flag_is_a_400(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/measurements/bulk/?dry_run=perhaps",
        {"measurements": [figure_row(indicator)]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"index": None, "field": "dry_run", "message": "Must be a valid boolean."}]
    }
    assert not Measurement.objects.exists()


def test_bulk_refuses_to_touch_an_approved_figure(admin_api, indicator):
    MeasurementFactory(indicator=indicator, period="2019", status=MeasurementStatus.APPROVED)
    rows = [figure_row(indicator, period="2020"), figure_row(indicator, period="2019", value="1")]

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": locked_message("Tỉnh Minh Hòa", "2019", "total")}
    assert Measurement.objects.count() == 1


def test_bulk_needs_both_the_add_and_the_change_permission(indicator):
    adder = api_client(user_with_permissions("add_measurement", username="adder"))
    both = api_client(
        user_with_permissions("add_measurement", "change_measurement", username="both")
    )
    payload = {"measurements": [figure_row(indicator)]}

    assert adder.post("/api/v1/measurements/bulk/", payload, format="json").status_code == 403
    assert both.post("/api/v1/measurements/bulk/", payload, format="json").status_code == 200


def test_bulk_takes_10000_rows_in_one_request(admin_api, indicator):
    areas = AreaFactory.create_batch(2000, level=AreaLevel.COMMUNE)
    periods = ["2016", "2017", "2018", "2019", "2020"]
    rows = [
        {
            "indicator": indicator.pk,
            "area": area.code,
            "period": period,
            "value": "12.5",
            "note": "Số liệu xã",
        }
        for area in areas
        for period in periods
    ]
    payload = json.dumps({"measurements": rows})

    response = admin_api.post(
        "/api/v1/measurements/bulk/", payload, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {"created": 10_000, "updated": 0, "unchanged": 0, "dry_run": False}
    assert Measurement.objects.count() == 10_000


def test_bulk_resolves_rows_in_a_fixed_number_of_queries(
    admin_api, indicator, django_assert_max_num_queries
):
    areas = AreaFactory.create_batch(100, level=AreaLevel.COMMUNE)
    rows = [figure_row(indicator, area=area.code) for area in areas]

    with django_assert_max_num_queries(8):
        response = admin_api.post(
            "/api/v1/measurements/bulk/?dry_run=true", {"measurements": rows}, format="json"
        )
    assert response.json()["created"] == 100


# CSV


def test_figures_answer_csv_with_the_same_filters(admin_api, indicator):
    MeasurementFactory(indicator=indicator, period="2019", note="Ghi chú: đã rà soát")
    MeasurementFactory(indicator=indicator, period="2020", sex=Sex.FEMALE)

    response = admin_api.get("/api/v1/measurements/", {"format": "csv", "year": 2019})

    assert response["Content-Disposition"] == 'attachment; filename="measurements.csv"'
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    figure = Measurement.objects.get(period="2019")
    assert content.decode("utf-8-sig").splitlines() == [
        "id,indicator,area,period,year,sex,value,numerator,denominator,status,note,version",
        f"{figure.pk},{indicator.pk},35,2019,2019,total,10,,,draft,Ghi chú: đã rà soát,1",
    ]


@pytest.mark.parametrize("route", ["/api/v1/indicators/", "/api/v1/targets/"])
def test_indicators_and_targets_answer_csv(admin_api, indicator, route):
    TargetFactory(indicator=indicator)

    response = admin_api.get(route, {"format": "csv"})

    assert response.status_code == 200
    assert len(body(response).decode("utf-8-sig").splitlines()) == 2


# Query counts: a list costs the same for 1 row and for 100.

LIST_FACTORIES = {
    "/api/v1/indicators/": lambda n: IndicatorFactory.create_batch(n),
    "/api/v1/targets/": lambda n: TargetFactory.create_batch(n),
    "/api/v1/measurements/": lambda n: MeasurementFactory.create_batch(n),
}


@pytest.mark.parametrize("route", LIST_FACTORIES)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_a_list_runs_the_same_queries_for_1_and_for_100_rows(
    admin_api, django_assert_max_num_queries, route, format_
):
    LIST_FACTORIES[route](1)
    with django_assert_max_num_queries(2):
        body(admin_api.get(route, {"format": format_, "page_size": 1000}))

    LIST_FACTORIES[route](99)
    with django_assert_max_num_queries(2):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        content = body(response)
    assert response.status_code == 200
    assert len(content) > 1000


# Scorecard


def test_the_scorecard_tells_the_seed_like_story(admin_api):
    story = seed_like_story()

    response = admin_api.get(f"/api/v1/phases/{story.phase.pk}/scorecard/")

    payload = response.json()
    assert response.status_code == 200
    assert {
        key: value for key, value in payload.items() if key not in ("objectives", "targets")
    } == {
        "phase": story.phase.pk,
        "area": "35",
        "year": 2020,
        "targets_total": 24,
        "achieved": 18,
        "not_achieved": 4,
        "no_data": 2,
        "on_track": 0,
        "off_track": 0,
    }
    assert [(o["number"], o["targets_total"], o["achieved"]) for o in payload["objectives"]] == [
        (1, 4, 4),
        (2, 4, 4),
        (3, 3, 3),
        (4, 3, 3),
        (5, 4, 4),
        (6, 3, 0),
        (7, 3, 0),
    ]
    female_owners = next(t for t in payload["targets"] if t["indicator_code"] == "2.2")
    target = story.female_owners.targets.get()
    assert female_owners == {
        "target": target.pk,
        "indicator": story.female_owners.pk,
        "indicator_code": "2.2",
        "objective": story.female_owners.objective_id,
        "comparator": "gte",
        "target_value": "30",
        "actual": "32.9",
        "status": "achieved",
        "explanation": "Actual 32.9% ≥ target 30% in 2020.",
    }
    assert [t["indicator_code"] for t in payload["targets"]][:6] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
    ]


def test_the_scorecard_is_exact_for_one_objective(admin_api, indicator):
    target = TargetFactory(indicator=indicator, value=Decimal("30"))
    MeasurementFactory(indicator=indicator, value=Decimal("28"))

    response = admin_api.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/")

    objective = indicator.objective
    assert response.json() == {
        "phase": indicator.phase_id,
        "area": "35",
        "year": 2020,
        "targets_total": 1,
        "achieved": 0,
        "not_achieved": 1,
        "no_data": 0,
        "on_track": 0,
        "off_track": 0,
        "objectives": [
            {
                "id": objective.pk,
                "number": 2,
                "title": objective.title,
                "targets_total": 1,
                "achieved": 0,
                "not_achieved": 1,
                "no_data": 0,
                "on_track": 0,
                "off_track": 0,
            }
        ],
        "targets": [
            {
                "target": target.pk,
                "indicator": indicator.pk,
                "indicator_code": "2.2",
                "objective": objective.pk,
                "comparator": "gte",
                "target_value": "30",
                "actual": "28",
                "status": "not_achieved",
                "explanation": "Actual 28% does not meet the target ≥ 30% in 2020.",
            }
        ],
    }


def test_the_scorecard_before_the_target_year_is_on_or_off_track(admin_api, indicator):
    district = AreaFactory(code="347", parent=indicator.phase.programme.area)
    TargetFactory(
        indicator=indicator,
        area=district,
        baseline_value=Decimal("20"),
        baseline_year=2015,
        value=Decimal("30"),
    )
    MeasurementFactory(indicator=indicator, area=district, period="2018", value=Decimal("27"))

    response = admin_api.get(
        f"/api/v1/phases/{indicator.phase_id}/scorecard/", {"area": "347", "year": 2018}
    )

    payload = response.json()
    assert (payload["area"], payload["year"], payload["on_track"]) == ("347", 2018, 1)
    assert payload["targets"][0]["status"] == "on_track"
    assert payload["targets"][0]["explanation"] == (
        "Actual 27% in 2018 is on the line to ≥ 30% by 2020 (expected 26%)."
    )


def test_the_scorecard_answers_in_vietnamese_without_accept_language(superuser, indicator):
    TargetFactory(indicator=indicator, value=Decimal("30"))
    MeasurementFactory(indicator=indicator, value=Decimal("32.9"))
    client = APIClient()
    client.force_authenticate(superuser)

    response = client.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/")

    assert response["Content-Language"] == "vi"
    assert "32,9%" in response.json()["targets"][0]["explanation"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"area": "NOPE"}, lambda: {"area": ["Object with code=NOPE does not exist."]}),
        ({"year": "soon"}, lambda: {"year": ["A valid integer is required."]}),
        (
            {"year": 2021},
            lambda: {
                "year": [
                    str(
                        YEAR_OUTSIDE_PHASE
                        % {"year": 2021, "phase": "2016–2020", "start": 2016, "end": 2020}
                    )
                ]
            },
        ),
    ],
)
def test_a_bad_scorecard_query_is_a_400(admin_api, indicator, query, errors):
    response = admin_api.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/", query)

    assert response.status_code == 400
    assert response.json() == errors()


def test_the_scorecard_of_an_unknown_phase_is_a_404(admin_api):
    assert admin_api.get("/api/v1/phases/999/scorecard/").status_code == 404


def _phase_with_targets(count: int):
    phase = PhaseFactory(programme__area=AreaFactory(code=f"P{count}"))
    objectives = ObjectiveFactory.create_batch(5, phase=phase)
    for number in range(count):
        indicator = IndicatorFactory(objective=objectives[number % 5], code=f"9.{number}")
        TargetFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator, value=Decimal(number))
    return phase


def test_the_scorecard_runs_the_same_queries_for_5_and_for_50_targets(
    admin_api, django_assert_max_num_queries
):
    small, large = _phase_with_targets(5), _phase_with_targets(50)

    # the phase, then the scorecard's five (see test_selectors)
    with django_assert_max_num_queries(6):
        small_card = admin_api.get(f"/api/v1/phases/{small.pk}/scorecard/").json()
    with django_assert_max_num_queries(6):
        large_card = admin_api.get(f"/api/v1/phases/{large.pk}/scorecard/").json()
    assert (small_card["targets_total"], large_card["targets_total"]) == (5, 50)


# Progress


def test_progress_gives_the_change_on_the_previous_phase(admin_api):
    story = seed_like_story()
    indicator = story.female_owners

    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/")

    assert response.status_code == 200
    assert response.json() == {
        "indicator": indicator.pk,
        "area": "35",
        "series": [
            {"period": "2016", "actual": None, "target": None},
            {"period": "2017", "actual": None, "target": None},
            {"period": "2018", "actual": None, "target": None},
            {"period": "2019", "actual": None, "target": None},
            {"period": "2020", "actual": "32.9", "target": "30"},
        ],
        "previous_phase": {"indicator": indicator.previous_id, "value": "25.2", "year": 2015},
        "change": {"absolute": "7.7", "relative_percent": "30.56", "headline": "percentage_points"},
    }


def test_progress_of_a_count_headlines_the_percent_change(admin_api, indicator):
    old = IndicatorFactory(
        objective__phase=PhaseFactory(
            programme=indicator.phase.programme, start_year=2011, end_year=2015
        ),
        unit=Unit.COUNT,
    )
    indicator.unit, indicator.previous = Unit.COUNT, old
    indicator.save()
    MeasurementFactory(indicator=old, period="2015", value=Decimal("200"))
    MeasurementFactory(indicator=indicator, period="2019", value=Decimal("250"))

    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/", {"area": "35"})

    assert response.json()["change"] == {
        "absolute": "50",
        "relative_percent": "25",
        "headline": "percent",
    }


def test_progress_without_a_previous_phase_has_no_change(admin_api, indicator):
    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/")

    assert (response.json()["previous_phase"], response.json()["change"]) == (None, None)


def test_a_bad_progress_query_is_a_400_or_404(admin_api, indicator):
    unknown_area = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/", {"area": "X"})

    assert unknown_area.status_code == 400
    assert unknown_area.json() == {"area": ["Object with code=X does not exist."]}
    assert admin_api.get("/api/v1/indicators/999/progress/").status_code == 404


def test_progress_runs_a_fixed_number_of_queries(admin_api, django_assert_max_num_queries):
    story = seed_like_story()

    with django_assert_max_num_queries(7):
        response = admin_api.get(f"/api/v1/indicators/{story.female_owners.pk}/progress/")
    assert response.status_code == 200
