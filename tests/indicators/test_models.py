"""Indicators, targets and figures: what the database itself refuses."""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Measurement, Target
from tests.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory, TargetFactory

pytestmark = pytest.mark.django_db


def refused_by_database(factory, **kwargs) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_an_indicator_takes_its_phase_from_its_objective():
    objective = ObjectiveFactory()
    assert IndicatorFactory(objective=objective).phase == objective.phase


def test_indicator_codes_are_unique_within_a_phase():
    indicator = IndicatorFactory(code="2.2")
    other_objective = ObjectiveFactory(phase=indicator.phase)
    refused_by_database(IndicatorFactory, objective=other_objective, code="2.2")
    assert IndicatorFactory(code="2.2").phase != indicator.phase


def test_a_figure_knows_its_year_from_its_period():
    assert MeasurementFactory(period="2019S2").year == 2019


def test_the_database_keeps_one_figure_per_indicator_area_period_and_sex():
    figure = MeasurementFactory()
    refused_by_database(MeasurementFactory, indicator=figure.indicator, area=figure.area)


@pytest.mark.parametrize(
    "fields",
    [
        {"value": D("-1")},
        {"numerator": D("-1"), "denominator": D("10")},
        {"numerator": D("1"), "denominator": D("0")},
        {"numerator": D("1")},
    ],
)
def test_the_database_refuses_impossible_figures(fields):
    refused_by_database(MeasurementFactory, **fields)
    assert Measurement.objects.count() == 0


def test_the_database_refuses_a_malformed_period():
    figure = MeasurementFactory.build(indicator=IndicatorFactory(), period="2020")
    figure.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=figure.pk).update(period="2020S3")


def test_the_database_keeps_one_target_per_indicator_area_and_year():
    target = TargetFactory()
    refused_by_database(TargetFactory, indicator=target.indicator, area=target.area)


@pytest.mark.parametrize(
    "fields",
    [
        {"value": D("-5")},
        {"baseline_value": D("-1"), "baseline_year": 2015},
        {"baseline_value": D("20"), "baseline_year": 2020},
        {"baseline_value": D("20")},
        {"year": 1800},
    ],
)
def test_the_database_refuses_impossible_targets(fields):
    refused_by_database(TargetFactory, **fields)


def test_the_database_refuses_a_percent_figure_over_100():
    refused_by_database(
        MeasurementFactory, indicator=IndicatorFactory(unit="percent"), value=D("100.01")
    )
    assert Measurement.objects.count() == 0


def test_the_database_refuses_raising_a_percent_figure_over_100():
    figure = MeasurementFactory(indicator=IndicatorFactory(unit="percent"), value=D("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=figure.pk).update(value=D("101"))
    figure.refresh_from_db()
    assert figure.value == D("100")


def test_the_database_accepts_counts_over_100():
    assert MeasurementFactory(indicator=IndicatorFactory(unit="count"), value=D("250")).pk


@pytest.mark.parametrize(
    "fields", [{"value": D("101")}, {"baseline_value": D("120"), "baseline_year": 2015}]
)
def test_the_database_refuses_a_percent_target_over_100(fields):
    refused_by_database(TargetFactory, indicator=IndicatorFactory(unit="percent"), **fields)


def test_the_database_refuses_a_percent_range_whose_upper_value_is_over_100():
    """A share lies within 0–100 (Luật Thống kê 2015: a tỷ lệ is a part of a whole): the
    upper value of a "từ … đến …" range too, written past the service."""
    refused_by_database(
        TargetFactory,
        indicator=IndicatorFactory(unit="percent"),
        comparator="between",
        value=D("90"),
        value_max=D("100.01"),
    )
    assert Target.objects.count() == 0


def test_the_database_refuses_raising_a_percent_range_past_100():
    """The same guard on a raw UPDATE of the upper value, which no service sees."""
    target = TargetFactory(
        indicator=IndicatorFactory(unit="percent"),
        comparator="between",
        value=D("90"),
        value_max=D("100"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(value_max=D("101"))
    target.refresh_from_db()
    assert target.value_max == D("100")


def test_the_database_accepts_a_count_range_over_100():
    target = TargetFactory(
        indicator=IndicatorFactory(unit="count"),
        comparator="between",
        value=D("90"),
        value_max=D("250"),
    )
    assert Target.objects.get(pk=target.pk).value_max == D("250")


def test_the_database_accepts_a_sex_ratio_target_over_100():
    assert TargetFactory(indicator=IndicatorFactory(unit="per_100"), value=D("115")).pk
