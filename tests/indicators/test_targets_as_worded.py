"""Targets as the law words them, and phase totals (DESIGN §3 Target, §4 rules 2–4).

Each test names the legal text whose wording it pins.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from indicators.models import (
    DIRECTION_NEEDS_BASELINE,
    SUM_ONLY_FOR_COUNTS,
    VALUE_MAX_ONLY_FOR_BETWEEN,
    Accumulation,
    Indicator,
    PhaseAggregate,
    Target,
    Unit,
)
from indicators.rules import TargetStatus, phase_total, target_status
from indicators.selectors import indicator_progress, phase_scorecard
from indicators.services import indicator_save, target_save
from tests.factories import (
    IndicatorFactory,
    MeasurementFactory,
    PhaseFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def _target(**fields) -> Target:
    indicator = fields.pop("indicator", None) or IndicatorFactory.build(unit=Unit.PERCENT)
    return Target(indicator=indicator, year=2020, **fields)


# "trên": strictly above


def test_tren_35_percent_is_strict():
    """Quyết định 2351/QĐ-TTg: "nhiệm kỳ 2016–2020 trên 35%" — 35% exactly is not enough."""
    target = _target(comparator="gt", value=Decimal("35"))

    assert target_status(target, Decimal("35"), 2020) == TargetStatus.NOT_ACHIEVED
    assert target_status(target, Decimal("35.1"), 2020) == TargetStatus.ACHIEVED


def test_the_explanation_reads_as_a_report_writes_it_never_with_a_symbol():
    """Quyết định 2351/QĐ-TTg, as a review report quotes it: "Năm 2020 đạt 36,2%, vượt chỉ
    tiêu trên 35%."."""
    target = TargetFactory(comparator="gt", value=Decimal("35"))
    MeasurementFactory(indicator=target.indicator, value=Decimal("36.2"))

    with translation.override("vi"):
        line = phase_scorecard(phase=target.indicator.phase).lines[0]

    assert line.explanation == "Năm 2020 đạt 36,2%, vượt chỉ tiêu trên 35%."
    assert "≥" not in line.explanation and ">" not in line.explanation


@pytest.mark.parametrize(
    ("comparator", "actual", "sentence"),
    [
        ("gt", "36.2", "In 2020: 36.2%, exceeding the target of more than 35%."),
        ("gt", "35", "In 2020: 35%, short of the target of more than 35%."),
        ("gte", "35", "In 2020: 35%, meeting the target of at least 35%."),
        ("lt", "34", "In 2020: 34%, exceeding the target of less than 35%."),
        ("lte", "36", "In 2020: 36%, short of the target of at most 35%."),
        ("lte", "35", "In 2020: 35%, meeting the target of at most 35%."),
    ],
)
def test_the_english_explanation_reads_as_english(comparator, actual, sentence):
    """The same sentence of Quyết định 2351/QĐ-TTg's "trên 35%" in English: "exceeding the
    target of more than 35%", never "beating the target of above 35%"."""
    target = TargetFactory(comparator=comparator, value=Decimal("35"))
    MeasurementFactory(indicator=target.indicator, value=Decimal(actual))

    with translation.override("en"):
        line = phase_scorecard(phase=target.indicator.phase).lines[0]

    assert line.explanation == sentence


@pytest.mark.parametrize(
    ("comparator", "actual", "sentence"),
    [
        ("gte", "35", "Năm 2020 đạt 35%, đạt chỉ tiêu từ 35% trở lên."),
        ("gte", "34", "Năm 2020: 34%, chưa đạt chỉ tiêu từ 35% trở lên."),
        ("lte", "36", "Năm 2020: 36%, chưa đạt chỉ tiêu không vượt quá 35%."),
        ("lt", "30", "Năm 2020 đạt 30%, vượt chỉ tiêu dưới 35%."),
    ],
)
def test_each_comparator_is_worded(comparator, actual, sentence):
    """DOMAIN §1: "từ … trở lên" → gte, "không vượt quá" → lte, "dưới" → lt; reports write
    "đạt" / "vượt" / "chưa đạt" (DOMAIN §5)."""
    target = TargetFactory(comparator=comparator, value=Decimal("35"))
    MeasurementFactory(indicator=target.indicator, value=Decimal(actual))

    with translation.override("vi"):
        assert phase_scorecard(phase=target.indicator.phase).lines[0].explanation == sentence


