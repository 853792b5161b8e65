"""Data quality: validation rules judged on rolled-up figures, and robust outliers."""

import datetime
from decimal import Decimal

import pytest

from collection.models import ValidationRule, ValueBounds
from collection.quality import Method, data_quality, robust_range, violations_for
from indicators.models import Measurement, Unit
from programmes.models import AreaLevel
from tests.api_support import api_client
from tests.collection.support import build_province, clerk, officer, viewer
from tests.factories import AreaFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

D = Decimal


def figure(indicator, area, period, value, sex="total", **ratio):
    return MeasurementFactory(
        indicator=indicator, area=area, period=period, sex=sex, value=D(value), **ratio
    )


def rule(world, left, operator, right, name="Quy tắc"):
    return ValidationRule.objects.create(
        phase=world.phase, name=name, left=left, operator=operator, right=right
    )


# --- the robust range ---------------------------------------------------------------


def test_the_range_is_the_median_plus_or_minus_the_scaled_mad():
    # median 100, deviations 0 2 2 4 4 → MAD 2, spread 2.9652, ± 3.5 × spread = 10.3782
    assert robust_range([D(100), D(98), D(102), D(96), D(104)], D("3.5")) == (
        D("89.6218"),
        D("110.3782"),
    )


def test_with_most_values_equal_the_range_falls_back_on_the_mean_deviation():
    # median 10, MAD 0; mean deviation (0+0+0+5)/4 = 1.25, spread 1.5666, × 3.5 = 5.4832
    assert robust_range([D(10), D(10), D(10), D(15)], D("3.5")) == (D("4.5168"), D("15.4832"))


def test_too_few_values_or_no_spread_judge_nothing():
    assert robust_range([D(1), D(2), D(3)], D("3.5")) is None
    assert robust_range([D(7)] * 6, D("3.5")) is None


def test_a_range_never_goes_below_zero():
    assert robust_range([D(1), D(5), D(9), D(30)], D("3.5"))[0] == 0


# --- outliers -----------------------------------------------------------------------


def test_a_jump_in_an_areas_own_series_is_an_outlier_and_a_smooth_series_is_not():
    world = build_province()
    for year, seeded, smooth in zip(
        range(2016, 2021), (100, 104, 98, 102, 400), (100, 102, 104, 106, 108), strict=True
    ):
        figure(world.count, world.c11, str(year), seeded)
        figure(world.count, world.c12, str(year), smooth)

    findings = data_quality(phase=world.phase, area=world.province, year=2020)

    # Past: 100 104 98 102, median 101, deviations 1 3 3 1, MAD 2 → 101 ± 3.5 × 2.9652.
    jump = Measurement.objects.get(area=world.c11, period="2020")
    assert [(o.measurement, o.area.code, o.method, o.low, o.high) for o in findings.outliers] == [
        (jump.pk, "C11", Method.HISTORY, D("90.6218"), D("111.3782"))
    ]
    assert findings.outliers[0].message == (
        "400 lies outside 90.6218–111.3782, the usual range of past periods."
    )
    assert data_quality(phase=world.phase, area=world.province, year=2019).outliers == []


def test_a_rate_far_from_its_sibling_areas_is_an_outlier_and_close_ones_are_not():
    world = build_province()
    communes = [
        AreaFactory(code=f"C3{n}", level=AreaLevel.COMMUNE, parent=world.d2) for n in range(5)
    ]
    for commune, share in zip([world.c21, *communes], (20, 21, 22, 19, 20, 80), strict=True):
        figure(world.rate, commune, "2020", share)
    findings = data_quality(phase=world.phase, area=world.d2, year=2020)
    assert [(o.area.code, o.value, o.method) for o in findings.outliers] == [
        ("C34", D(80), Method.SIBLINGS)
    ]
    Measurement.objects.filter(area__code="C34").update(value=D(23))
    assert data_quality(phase=world.phase, area=world.d2, year=2020).outliers == []


def test_counts_are_not_compared_with_their_neighbours_whose_size_differs():
    world = build_province()
    communes = [
        AreaFactory(code=f"C3{n}", level=AreaLevel.COMMUNE, parent=world.d2) for n in range(5)
    ]
    for commune, children in zip([world.c21, *communes], (20, 21, 22, 19, 20, 800), strict=True):
        figure(world.count, commune, "2020", children)
    assert data_quality(phase=world.phase, area=world.d2, year=2020).outliers == []


def test_a_figure_outside_its_plausible_range_is_flagged():
    world = build_province()
    ValueBounds.objects.create(indicator=world.count, minimum=D(1), maximum=D(1000))
    high = figure(world.count, world.c11, "2020", 1500)
    zero = figure(world.count, world.c12, "2020", 0)
    findings = data_quality(phase=world.phase, area=world.province, year=2020)
    assert [(o.measurement, o.method, o.low, o.high) for o in findings.outliers] == [
        (high.pk, Method.BOUNDS, D(1), D(1000)),
        (zero.pk, Method.BOUNDS, D(1), D(1000)),
    ]


