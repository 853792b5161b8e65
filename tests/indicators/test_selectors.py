"""The target-status engine: DESIGN.md §4 rules 1–4 with exact values."""

import datetime
from decimal import Decimal as D

import pytest

from indicators.actuals import Actuals
from indicators.models import Accumulation, Comparator, Direction, Sex, Unit
from indicators.rules import ChangeHeadline, TargetStatus, change_between, target_status
from indicators.selectors import indicator_progress, phase_scorecard
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return AreaFactory(code="T", name="Tỉnh Minh Hòa")


@pytest.fixture
def districts(province):
    return [
        AreaFactory(code=f"T-{n}", name=f"Huyện {n}", parent=province, level="district")
        for n in (1, 2)
    ]


def indicator_in(province, **kwargs):
    phase = PhaseFactory(programme=ProgrammeFactory(area=province))
    return IndicatorFactory(objective=ObjectiveFactory(phase=phase), **kwargs)


def actual(indicator, area, year=2020):
    target = TargetFactory(indicator=indicator, area=area, year=year)
    actuals = Actuals(indicators=[target.indicator], root=target.area, years=[target.year])
    result = actuals.get(target.indicator, target.area, target.year)
    return result.value if result else None


# Rule 1: the actual for a target


def test_the_areas_own_yearly_figure_is_the_actual(province):
    indicator = indicator_in(province)
    MeasurementFactory(indicator=indicator, area=province, period="2020", value=D("32.9"))
    MeasurementFactory(
        indicator=indicator, area=province, period="2020", sex=Sex.FEMALE, value=D("50")
    )
    assert actual(indicator, province) == D("32.9")


def test_a_flow_indicator_sums_its_half_years(province):
    indicator = indicator_in(province, unit=Unit.COUNT, accumulation=Accumulation.FLOW)
    MeasurementFactory(indicator=indicator, area=province, period="2020S1", value=D("120"))
    MeasurementFactory(indicator=indicator, area=province, period="2020S2", value=D("85"))
    assert actual(indicator, province) == D("205")


def test_a_stock_indicator_takes_the_latest_half_year(province):
    indicator = indicator_in(province, unit=Unit.COUNT, accumulation=Accumulation.STOCK)
    MeasurementFactory(indicator=indicator, area=province, period="2020S1", value=D("120"))
    MeasurementFactory(indicator=indicator, area=province, period="2020S2", value=D("85"))
    assert actual(indicator, province) == D("85")


def test_a_yearly_figure_wins_over_half_years(province):
    indicator = indicator_in(province, unit=Unit.COUNT, accumulation=Accumulation.FLOW)
    MeasurementFactory(indicator=indicator, area=province, period="2020S1", value=D("120"))
    MeasurementFactory(indicator=indicator, area=province, period="2020", value=D("200"))
    assert actual(indicator, province) == D("200")


def test_a_flow_rate_sums_the_ratios_of_its_half_years(province):
    indicator = indicator_in(province, unit=Unit.PERCENT, accumulation=Accumulation.FLOW)
    MeasurementFactory(
        indicator=indicator,
        area=province,
        period="2020S1",
        value=D("10"),
        numerator=D("1"),
        denominator=D("10"),
    )
    MeasurementFactory(
        indicator=indicator,
        area=province,
        period="2020S2",
        value=D("50"),
        numerator=D("15"),
        denominator=D("30"),
    )
    assert actual(indicator, province) == D("40.0000")


def test_counts_roll_up_from_child_areas_recursively(province, districts):
    indicator = indicator_in(province, unit=Unit.COUNT)
    commune = AreaFactory(code="T-1-1", parent=districts[0], level="commune")
    MeasurementFactory(indicator=indicator, area=commune, value=D("7"))
    MeasurementFactory(indicator=indicator, area=districts[1], value=D("5"))
    assert actual(indicator, province) == D("12")


def test_a_childs_own_figure_stands_over_its_childrens(province, districts):
    indicator = indicator_in(province, unit=Unit.COUNT)
    commune = AreaFactory(code="T-1-1", parent=districts[0], level="commune")
    MeasurementFactory(indicator=indicator, area=commune, value=D("7"))
    MeasurementFactory(indicator=indicator, area=districts[0], value=D("9"))
    assert actual(indicator, province) == D("9")