# Targets by sex: "ít nhất 40% cho mỗi giới" is two targets, counted once


@pytest.fixture
def jobs_by_sex():
    """2.1 of Quyết định 2351/QĐ-TTg: each sex's share of new jobs at least 40%."""
    indicator = IndicatorFactory(code="2.1", unit=Unit.PERCENT)
    for sex in ("female", "male"):
        TargetFactory(indicator=indicator, sex=sex, comparator="gte", value=Decimal("40"))
    return indicator


def test_a_target_by_sex_is_judged_on_each_sex_and_counted_once(jobs_by_sex):
    """Quyết định 2351/QĐ-TTg, chỉ tiêu 2.1: "bảo đảm ít nhất 40% cho mỗi giới" — both sexes'
    shares judged, one target in "x/y chỉ tiêu"."""
    MeasurementFactory(indicator=jobs_by_sex, sex="female", value=Decimal("44.1"))
    MeasurementFactory(indicator=jobs_by_sex, sex="male", value=Decimal("55.9"))

    with translation.override("vi"):
        scorecard = phase_scorecard(phase=jobs_by_sex.phase)

    assert (scorecard.targets_total, scorecard.achieved) == (1, 1)
    (line,) = scorecard.lines
    assert [(p.target.sex, p.actual, p.status) for p in line.parts] == [
        ("female", Decimal("44.1"), "achieved"),
        ("male", Decimal("55.9"), "achieved"),
    ]
    assert line.explanation == (
        "Năm 2020 đạt 44,1%, vượt chỉ tiêu từ 40% trở lên đối với nữ. "
        "Năm 2020 đạt 55,9%, vượt chỉ tiêu từ 40% trở lên đối với nam."
    )


def test_a_target_by_sex_missed_by_one_sex_is_not_achieved(jobs_by_sex):
    """Quyết định 2351/QĐ-TTg, chỉ tiêu 2.1: 62% women leaves men at 38%, below 40%."""
    MeasurementFactory(indicator=jobs_by_sex, sex="female", value=Decimal("62"))
    MeasurementFactory(indicator=jobs_by_sex, sex="male", value=Decimal("38"))

    scorecard = phase_scorecard(phase=jobs_by_sex.phase)

    assert (scorecard.targets_total, scorecard.not_achieved, scorecard.achieved) == (1, 1, 0)


def test_a_target_by_sex_with_one_sex_missing_has_no_data(jobs_by_sex):
    """DESIGN §4 rule 2: a target by sex is judged on that sex's actual; none, no data."""
    MeasurementFactory(indicator=jobs_by_sex, sex="female", value=Decimal("44"))

    scorecard = phase_scorecard(phase=jobs_by_sex.phase)

    assert (scorecard.targets_total, scorecard.no_data) == (1, 1)


