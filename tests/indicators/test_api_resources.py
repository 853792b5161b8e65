"""API v1 for indicators and targets, the lists in CSV, and what a list costs in queries."""

from decimal import Decimal

import pytest

from indicators.models import (
    DIRECTION_NEEDS_BASELINE,
    INDICATOR_CODE_TAKEN,
    TARGET_EXISTS,
    Indicator,
    Measurement,
    Sex,
    Target,
    Unit,
)
from indicators.services import (
    PERCENT_OVER_100,
    YEAR_OUTSIDE_PHASE,
)
from tests.api_support import body
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


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
            "unit_label": "",
            "decimals": None,
            "direction": "increase",
            "accumulation": "stock",
            "by_sex": False,
            "reporting_frequency": "year",
            "phase_aggregate": "end_value",
            "previous": None,
            "series_break": False,
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
            "sex": "total",
            "comparator": "gte",
            "value": "30",
            "value_max": None,
            "baseline_value": None,
            "baseline_year": None,
            "baseline_provisional": False,
            "source_text": "từ 30% trở lên",
            "framework_target": "",
            "national_value": None,
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
        "sex": "total",
        "comparator": "gte",
        "value": "30",
        "value_max": None,
        "baseline_value": "25.2",
        "baseline_year": 2015,
        "baseline_provisional": False,
        "source_text": "",
        "framework_target": "",
        "national_value": None,
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


# A target that names only a direction ("giảm tỷ lệ …", DESIGN §3 Target)


@pytest.mark.parametrize("comparator", ["increase", "decrease"])
def test_a_direction_target_needs_no_value_through_the_api(admin_api, indicator, comparator):
    """Quyết định 1464/QĐ-TTg worded targets such as "giảm tỷ lệ …" name no value: the
    target is judged against its baseline, which is then its value."""
    response = admin_api.post(
        "/api/v1/targets/",
        {
            "indicator": indicator.pk,
            "area": "35",
            "year": 2020,
            "comparator": comparator,
            "baseline_value": "12.5",
            "baseline_year": 2015,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    target = Target.objects.get()
    assert (target.comparator, target.value, target.baseline_value) == (
        comparator,
        Decimal("12.5"),
        Decimal("12.5"),
    )
    assert (response.json()["value"], response.json()["baseline_value"]) == ("12.5", "12.5")


def test_a_direction_target_s_value_follows_a_new_baseline_through_the_api(admin_api, indicator):
    target = TargetFactory(
        indicator=indicator,
        comparator="decrease",
        value=Decimal("12.5"),
        baseline_value=Decimal("12.5"),
        baseline_year=2015,
    )

    response = admin_api.patch(
        f"/api/v1/targets/{target.pk}/", {"baseline_value": "11"}, format="json"
    )

    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert (target.value, target.baseline_value) == (Decimal("11"), Decimal("11"))


def test_a_direction_target_without_a_baseline_is_a_400_and_writes_nothing(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/targets/",
        {"indicator": indicator.pk, "area": "35", "year": 2020, "comparator": "decrease"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"comparator": [str(DIRECTION_NEEDS_BASELINE)]}
    assert not Target.objects.exists()


def test_a_target_with_a_comparator_of_value_still_needs_its_value(admin_api, indicator):
    response = admin_api.post(
        "/api/v1/targets/",
        {"indicator": indicator.pk, "area": "35", "year": 2020, "comparator": "gt"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"value": ["This field is required."]}
    assert not Target.objects.exists()