def test_rates_roll_up_as_sum_over_sum_never_as_an_average(province, districts):
    indicator = indicator_in(province, unit=Unit.PERCENT)
    # 10% of 100 and 50% of 900: the average of rates would say 30%, the truth is 46%.
    MeasurementFactory(
        indicator=indicator,
        area=districts[0],
        value=D("10"),
        numerator=D("10"),
        denominator=D("100"),
    )
    MeasurementFactory(
        indicator=indicator,
        area=districts[1],
        value=D("50"),
        numerator=D("450"),
        denominator=D("900"),
    )
    assert actual(indicator, province) == D("46.0000")


def test_a_rate_without_its_ratio_does_not_roll_up(province, districts):
    indicator = indicator_in(province, unit=Unit.PERCENT)
    MeasurementFactory(indicator=indicator, area=districts[0], value=D("10"))
    MeasurementFactory(
        indicator=indicator,
        area=districts[1],
        value=D("50"),
        numerator=D("450"),
        denominator=D("900"),
    )
    assert actual(indicator, province) is None


def test_per_100000_rolls_up_with_its_scale(province, districts):
    indicator = indicator_in(province, unit=Unit.PER_100000)
    MeasurementFactory(
        indicator=indicator,
        area=districts[0],
        value=D("50"),
        numerator=D("1"),
        denominator=D("2000"),
    )
    MeasurementFactory(
        indicator=indicator,
        area=districts[1],
        value=D("50"),
        numerator=D("2"),
        denominator=D("4000"),
    )
    assert actual(indicator, province) == D("50.0000")


def test_areas_not_valid_in_the_year_do_not_roll_up(province):
    indicator = indicator_in(province, unit=Unit.COUNT)
    old = AreaFactory(code="OLD", parent=province, valid_to=datetime.date(2019, 12, 31))
    new = AreaFactory(code="NEW", parent=province, valid_from=datetime.date(2020, 1, 1))
    MeasurementFactory(indicator=indicator, area=new, period="2020", value=D("3"))
    # A stray figure on a unit that no longer existed in 2020 is not counted.
    MeasurementFactory.build(indicator=indicator, area=old, period="2020", value=D("100")).save()
    assert actual(indicator, province) == D("3")


def test_a_milestone_does_not_roll_up(province, districts):
    indicator = indicator_in(province, unit=Unit.MILESTONE)
    MeasurementFactory(indicator=indicator, area=districts[0], value=D("1"))
    assert actual(indicator, province) is None


def test_with_no_figure_anywhere_the_actual_is_missing(province, districts):
    assert actual(indicator_in(province), province) is None


# Rule 2: the status of a target


@pytest.mark.parametrize(
    ("comparator", "actual_value", "status"),
    [
        (Comparator.GTE, "30", TargetStatus.ACHIEVED),
        (Comparator.GTE, "29.9", TargetStatus.NOT_ACHIEVED),
        (Comparator.GT, "30", TargetStatus.NOT_ACHIEVED),
        (Comparator.GT, "30.1", TargetStatus.ACHIEVED),
        (Comparator.LTE, "30", TargetStatus.ACHIEVED),
        (Comparator.LTE, "30.1", TargetStatus.NOT_ACHIEVED),
        (Comparator.LT, "30", TargetStatus.NOT_ACHIEVED),
        (Comparator.LT, "29.9", TargetStatus.ACHIEVED),
        (Comparator.EQ, "30", TargetStatus.ACHIEVED),
        (Comparator.EQ, "30.0001", TargetStatus.NOT_ACHIEVED),
    ],
)
def test_each_comparator_decides_achievement(comparator, actual_value, status):
    target = TargetFactory.build(
        indicator=IndicatorFactory(), comparator=comparator, value=D("30"), year=2020
    )
    assert target_status(target, D(actual_value), 2020) == status


def test_no_actual_means_no_data():
    target = TargetFactory.build(indicator=IndicatorFactory(), value=D("30"), year=2020)
    assert target_status(target, None, 2020) == TargetStatus.NO_DATA


@pytest.mark.parametrize(
    ("comparator", "direction", "actual_value", "status"),
    [
        # Line from 20 (2015) to 30 (2020): 26 expected in 2018.
        (Comparator.GTE, Direction.INCREASE, "26", TargetStatus.ON_TRACK),
        (Comparator.GTE, Direction.INCREASE, "25.9", TargetStatus.OFF_TRACK),
        (Comparator.GT, Direction.INCREASE, "26", TargetStatus.ON_TRACK),
        (Comparator.EQ, Direction.INCREASE, "27", TargetStatus.ON_TRACK),
        (Comparator.EQ, Direction.DECREASE, "27", TargetStatus.OFF_TRACK),
    ],
)
def test_before_the_target_year_the_line_from_baseline_decides(
    comparator, direction, actual_value, status
):
    indicator = IndicatorFactory(direction=direction)
    target = TargetFactory.build(
        indicator=indicator,
        comparator=comparator,
        value=D("30"),
        year=2020,
        baseline_value=D("20"),
        baseline_year=2015,
    )
    assert target_status(target, D(actual_value), 2018) == status