def test_a_second_target_for_the_same_sex_is_refused(jobs_by_sex):
    """DESIGN §3: targets are unique on (indicator, area, year, sex)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(indicator=jobs_by_sex, sex="female", value=Decimal("45"))
    assert Target.objects.filter(indicator=jobs_by_sex).count() == 2


# Ranges and directions


def test_between_needs_the_actual_within_both_values():
    """Nghị quyết 28/NQ-CP writes bands ("khoảng 111"): value ≤ actual ≤ value_max."""
    target = _target(comparator="between", value=Decimal("40"), value_max=Decimal("60"))

    assert target_status(target, Decimal("40"), 2020) == TargetStatus.ACHIEVED
    assert target_status(target, Decimal("60"), 2020) == TargetStatus.ACHIEVED
    assert target_status(target, Decimal("60.1"), 2020) == TargetStatus.NOT_ACHIEVED
    assert target_status(target, Decimal("39.9"), 2020) == TargetStatus.NOT_ACHIEVED


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [
        ("decrease", "4.9", TargetStatus.ACHIEVED),
        ("decrease", "5", TargetStatus.NOT_ACHIEVED),
        ("increase", "5.1", TargetStatus.ACHIEVED),
        ("increase", "5", TargetStatus.NOT_ACHIEVED),
    ],
)
def test_a_direction_target_is_judged_against_its_baseline(comparator, actual, status):
    """Quyết định 2361/QĐ-TTg: "giảm tỷ lệ gia tăng số trẻ em bị xâm hại" names only a
    direction: the actual is compared with the baseline."""
    target = _target(
        comparator=comparator,
        value=Decimal("5"),
        baseline_value=Decimal("5"),
        baseline_year=2015,
    )

    assert target_status(target, Decimal(actual), 2020) == status
    assert target_status(target, Decimal(actual), 2018) == (
        TargetStatus.ON_TRACK if status == TargetStatus.ACHIEVED else TargetStatus.OFF_TRACK
    )


def test_the_direction_target_is_worded_against_its_baseline():
    """Quyết định 2361/QĐ-TTg: "giảm … so với" the baseline, in words."""
    target = TargetFactory(
        comparator="decrease",
        value=Decimal("5.5"),
        baseline_value=Decimal("5.5"),
        baseline_year=2015,
    )
    MeasurementFactory(indicator=target.indicator, value=Decimal("4.8"))

    with translation.override("vi"):
        line = phase_scorecard(phase=target.indicator.phase).lines[0]

    assert line.explanation == "Năm 2020 đạt 4,8%, đạt chỉ tiêu giảm so với 5,5% (năm 2015)."


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"comparator": "between", "value": "40"}, {"value_max": [VALUE_MAX_ONLY_FOR_BETWEEN]}),
        (
            {"comparator": "between", "value": "40", "value_max": "30"},
            {"value_max": [VALUE_MAX_ONLY_FOR_BETWEEN]},
        ),
        (
            {"comparator": "gte", "value": "40", "value_max": "60"},
            {"value_max": [VALUE_MAX_ONLY_FOR_BETWEEN]},
        ),
        ({"comparator": "decrease", "value": "5"}, {"comparator": [DIRECTION_NEEDS_BASELINE]}),
    ],
)
def test_a_target_missing_what_its_comparator_needs_is_refused(indicator, fields, errors):
    """DESIGN §3 Target: `between` with `value_max`; `decrease` / `increase` against the
    baseline. Refused with the message, nothing written."""
    target = Target(
        indicator=indicator,
        area=indicator.phase.programme.area,
        year=2020,
        **{k: Decimal(v) if k.startswith("value") else v for k, v in fields.items()},
    )

    with pytest.raises(ValidationError) as refused:
        target_save(target=target)

    assert refused.value.message_dict == {k: [str(m) for m in v] for k, v in errors.items()}
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"comparator": "between", "value": Decimal("40")},
        {"comparator": "gte", "value": Decimal("40"), "value_max": Decimal("60")},
        {"comparator": "increase", "value": Decimal("40")},
        {"comparator": "increase", "value": Decimal("40"), "baseline_value": Decimal("30")},
    ],
)
def test_the_database_refuses_what_the_service_refuses(indicator, fields):
    """DESIGN §3 Target: the database's CheckConstraints keep the comparators' needs."""
    fields.setdefault("baseline_value", None)
    if fields["baseline_value"] is not None:
        fields["baseline_year"] = 2015
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=indicator, area=indicator.phase.programme.area, year=2020, **fields
        )
    assert not Target.objects.exists()


# Phase totals (rule 4)


def test_phase_total_by_aggregate():
    """DESIGN §4 rule 4: end value, sum, mean of a phase's yearly actuals."""
    years = range(2016, 2021)
    values = {y: Decimal(v) for y, v in zip(years, ["1", "2", "3", "4", "5"], strict=True)}

    assert phase_total(PhaseAggregate.END_VALUE, values, years) == Decimal("5")
    assert phase_total(PhaseAggregate.SUM, values, years) == Decimal("15")
    assert phase_total(PhaseAggregate.MEAN, values, years) == Decimal("3")
    del values[2018]
    assert phase_total(PhaseAggregate.SUM, values, years) is None
    assert phase_total(PhaseAggregate.MEAN, values, years) == Decimal("3")


