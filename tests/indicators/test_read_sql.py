"""The read models' reads as plain SQL: the rows the querysets gave, decimals as
decimals on every database, and no query where there is nothing to read."""

from decimal import Decimal

import pytest

from indicators.models import MeasurementStatus, Sex, Unit
from indicators.read_sql import child_sums_rows, figure_rows, target_values
from indicators.selectors import IndicatorRow, ObjectiveRow, TargetRow, objective_and_target_rows
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_figure_rows_are_the_total_figures_of_the_areas_or_of_the_indicator_years_asked(
    django_assert_num_queries,
):
    indicator = IndicatorFactory()
    province = indicator.phase.programme.area
    district = AreaFactory(parent=province)
    elsewhere = AreaFactory()
    MeasurementFactory(indicator=indicator, area=province, value=Decimal("32.9"))
    MeasurementFactory(
        indicator=indicator,
        area=district,
        period="2020S1",
        value=Decimal("12.5"),
        numerator=Decimal("25"),
        denominator=Decimal("200"),
    )
    MeasurementFactory(indicator=indicator, area=district, sex=Sex.FEMALE, value=Decimal("7"))
    MeasurementFactory(indicator=indicator, area=elsewhere, value=Decimal("99"))
    common = {"paths": [province.path], "indicators": {indicator.pk}, "years": {2020}}

    with django_assert_num_queries(1):
        own = figure_rows(
            **common, sex=Sex.TOTAL, status=None, areas={province.pk}, indicator_years=None
        )
    every = figure_rows(
        **common,
        sex=Sex.TOTAL,
        status=None,
        areas={province.pk},
        indicator_years=({indicator.pk}, {2020}),
    )
    approved = figure_rows(
        **common,
        sex=Sex.TOTAL,
        status=MeasurementStatus.APPROVED,
        areas={province.pk},
        indicator_years=({indicator.pk}, {2020}),
    )

    assert own == [(indicator.pk, province.pk, 2020, "2020", Decimal("32.9"), None, None)]
    assert sorted(every) == [
        (indicator.pk, province.pk, 2020, "2020", Decimal("32.9"), None, None),
        (indicator.pk, district.pk, 2020, "2020S1", Decimal("12.5"), Decimal("25"), Decimal("200")),
    ]
    assert approved == []
    assert all(type(row[4]) is Decimal for row in every)


def test_nothing_to_read_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert child_sums_rows(columns=["figures"], indicators={}, parents={1}, years={2020}) == []
        assert (
            figure_rows(
                paths=["/1/"],
                indicators={1},
                years={2020},
                sex=Sex.TOTAL,
                status=None,
                areas=set(),
                indicator_years=(set(), set()),
            )
            == []
        )


def test_child_sums_rows_are_the_sums_the_database_keeps():
    indicator = IndicatorFactory()
    province = indicator.phase.programme.area
    for value in ("1.25", "2.5"):
        MeasurementFactory(
            indicator=indicator, area=AreaFactory(parent=province), value=Decimal(value)
        )

    rows = child_sums_rows(
        columns=["indicator", "parent", "year", "figures", "value_sum"],
        indicators={indicator.pk},
        parents={province.pk},
        years={2020},
    )

    assert rows == [(indicator.pk, province.pk, 2020, 2, Decimal("3.75"))]
    assert type(rows[0][4]) is Decimal


def test_the_scorecard_reads_every_objective_and_the_area_s_targets_in_one_query(
    django_assert_num_queries,
):
    first = ObjectiveFactory(number=2, title="Mục tiêu 2")
    phase = first.phase
    empty = ObjectiveFactory(phase=phase, number=1, title="Mục tiêu 1")
    indicator = IndicatorFactory(objective=first, code="2.1", unit=Unit.PER_100, decimals=1)
    province = phase.programme.area
    total = TargetFactory(indicator=indicator, value=Decimal("40.5"))
    female = TargetFactory(indicator=indicator, sex=Sex.FEMALE, value=Decimal("45"))
    TargetFactory(indicator=indicator, area=AreaFactory(parent=province))  # a district's
    IndicatorFactory(objective=first, code="2.2")  # no target

    with django_assert_num_queries(1):
        objectives, targets = objective_and_target_rows(phase, province)

    assert objectives == [
        ObjectiveRow(empty.pk, 1, "Mục tiêu 1"),
        ObjectiveRow(first.pk, 2, "Mục tiêu 2"),
    ]
    row = IndicatorRow(indicator.pk, "2.1", first.pk, Unit.PER_100, "", 1, "increase", "stock")
    assert sorted(targets) == [
        TargetRow(
            total.pk, indicator.pk, 2020, "total", "gte", Decimal("40.5"), None, None, None, row
        ),
        TargetRow(
            female.pk, indicator.pk, 2020, "female", "gte", Decimal("45"), None, None, None, row
        ),
    ]
    assert targets[0].indicator is targets[1].indicator


def test_target_values_are_the_indicator_s_targets_for_the_area(django_assert_num_queries):
    indicator = IndicatorFactory()
    province = indicator.phase.programme.area
    TargetFactory(indicator=indicator, year=2018, value=Decimal("30.5"))
    TargetFactory(indicator=indicator, sex=Sex.FEMALE, value=Decimal("40"))
    TargetFactory(indicator=indicator, area=AreaFactory(parent=province))  # a district's

    with django_assert_num_queries(1):
        values = target_values(indicator_id=indicator.pk, area_id=province.pk)

    assert sorted(values) == [(2018, "total", Decimal("30.5")), (2020, "female", Decimal("40"))]
    assert all(type(value) is Decimal for _year, _sex, value in values)