def test_a_decreasing_target_is_on_track_below_its_line():
    # Sex ratio at birth from 118 (2015) down to at most 113 (2020): 115 expected in 2018.
    target = TargetFactory.build(
        indicator=IndicatorFactory(direction=Direction.DECREASE),
        comparator=Comparator.LTE,
        value=D("113"),
        year=2020,
        baseline_value=D("118"),
        baseline_year=2015,
    )
    assert target_status(target, D("115"), 2018) == TargetStatus.ON_TRACK
    assert target_status(target, D("115.1"), 2018) == TargetStatus.OFF_TRACK


def test_without_a_baseline_an_early_year_is_judged_against_the_target_itself():
    target = TargetFactory.build(
        indicator=IndicatorFactory(), comparator=Comparator.GTE, value=D("30"), year=2020
    )
    assert target_status(target, D("31"), 2018) == TargetStatus.ON_TRACK
    assert target_status(target, D("29"), 2018) == TargetStatus.OFF_TRACK


# Rule 3: the scorecard of a phase


def build_phase(province):
    phase = PhaseFactory(programme=ProgrammeFactory(area=province))
    first = ObjectiveFactory(phase=phase, number=1, title="Chính trị")
    second = ObjectiveFactory(phase=phase, number=2, title="Kinh tế")
    return phase, first, second


def test_the_scorecard_counts_each_indicator_once_by_objective(province):
    phase, first, second = build_phase(province)
    achieved = IndicatorFactory(objective=first, code="1.1")
    missed = IndicatorFactory(objective=first, code="1.2")
    empty = IndicatorFactory(objective=second, code="2.1")
    IndicatorFactory(objective=second, code="2.2")  # no target for this area: not counted
    for indicator, value in ((achieved, "40"), (missed, "20"), (empty, None)):
        TargetFactory(indicator=indicator, area=province, year=2020, value=D("30"))
        TargetFactory(indicator=indicator, area=province, year=2018, value=D("25"))
        if value:
            MeasurementFactory(indicator=indicator, area=province, period="2020", value=D(value))

    scorecard = phase_scorecard(phase=phase)

    assert (scorecard.area, scorecard.year) == (province, 2020)
    assert (
        scorecard.targets_total,
        scorecard.achieved,
        scorecard.not_achieved,
        scorecard.no_data,
    ) == (3, 1, 1, 1)
    assert [
        (o.objective.number, o.targets_total, o.achieved, o.not_achieved, o.no_data)
        for o in scorecard.objectives
    ] == [
        (1, 2, 1, 1, 0),
        (2, 1, 0, 0, 1),
    ]
    assert [(line.indicator.code, line.status) for line in scorecard.lines] == [
        ("1.1", TargetStatus.ACHIEVED),
        ("1.2", TargetStatus.NOT_ACHIEVED),
        ("2.1", TargetStatus.NO_DATA),
    ]
    assert scorecard.lines[0].explanation == "In 2020: 40%, exceeding the target of at least 30%."
    assert scorecard.lines[1].explanation == "In 2020: 20%, short of the target of at least 30%."


def test_an_early_year_is_judged_against_the_next_later_target(province):
    phase, first, _ = build_phase(province)
    indicator = IndicatorFactory(objective=first, code="1.1")
    TargetFactory(
        indicator=indicator,
        area=province,
        year=2020,
        value=D("30"),
        baseline_value=D("20"),
        baseline_year=2015,
    )
    MeasurementFactory(indicator=indicator, area=province, period="2018", value=D("27"))

    scorecard = phase_scorecard(phase=phase, year=2018)

    assert (scorecard.targets_total, scorecard.on_track, scorecard.off_track) == (1, 1, 0)
    assert scorecard.lines[0].explanation == (
        "In 2018: 27%, on course for the 2020 target of at least 30% (expected 26%)."
    )


def test_an_early_year_with_a_milestone_target_uses_the_milestone(province):
    phase, first, _ = build_phase(province)
    indicator = IndicatorFactory(objective=first, code="1.1")
    TargetFactory(indicator=indicator, area=province, year=2020, value=D("30"))
    TargetFactory(indicator=indicator, area=province, year=2018, value=D("28"))
    MeasurementFactory(indicator=indicator, area=province, period="2018", value=D("27"))

    scorecard = phase_scorecard(phase=phase, year=2018)

    assert (scorecard.targets_total, scorecard.not_achieved) == (1, 1)
    assert scorecard.lines[0].target.year == 2018


