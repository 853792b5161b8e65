"""API v1 bulk upsert of figures: counts, dry run, every bad row reported, nothing half-written."""

import json
from datetime import date
from decimal import Decimal

import pytest

from indicators.api.bulk import (
    BULK_EMPTY,
    BULK_NOT_A_LIST,
    BULK_TOO_MANY,
)
from indicators.models import (
    Measurement,
    MeasurementStatus,
    Unit,
)
from indicators.serializers import INDICATOR_MISSING
from indicators.services import (
    NO_SUCH_AREA,
    NO_SUCH_INDICATOR,
    NO_SUCH_INDICATOR_CODE,
    PERCENT_OVER_100,
    PERIOD_OUTSIDE_PHASE,
)
from programmes.area_keys import OFFICIAL_CODE_NAMES_NO_UNIT_THEN
from programmes.models import AreaLevel
from tests.api_support import api_client, user_with_permissions
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from tests.indicators.api_rows import figure_row, locked_message

pytestmark = pytest.mark.django_db


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


# Areas by official code, across the 2025 reform (issue 16 point 5)


@pytest.fixture
def reused_code():
    """Official code 15 borne by a fictional province until 2025-06-30 and by the province
    it merged into from 2025-07-01; a new-era commune; a 2021–2025 count."""
    old = AreaFactory(
        code="VN63-15", official_code="15", name="Tỉnh Vân Sơn", valid_to=date(2025, 6, 30)
    )
    new = AreaFactory(
        code="VN34-15", official_code="15", name="Tỉnh Vân Hà", valid_from=date(2025, 7, 1)
    )
    commune = AreaFactory(
        code="VN34-04321",
        official_code="04321",
        name="Xã Vân Một",
        level=AreaLevel.COMMUNE,
        parent=new,
        valid_from=date(2025, 7, 1),
    )
    phase = PhaseFactory(programme=ProgrammeFactory(area=new), start_year=2021, end_year=2025)
    count = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase), code="1.1", unit=Unit.COUNT, accumulation="flow"
    )
    return old, new, commune, count


def test_bulk_reads_an_official_code_as_the_unit_valid_at_the_end_of_the_period(
    admin_api, reused_code
):
    *_areas, count = reused_code
    rows = [
        {"indicator": count.pk, "area": "15", "period": period, "value": value}
        for period, value in (("2024", "10"), ("2025S1", "6"), ("2025", "14"))
    ]
    rows.append({"indicator": count.pk, "area": "VN63-15", "period": "2023", "value": "1"})

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 200, response.json()
    assert sorted(Measurement.objects.values_list("area__code", "period", "value").order_by()) == [
        ("VN34-15", "2025", Decimal("14")),
        ("VN63-15", "2023", Decimal("1")),
        ("VN63-15", "2024", Decimal("10")),
        ("VN63-15", "2025S1", Decimal("6")),
    ]


def test_bulk_refuses_an_official_code_that_names_no_unit_in_the_period(admin_api, reused_code):
    *_areas, count = reused_code
    rows = [
        {"indicator": count.pk, "area": "15", "period": "2024", "value": "10"},
        {"indicator": count.pk, "area": "04321", "period": "2023", "value": "3"},
    ]

    response = admin_api.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 400
    message = OFFICIAL_CODE_NAMES_NO_UNIT_THEN % {
        "code": "04321",
        "period": "2023",
        "units": "Xã Vân Một (VN34-04321, 2025-07-01–…)",
    }
    assert response.json() == {"errors": [{"index": 1, "field": "area", "message": str(message)}]}
    assert not Measurement.objects.exists()