def test_a_unit_closed_mid_year_is_a_sibling_for_the_first_half_year_only():
    """Rule 1: the units that count for a period are those valid on its last day."""
    world = build_province()
    c30, c31, c32 = [
        AreaFactory(code=f"C3{n}", level=AreaLevel.COMMUNE, parent=world.d2) for n in range(3)
    ]
    closed = AreaFactory(
        code="C33", level=AreaLevel.COMMUNE, parent=world.d2, valid_to=datetime.date(2020, 7, 15)
    )
    for period in ("2020", "2020S1"):
        for commune, share in zip(
            [world.c21, c30, c31, c32, closed], (20, 21, 19, 80, 20), strict=True
        ):
            figure(world.rate, commune, period, share)

    findings = data_quality(phase=world.phase, area=world.d2, year=2020)

    # On 30/6 C32's siblings are C21, C30, C31 and C33: 20 21 19 20, median 20, MAD 0.5.
    # On 31/12 C33 is gone: three siblings are too few to judge, and C33 is not judged.
    assert [(o.area.code, o.period, o.method, o.low, o.high) for o in findings.outliers] == [
        ("C32", "2020S1", Method.SIBLINGS, D("17.4054"), D("22.5946"))
    ]


# --- validation rules ---------------------------------------------------------------


def test_a_rule_is_judged_where_an_area_entered_a_figure_it_reads():
    world = build_province()
    rule(world, "A", "lte", "C")
    figure(world.count, world.c11, "2018", 10)
    figure(world.count, world.c12, "2018", 5)
    figure(world.count, world.c21, "2018", 8)
    figure(world.abused, world.d1, "2018", 20)  # 20 abused of 15 children: broken
    figure(world.abused, world.d2, "2018", 3)

    findings = data_quality(phase=world.phase, area=world.province, year=2018)

    assert [(v.area.code, v.period, v.left, v.right) for v in findings.violations] == [
        ("D1", "2018", D(20), D(15))
    ]
    assert findings.violations[0].message == (
        "Quy tắc: A ≤ C does not hold for Huyện Một, 2018 (20 against 15)."
    )


def test_a_flow_year_adds_its_half_years_and_a_missing_figure_skips_the_rule():
    world = build_province()
    rule(world, "A", "lte", "C")
    figure(world.count, world.c11, "2019", 10)
    figure(world.count, world.c12, "2019", 5)
    figure(world.abused, world.d1, "2019S1", 4)
    figure(world.abused, world.d1, "2019S2", 30)
    # D2's commune has no figure: its district cannot be judged.
    figure(world.abused, world.d2, "2019S1", 99)

    findings = data_quality(phase=world.phase, area=world.province, year=2019)

    assert [(v.area.code, v.period, v.left, v.right) for v in findings.violations] == [
        ("D1", "2019", D(34), D(15))
    ]


def test_female_plus_male_across_indicators_and_ratio_parts():
    world = build_province()
    rule(world, "C.female + C.male", "eq", "R.denominator", name="Nữ + nam = mẫu số")
    figure(world.count, world.c11, "2020", 6, sex="female")
    figure(world.count, world.c11, "2020", 4, sex="male")
    figure(world.rate, world.c11, "2020", 25, numerator=D(3), denominator=D(12))
    figure(world.count, world.c12, "2020", 3, sex="female")
    figure(world.count, world.c12, "2020", 3, sex="male")
    figure(world.rate, world.c12, "2020", 50, numerator=D(3), denominator=D(6))

    findings = data_quality(phase=world.phase, area=world.d1, year=2020)

    assert [(v.area.code, v.left, v.right) for v in findings.violations] == [("C11", D(10), D(12))]


@pytest.mark.parametrize(
    ("operator", "broken"),
    [("lte", False), ("lt", True), ("eq", False), ("gte", False), ("gt", True)],
)
def test_each_operator_of_a_stored_rule(operator, broken):
    world = build_province()
    rule(world, "C", operator, "R.numerator")
    figure(world.count, world.c11, "2020", 3)
    figure(world.rate, world.c11, "2020", 25, numerator=D(3), denominator=D(12))
    findings = data_quality(phase=world.phase, area=world.c11, year=2020)
    assert bool(findings.violations) is broken


def test_a_unit_closed_mid_year_is_judged_for_the_periods_it_counts_in():
    world = build_province()
    closed = AreaFactory(
        code="C13",
        name="Xã Một Ba",
        level=AreaLevel.COMMUNE,
        parent=world.d1,
        valid_to=datetime.date(2020, 7, 15),
    )
    rule(world, "R.numerator", "lte", "C")
    for period in ("2020", "2020S1"):
        figure(world.count, closed, period, 3)
        figure(world.rate, closed, period, 50, numerator=D(5), denominator=D(10))

    findings = data_quality(phase=world.phase, area=world.province, year=2020)

    assert [(v.area.code, v.period) for v in findings.violations] == [("C13", "2020S1")]