def test_the_scorecard_for_a_district_uses_the_districts_targets(province, districts):
    phase, first, _ = build_phase(province)
    indicator = IndicatorFactory(objective=first, code="1.1", unit=Unit.COUNT)
    TargetFactory(indicator=indicator, area=districts[0], value=D("5"))
    MeasurementFactory(indicator=indicator, area=districts[0], value=D("6"))

    assert phase_scorecard(phase=phase).targets_total == 0
    scorecard = phase_scorecard(phase=phase, area=districts[0])
    assert (scorecard.targets_total, scorecard.achieved) == (1, 1)


def test_the_scorecard_query_count_does_not_grow_with_targets(province, django_assert_num_queries):
    phase, first, second = build_phase(province)
    communes = [AreaFactory(parent=province, level="commune") for _ in range(3)]
    for number in range(12):
        indicator = IndicatorFactory(
            objective=first if number % 2 else second, code=f"9.{number}", unit=Unit.COUNT
        )
        TargetFactory(indicator=indicator, area=province)
        for commune in communes:
            MeasurementFactory(indicator=indicator, area=commune, value=D(number))
    # objectives, targets, the area tree, the sums of the children's yearly figures, the
    # figures of the areas that roll up (see `Actuals`)
    with django_assert_num_queries(5):
        scorecard = phase_scorecard(phase=phase, area=province, year=2020)
    assert sorted(line.actual for line in scorecard.lines) == [D(3 * n) for n in range(12)]


# Rule 4: the change against the previous phase


@pytest.mark.parametrize(
    ("unit", "previous", "current", "absolute", "relative", "headline"),
    [
        (Unit.PERCENT, "25.2", "32.9", "7.7", "30.56", ChangeHeadline.PERCENTAGE_POINTS),
        (Unit.PER_100, "116", "113.5", "-2.5", "-2.16", ChangeHeadline.POINTS),
        (Unit.PER_100000, "58.3", "42", "-16.3", "-27.96", ChangeHeadline.POINTS),
        (Unit.TIMES, "2", "1.5", "-0.5", "-25.00", ChangeHeadline.POINTS),
        (Unit.COUNT, "200", "250", "50", "25.00", ChangeHeadline.PERCENT),
        (Unit.VND, "1000000", "900000", "-100000", "-10.00", ChangeHeadline.PERCENT),
    ],
)
def test_the_change_is_measured_in_the_units_own_way(
    unit, previous, current, absolute, relative, headline
):
    change = change_between(unit=unit, previous=D(previous), current=D(current))
    assert (change.absolute, change.relative_percent, change.headline) == (
        D(absolute),
        D(relative),
        headline,
    )


def test_a_count_from_zero_has_no_relative_change():
    assert change_between(unit=Unit.COUNT, previous=D("0"), current=D("5")) is None


def test_progress_shows_the_series_and_the_change_against_the_previous_phase(province):
    programme = ProgrammeFactory(area=province)
    before = PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    phase = PhaseFactory(programme=programme, previous=before)
    old = IndicatorFactory(objective=ObjectiveFactory(phase=before), code="2.2")
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase), code="2.2", previous=old)
    MeasurementFactory(indicator=old, area=province, period="2015", value=D("25.2"))
    MeasurementFactory(indicator=indicator, area=province, period="2018", value=D("30.1"))
    MeasurementFactory(indicator=indicator, area=province, period="2020", value=D("32.9"))
    TargetFactory(indicator=indicator, area=province, year=2020, value=D("35"))

    progress = indicator_progress(indicator=indicator, area=province)

    assert [(p.period, p.actual, p.target) for p in progress.series] == [
        ("2016", None, None),
        ("2017", None, None),
        ("2018", D("30.1"), None),
        ("2019", None, None),
        ("2020", D("32.9"), D("35")),
    ]
    assert (
        progress.previous_phase.indicator,
        progress.previous_phase.value,
        progress.previous_phase.year,
    ) == (
        old,
        D("25.2"),
        2015,
    )
    assert (progress.change.absolute, progress.change.headline) == (
        D("7.7"),
        ChangeHeadline.PERCENTAGE_POINTS,
    )


def test_progress_without_a_previous_indicator_has_no_change(province):
    indicator = indicator_in(province)
    progress = indicator_progress(indicator=indicator)
    assert (progress.previous_phase, progress.change) == (None, None)
