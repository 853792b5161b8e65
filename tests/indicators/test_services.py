"""Figures and targets through their services: every bad input refused, nothing written."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Measurement, MeasurementStatus, Sex, Target, Unit
from indicators.services import (
    AREA_NOT_VALID,
    BASELINE_AFTER_TARGET,
    DENOMINATOR_NOT_POSITIVE,
    MILESTONE_VALUE,
    NUMERATOR_OVER_DENOMINATOR,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERCENT_OVER_100,
    PERIOD_MALFORMED,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
    VALUE_DISAGREES_WITH_RATIO,
    VALUE_NEGATIVE,
    VALUE_REQUIRED,
    YEAR_OUTSIDE_PHASE,
    BatchInvalid,
    FigureInput,
    FigureLocked,
    measurement_save,
    measurements_save,
    target_save,
)
from tests.factories import AreaFactory, IndicatorFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def percent_indicator():
    return IndicatorFactory(unit=Unit.PERCENT)


@pytest.fixture
def count_indicator():
    return IndicatorFactory(unit=Unit.COUNT)


def figure(indicator, **kwargs) -> FigureInput:
    kwargs.setdefault("area", indicator.phase.programme.area)
    kwargs.setdefault("period", "2020")
    return FigureInput(indicator=indicator, **kwargs)


def refused(indicator, **kwargs) -> dict[str, list[str]]:
    """Save one bad figure, check nothing was written, return the messages by field."""
    with pytest.raises(ValidationError) as caught:
        measurement_save(figure=figure(indicator, **kwargs))
    assert Measurement.objects.count() == 0
    return caught.value.message_dict


def test_a_figure_is_created_with_its_year_and_author(count_indicator, django_user_model):
    user = django_user_model.objects.create_user("nhap.lieu")
    saved = measurement_save(
        figure=figure(count_indicator, period="2019S2", value=D("12")), user=user
    )
    saved.refresh_from_db()
    assert (saved.year, saved.value, saved.status, saved.created_by) == (
        2019,
        D("12"),
        MeasurementStatus.DRAFT,
        user,
    )


def test_a_rate_value_is_computed_from_numerator_and_denominator(percent_indicator):
    saved = measurement_save(
        figure=figure(percent_indicator, numerator=D("329"), denominator=D("1000"))
    )
    assert saved.value == D("32.9000")


@pytest.mark.parametrize("period", ["2020S3", "20", "2020-1", "S12020", ""])
def test_a_malformed_period_is_refused(percent_indicator, period):
    errors = refused(percent_indicator, period=period, value=D("1"))
    assert errors == {"period": [PERIOD_MALFORMED % {"period": period}]}


def test_a_period_outside_the_phase_is_refused(percent_indicator):
    errors = refused(percent_indicator, period="2021S1", value=D("1"))
    assert errors == {
        "period": [
            PERIOD_OUTSIDE_PHASE
            % {"period": "2021S1", "phase": "2016–2020", "start": 2016, "end": 2020}
        ]
    }


def test_an_area_not_valid_in_the_period_is_refused(percent_indicator):
    gone = AreaFactory(name="Huyện Cũ", valid_to=datetime.date(2019, 6, 30))
    errors = refused(percent_indicator, area=gone, period="2019S2", value=D("1"))
    assert errors == {"area": [AREA_NOT_VALID % {"area": "Huyện Cũ", "period": "2019S2"}]}


def test_an_area_valid_for_part_of_the_period_is_accepted(percent_indicator):
    merged = AreaFactory(valid_to=datetime.date(2019, 6, 30))
    measurement_save(figure=figure(percent_indicator, area=merged, period="2019", value=D("4")))
    assert Measurement.objects.get().area == merged


def test_a_negative_count_is_refused(count_indicator):
    assert refused(count_indicator, value=D("-1")) == {"value": [VALUE_NEGATIVE]}


def test_a_percent_over_100_is_refused(percent_indicator):
    assert refused(percent_indicator, value=D("100.5")) == {"value": [PERCENT_OVER_100]}


def test_a_numerator_without_denominator_is_refused(percent_indicator):
    errors = refused(percent_indicator, value=D("5"), numerator=D("5"))
    assert errors == {"denominator": [NUMERATOR_WITHOUT_DENOMINATOR]}


def test_a_zero_denominator_is_refused(percent_indicator):
    errors = refused(percent_indicator, numerator=D("0"), denominator=D("0"))
    assert errors == {"denominator": [DENOMINATOR_NOT_POSITIVE]}


def test_a_numerator_above_the_denominator_is_refused_for_a_percent(percent_indicator):
    errors = refused(percent_indicator, numerator=D("11"), denominator=D("10"))
    assert errors == {"numerator": [NUMERATOR_OVER_DENOMINATOR]}


def test_a_value_that_disagrees_with_its_ratio_is_refused(percent_indicator):
    errors = refused(percent_indicator, value=D("40"), numerator=D("1"), denominator=D("3"))
    assert errors == {
        "value": [VALUE_DISAGREES_WITH_RATIO % {"value": D("40"), "expected": D("33.3333")}]
    }


def test_a_value_rounded_to_one_decimal_agrees_with_its_ratio(percent_indicator):
    saved = measurement_save(
        figure=figure(percent_indicator, value=D("33.3"), numerator=D("1"), denominator=D("3"))
    )
    assert saved.value == D("33.3")


def test_a_figure_without_value_or_ratio_is_refused(count_indicator):
    assert refused(count_indicator) == {"value": [VALUE_REQUIRED]}


def test_a_milestone_is_zero_or_one():
    milestone = IndicatorFactory(unit=Unit.MILESTONE)
    assert refused(milestone, value=D("2")) == {"value": [MILESTONE_VALUE]}


def test_female_and_male_must_add_up_to_the_total(count_indicator):
    area = count_indicator.phase.programme.area
    with pytest.raises(BatchInvalid) as caught:
        measurements_save(
            figures=[
                figure(count_indicator, sex=Sex.TOTAL, value=D("10")),
                figure(count_indicator, sex=Sex.FEMALE, value=D("4")),
                figure(count_indicator, sex=Sex.MALE, value=D("5")),
            ]
        )
    message = str(
        SEX_SUM_MISMATCH
        % {"total": "10", "female": "4", "male": "5", "area": area.name, "period": "2020"}
    )
    assert caught.value.row_errors == {
        0: {"sex": [message]},
        1: {"sex": [message]},
        2: {"sex": [message]},
    }
    assert Measurement.objects.count() == 0


def test_the_sex_check_sees_figures_already_saved(count_indicator):
    MeasurementFactory(indicator=count_indicator, sex=Sex.TOTAL, value=D("10"))
    MeasurementFactory(indicator=count_indicator, sex=Sex.FEMALE, value=D("4"))
    with pytest.raises(BatchInvalid):
        measurements_save(figures=[figure(count_indicator, sex=Sex.MALE, value=D("5"))])
    assert Measurement.objects.filter(sex=Sex.MALE).count() == 0
    measurements_save(figures=[figure(count_indicator, sex=Sex.MALE, value=D("6"))])
    assert Measurement.objects.get(sex=Sex.MALE).value == D("6")


def test_rates_by_sex_are_checked_through_their_ratios(percent_indicator):
    consistent = [
        figure(percent_indicator, sex=Sex.TOTAL, numerator=D("30"), denominator=D("100")),
        figure(percent_indicator, sex=Sex.FEMALE, numerator=D("20"), denominator=D("40")),
        figure(percent_indicator, sex=Sex.MALE, numerator=D("10"), denominator=D("60")),
    ]
    assert measurements_save(figures=consistent).created == 3
    with pytest.raises(BatchInvalid):
        measurements_save(
            figures=[
                figure(percent_indicator, sex=Sex.MALE, numerator=D("11"), denominator=D("60"))
            ]
        )
    assert Measurement.objects.get(sex=Sex.MALE).numerator == D("10")


def test_a_batch_reports_every_bad_row_and_writes_nothing(count_indicator, percent_indicator):
    rows = [figure(count_indicator, period=f"20{16 + i % 5}", value=D(i)) for i in range(4)]
    rows[1] = figure(count_indicator, period="2017", value=D("-3"))
    rows.append(figure(percent_indicator, value=D("120")))
    with pytest.raises(BatchInvalid) as caught:
        measurements_save(figures=rows)
    assert caught.value.row_errors == {
        1: {"value": [str(VALUE_NEGATIVE)]},
        4: {"value": [str(PERCENT_OVER_100)]},
    }
    assert Measurement.objects.count() == 0


def test_a_batch_counts_created_updated_and_unchanged(count_indicator):
    MeasurementFactory(indicator=count_indicator, period="2019", value=D("5"))
    MeasurementFactory(indicator=count_indicator, period="2018", value=D("7"))
    result = measurements_save(
        figures=[
            figure(count_indicator, period="2020", value=D("1")),
            figure(count_indicator, period="2019", value=D("6")),
            figure(count_indicator, period="2018", value=D("7")),
        ]
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    values = dict(Measurement.objects.values_list("period", "value"))
    assert values == {"2018": D("7"), "2019": D("6"), "2020": D("1")}


def test_a_dry_run_counts_but_writes_nothing(count_indicator):
    result = measurements_save(figures=[figure(count_indicator, value=D("1"))], dry_run=True)
    assert result.created == 1
    assert Measurement.objects.count() == 0


def test_the_same_figure_twice_in_a_batch_is_refused(count_indicator):
    with pytest.raises(BatchInvalid) as caught:
        measurements_save(
            figures=[figure(count_indicator, value=D("1")), figure(count_indicator, value=D("2"))]
        )
    assert list(caught.value.row_errors) == [1]
    assert Measurement.objects.count() == 0


def test_an_approved_figure_cannot_be_changed_by_the_service(count_indicator):
    MeasurementFactory(indicator=count_indicator, value=D("5"), status=MeasurementStatus.APPROVED)
    with pytest.raises(FigureLocked) as caught:
        measurements_save(figures=[figure(count_indicator, value=D("6"))])
    assert "approved and locked" in str(caught.value)
    assert Measurement.objects.get().value == D("5")


def test_an_approved_figure_given_again_unchanged_is_not_a_conflict(count_indicator):
    MeasurementFactory(indicator=count_indicator, value=D("5"), status=MeasurementStatus.APPROVED)
    result = measurements_save(figures=[figure(count_indicator, value=D("5"))])
    assert result.unchanged == 1


def test_a_target_outside_the_phase_is_refused(percent_indicator):
    target = Target(
        indicator=percent_indicator,
        area=percent_indicator.phase.programme.area,
        year=2025,
        comparator="gte",
        value=D("30"),
    )
    with pytest.raises(ValidationError) as caught:
        target_save(target=target)
    assert caught.value.message_dict == {
        "year": [
            YEAR_OUTSIDE_PHASE % {"year": 2025, "phase": "2016–2020", "start": 2016, "end": 2020}
        ]
    }
    assert Target.objects.count() == 0


def test_a_percent_target_over_100_is_refused(percent_indicator):
    target = TargetFactory.build(indicator=percent_indicator, value=D("101"))
    with pytest.raises(ValidationError) as caught:
        target_save(target=target)
    assert caught.value.message_dict == {"value": [PERCENT_OVER_100]}
    assert Target.objects.count() == 0


def test_a_baseline_after_the_target_year_is_refused(percent_indicator):
    target = TargetFactory.build(
        indicator=percent_indicator, baseline_value=D("20"), baseline_year=2020
    )
    with pytest.raises(ValidationError) as caught:
        target_save(target=target)
    assert caught.value.message_dict == {"baseline_year": [BASELINE_AFTER_TARGET]}


def test_a_valid_target_is_saved(percent_indicator):
    target = TargetFactory.build(
        indicator=percent_indicator, baseline_value=D("25.2"), baseline_year=2015
    )
    target_save(target=target)
    assert Target.objects.get().baseline_value == D("25.2")


def test_a_figure_given_without_a_note_keeps_the_note_it_has(count_indicator):
    MeasurementFactory(indicator=count_indicator, value=D("5"), note="Số liệu sơ bộ")
    result = measurements_save(figures=[figure(count_indicator, value=D("6"))])
    assert result.updated == 1
    assert Measurement.objects.get().note == "Số liệu sơ bộ"
    measurements_save(figures=[figure(count_indicator, value=D("6"), note="")])
    assert Measurement.objects.get().note == ""