def test_violations_for_the_figures_being_submitted():
    world = build_province()
    rule(world, "A", "lte", "C")
    rule(world, "R.numerator", "lte", "C", name="Tử số không quá số trẻ em")
    children = [
        figure(world.count, world.c11, "2018", 10),
        figure(world.count, world.c12, "2018", 5),
    ]
    abused = figure(world.abused, world.d1, "2018", 20)
    rate = figure(world.rate, world.c11, "2018", 50, numerator=D(5), denominator=D(10))

    findings = violations_for([abused, rate, *children])

    assert [(v.rule.name, v.area.code, v.period) for v in findings.violations] == [
        ("Quy tắc", "D1", "2018")
    ]
    assert findings.needs_comment is True
    assert findings.approval_refusal("  ") == (
        "These figures break 1 validation rule(s): Quy tắc. Say why you approve them anyway; "
        "the comment is kept in their history."
    )
    assert findings.approval_refusal("Đã xác minh với huyện") is None
    assert violations_for(children).needs_comment is False
    assert violations_for(children).approval_refusal("") is None
    assert violations_for([]).needs_comment is False


def test_violations_for_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    world = build_province()
    rule(world, "A", "lte", "C")
    few = [figure(world.count, world.c11, "2018", 10)]
    many = [
        figure(world.count, area, str(year), 10 + year % 7)
        for area in (world.c12, world.c21)
        for year in range(2016, 2021)
    ]
    many += [figure(world.abused, world.d1, "2018", 20), *few]
    with django_assert_max_num_queries(11) as few_queries:
        violations_for(few)
    with django_assert_max_num_queries(11) as many_queries:
        violations_for(many)
    assert len(few_queries.captured_queries) == len(many_queries.captured_queries)


# --- the API and the rules' resource ------------------------------------------------


def test_the_data_quality_api_answers_as_the_design_says(django_assert_max_num_queries):
    world = build_province()
    saved = rule(world, "A", "lte", "C")
    figure(world.count, world.c11, "2018", 10)
    figure(world.count, world.c12, "2018", 5)
    abused = figure(world.abused, world.d1, "2018", 20)
    ValueBounds.objects.create(indicator=world.abused, maximum=D(10))
    client = api_client(officer())
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/data-quality/", {"phase": world.phase.pk, "year": 2018})
    assert response.json() == {
        "violations": [
            {
                "rule": saved.pk,
                "rule_name": "Quy tắc",
                "importance": "medium",
                "area": "D1",
                "period": "2018",
                "left": "20",
                "right": "15",
                "message": "Quy tắc: A ≤ C does not hold for Huyện Một, 2018 (20 against 15).",
            }
        ],
        "outliers": [
            {
                "measurement": abused.pk,
                "indicator_code": "A",
                "area": "D1",
                "period": "2018",
                "sex": "total",
                "value": "20",
                "low": None,
                "high": "10",
                "method": "bounds",
                "message": "20 lies outside …–10, the plausible range set for it.",
            }
        ],
    }


def test_data_quality_is_scoped_and_needs_a_year():
    world = build_province()
    own = api_client(clerk(world.d1))
    url = "/api/v1/data-quality/"
    assert own.get(url, {"phase": world.phase.pk, "year": 2018, "area": "D1"}).status_code == 200
    assert own.get(url, {"phase": world.phase.pk, "year": 2018, "area": "D2"}).status_code == 403
    response = api_client(officer()).get(url, {"phase": world.phase.pk})
    assert (response.status_code, list(response.json())) == (400, ["year"])


def test_a_rule_naming_an_unknown_indicator_is_refused_with_its_code():
    world = build_province()
    client = api_client(officer())
    body = {
        "phase": world.phase.pk,
        "name": "Sai",
        "left": "A + Z.female",
        "operator": "lte",
        "right": "C",
        "importance": "high",
    }
    response = client.post("/api/v1/validation-rules/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"left": ['No indicator with the code "Z" in this phase.']}
    assert not ValidationRule.objects.exists()
    created = client.post("/api/v1/validation-rules/", {**body, "left": "A"}, format="json")
    assert created.status_code == 201
    assert created.json() == {
        "id": ValidationRule.objects.get().pk,
        "phase": world.phase.pk,
        "name": "Sai",
        "left": "A",
        "operator": "lte",
        "right": "C",
        "importance": "high",
        "description": "",
    }
    changed = client.patch(
        f"/api/v1/validation-rules/{created.json()['id']}/", {"right": "C *"}, format="json"
    )
    assert changed.status_code == 400
    assert ValidationRule.objects.get().right == "C"


def test_the_rules_list_is_filtered_by_phase_in_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    world = build_province()
    other = IndicatorFactory(code="C", unit=Unit.COUNT)
    for n in range(5):
        rule(world, "A", "lte", "C", name=f"Quy tắc {n}")
    ValidationRule.objects.create(
        phase=other.phase, name="Khác", left="C", operator="gte", right="0"
    )
    client = api_client(viewer())
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/validation-rules/", {"phase": world.phase.pk})
    assert response.json()["count"] == 5
    assert client.post("/api/v1/validation-rules/", {}, format="json").status_code == 403