@pytest.fixture
def female_jobs():
    """Female workers given jobs, a flow summed over the phase, 2011–2015 and 2016–2020."""
    old = IndicatorFactory(
        objective__phase=PhaseFactory(start_year=2011, end_year=2015),
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        phase_aggregate=PhaseAggregate.SUM,
    )
    new_phase = PhaseFactory(
        programme=old.phase.programme, start_year=2016, end_year=2020, previous=old.phase
    )
    indicator = IndicatorFactory(
        objective__phase=new_phase,
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        phase_aggregate=PhaseAggregate.SUM,
        previous=old,
    )
    for year, value in zip(range(2011, 2016), [7900, 8100, 8250, 8400, 8530], strict=True):
        MeasurementFactory(indicator=old, period=str(year), value=Decimal(value))
    for year, value in zip(range(2016, 2021), [8159, 8550, 8846, 9062, 9260], strict=True):
        MeasurementFactory(indicator=indicator, period=str(year), value=Decimal(value))
    return indicator


def test_the_change_of_a_flow_compares_five_year_totals(female_jobs):
    """A review's "giai đoạn 2016–2020 giải quyết việc làm cho 43.877 lao động nữ, tăng 6,55%
    so với giai đoạn 2011–2015" (41.180): DESIGN §4 rule 4, `phase_aggregate` sum."""
    progress = indicator_progress(indicator=female_jobs)

    assert progress.previous_phase.value == Decimal("41180")
    assert progress.previous_phase.aggregate == "sum"
    assert (progress.change.absolute, progress.change.relative_percent) == (
        Decimal("2697"),
        Decimal("6.55"),
    )
    assert progress.change.headline == "percent"
    assert progress.change.aggregate == "sum"


def test_a_flow_without_every_year_has_no_total_to_compare(female_jobs):
    """DESIGN §4 rule 4: a partial total against a whole one would read as a fall."""
    female_jobs.measurements.filter(period="2019").delete()

    progress = indicator_progress(indicator=female_jobs)

    assert progress.previous_phase.value == Decimal("41180")
    assert progress.change is None


def test_a_series_break_comes_with_the_change(female_jobs):
    """DOMAIN §5: "flag a series break where the definition changed" — shown, not silent."""
    female_jobs.series_break = True
    female_jobs.save()

    assert indicator_progress(indicator=female_jobs).change.series_break is True


def test_a_rate_cannot_be_summed_over_a_phase(indicator):
    """DESIGN §4 rule 4: `sum` adds counts ("people given jobs in 2016–2020"), never rates."""
    indicator.phase_aggregate = PhaseAggregate.SUM

    with pytest.raises(ValidationError) as refused:
        indicator_save(indicator=indicator)

    assert str(SUM_ONLY_FOR_COUNTS) in str(refused.value)
    assert Indicator.objects.get().phase_aggregate == PhaseAggregate.END_VALUE


def test_the_headline_of_a_change_is_the_one_its_unit_calls_for():
    """DESIGN §4 rule 4: a count moves in percent ("tăng 10%"), a share in percentage
    points; the headline value is that one, not the other."""
    from indicators.rules import change_between

    count = change_between(unit=Unit.COUNT, previous=Decimal("200"), current=Decimal("220"))
    share = change_between(unit=Unit.PERCENT, previous=Decimal("40"), current=Decimal("44"))

    assert (count.headline, count.headline_value) == ("percent", Decimal("10.00"))
    assert (share.headline, share.headline_value) == ("percentage_points", Decimal("4"))
    assert change_between(unit=Unit.MILESTONE, previous=Decimal(1), current=Decimal(1)) is None


def test_a_range_already_reached_before_its_year_is_on_track_whatever_the_line():
    """Quyết định 1464/QĐ-TTg words some targets as a range ("từ … đến …"): an actual inside
    it before the target year is on track, even where the straight line from a baseline
    far above the range has not come down that far yet (50 in 2015 → line 26 in 2018)."""
    target = _target(
        comparator="between",
        value=Decimal("10"),
        value_max=Decimal("20"),
        baseline_value=Decimal("50"),
        baseline_year=2015,
    )

    assert target_status(target, Decimal("15"), 2018) == TargetStatus.ON_TRACK
    # Above the range: judged against the line to its upper bound (32 in 2018).
    assert target_status(target, Decimal("32"), 2018) == TargetStatus.ON_TRACK
    assert target_status(target, Decimal("35"), 2018) == TargetStatus.OFF_TRACK
