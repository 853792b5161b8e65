"""The pure rules of indicators/rules.py, pinned where the mutation run found them loose
(docs/mutation.md): each test names the rule and its source."""

import dataclasses
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import Direction, Indicator, PhaseAggregate, Target, Unit
from indicators.rules import (
    Actual,
    Change,
    ChangeHeadline,
    TargetStatus,
    status_explanation,
    target_status,
)
from tests.factories import IndicatorFactory

D = Decimal


def _range_target() -> Target:
    """A range target ("từ 40% đến 60%") for 2020 from a baseline of 20% in 2015."""
    indicator = IndicatorFactory.build(unit=Unit.PERCENT, direction=Direction.INCREASE)
    return Target(
        indicator=indicator,
        year=2020,
        comparator="between",
        value=D("40"),
        value_max=D("60"),
        baseline_value=D("20"),
        baseline_year=2015,
    )


def test_a_range_below_its_lower_bound_before_its_year_is_judged_on_the_line_to_that_bound():
    """DESIGN §4 rule 2 (on track before the target's year, against the straight line from
    baseline to target); a range aims at its nearer bound: in 2017 the line to 40% from
    20% in 2015 passes 28%."""
    target = _range_target()

    assert target_status(target, D("28"), 2017) == TargetStatus.ON_TRACK
    assert target_status(target, D("27.9"), 2017) == TargetStatus.OFF_TRACK


def test_a_figure_of_the_area_itself_is_rolled_up_from_no_area_below():
    """DESIGN §4 rule 1: an area's own figure is its actual; only a roll-up counts the
    child areas it came from (the indicator page says "its own figure")."""
    assert Actual(D("5")).child_areas == 0
    assert Actual(D("5"), D("1"), D("20")).child_areas == 0


def test_a_change_is_comparable_and_named_by_its_phase_aggregate_unless_told_otherwise():
    """DESIGN §4 rule 4: a change is flagged as a series break only when the definition
    changed (`Indicator.series_break`); its aggregate is named as the page shows it."""
    change = Change(absolute=D("2696"), relative_percent=D("6.55"), headline=ChangeHeadline.PERCENT)

    assert change.series_break is False
    assert change.aggregate == PhaseAggregate.END_VALUE
    assert change.get_aggregate_display() == PhaseAggregate.END_VALUE.label
    summed = Change(
        absolute=D("2696"),
        relative_percent=D("6.55"),
        headline=ChangeHeadline.PERCENT,
        aggregate=PhaseAggregate.SUM,
    )
    assert summed.get_aggregate_display() == PhaseAggregate.SUM.label


def test_a_change_is_a_value_that_cannot_be_altered():
    """A change on the previous phase is computed once (rule 4) and shown in several
    places (page, API, review report): it is a frozen value, not a record to edit."""
    change = Change(absolute=D("3.5"), relative_percent=None, headline=ChangeHeadline.POINTS)

    with pytest.raises(dataclasses.FrozenInstanceError):
        change.absolute = D("0")  # type: ignore[misc]


def test_a_range_already_reached_before_its_year_reads_as_met_and_others_name_the_line():
    """DESIGN §4 rule 2 as a report writes it: a range already reached before its year is
    "already meeting" it (no line to quote); a lower bound on course quotes the line's
    value for that year (28% in 2017 from 20% in 2015 towards 40% in 2020)."""
    ranged = _range_target()
    floor = _range_target()
    floor.comparator, floor.value_max = "gte", None

    with translation.override("en"):
        inside = status_explanation(ranged, D("45"), 2017, TargetStatus.ON_TRACK)
        on_course = status_explanation(floor, D("30"), 2017, TargetStatus.ON_TRACK)

    assert "already meeting the 2020 target" in inside
    assert "expected" not in inside
    assert on_course.endswith("(expected 28%).")


# Every phrase and sentence the scorecard writes, in both languages: the explanations are
# built for speed (only the one phrase translated, only the values named formatted), and
# these pin that they read exactly as before.
EXPLAINED = [
    # unit, label, decimals, direction, comparator, value, value_max, baseline,
    # baseline_year, sex, target year, actual, judged year; English; Vietnamese
    (
        (
            "percent",
            "",
            None,
            "increase",
            "gte",
            "40",
            None,
            None,
            None,
            "total",
            2020,
            "41.5",
            2020,
        ),
        "In 2020: 41.5%, exceeding the target of at least 40%.",
        "Năm 2020 đạt 41,5%, vượt chỉ tiêu từ 40% trở lên.",
    ),
    (
        (
            "percent",
            "",
            None,
            "increase",
            "gte",
            "40",
            None,
            None,
            None,
            "female",
            2020,
            "40",
            2020,
        ),
        "In 2020: 40%, meeting the target of at least 40% for women.",
        "Năm 2020 đạt 40%, đạt chỉ tiêu từ 40% trở lên đối với nữ.",
    ),
    (
        (
            "percent",
            "",
            None,
            "increase",
            "gt",
            "35",
            None,
            None,
            None,
            "male",
            2020,
            "30.25",
            2020,
        ),
        "In 2020: 30.25%, short of the target of more than 35% for men.",
        "Năm 2020: 30,25%, chưa đạt chỉ tiêu trên 35% đối với nam.",
    ),
    (
        ("per_100", "", None, "decrease", "lte", "20", None, "30", 2015, "total", 2020, "25", 2017),
        "In 2017: 25 per 100, on course for the 2020 target of at most 20 per 100 (expected 26 per 100).",
        "Năm 2017 đạt 25 trên 100, đúng tiến độ tới chỉ tiêu năm 2020 là không vượt quá 20 trên 100 (mức cần đạt 26 trên 100).",
    ),
    (
        ("per_100", "", None, "decrease", "lte", "20", None, "30", 2015, "total", 2020, "27", 2017),
        "In 2017: 27 per 100, behind the course for the 2020 target of at most 20 per 100 (expected 26 per 100).",
        "Năm 2017: 27 trên 100, chậm so với tiến độ tới chỉ tiêu năm 2020 là không vượt quá 20 trên 100 (mức cần đạt 26 trên 100).",
    ),
    (
        (
            "per_1000",
            "",
            None,
            "decrease",
            "lt",
            "12.5",
            None,
            "15",
            2015,
            "total",
            2020,
            "13",
            2018,
        ),
        "In 2018: 13‰, on course for the 2020 target of less than 12.5‰ (expected 13.5‰).",
        "Năm 2018 đạt 13‰, đúng tiến độ tới chỉ tiêu năm 2020 là dưới 12,5‰ (mức cần đạt 13,5‰).",
    ),
    (
        ("times", "", None, "increase", "eq", "2", None, None, None, "total", 2020, "1.5", 2018),
        "In 2018: 1.5 times, not yet meeting the 2020 target of 2 times.",
        "Năm 2018: 1,5 lần, chưa đạt chỉ tiêu năm 2020 là 2 lần.",
    ),
    (
        (
            "vnd",
            "",
            None,
            "increase",
            "gte",
            "2500000",
            None,
            None,
            None,
            "total",
            2020,
            None,
            2020,
        ),
        "No figure for 2020 yet; the target is at least 2,500,000 VND.",
        "Chưa có số liệu năm 2020; chỉ tiêu là từ 2.500.000 đồng trở lên.",
    ),
    (
        (
            "per_100000",
            "",
            1,
            "decrease",
            "lte",
            "120",
            None,
            None,
            None,
            "total",
            2020,
            "119.94",
            2020,
        ),
        "In 2020: 119.9 per 100,000, exceeding the target of at most 120.0 per 100,000.",
        "Năm 2020 đạt 119,9 trên 100.000, vượt chỉ tiêu không vượt quá 120,0 trên 100.000.",
    ),
    (
        (
            "ratio",
            "bé trai/100 bé gái",
            1,
            "decrease",
            "between",
            "105",
            "110",
            "116.2",
            2015,
            "total",
            2020,
            "112",
            2018,
        ),
        "In 2018: 112.0 bé trai/100 bé gái, on course for the 2020 target of between 105.0 bé trai/100 bé gái and 110.0 bé trai/100 bé gái (expected 112.5 bé trai/100 bé gái).",
        "Năm 2018 đạt 112,0 bé trai/100 bé gái, đúng tiến độ tới chỉ tiêu năm 2020 là từ 105,0 bé trai/100 bé gái đến 110,0 bé trai/100 bé gái (mức cần đạt 112,5 bé trai/100 bé gái).",
    ),
    (
        (
            "percent",
            "",
            None,
            "increase",
            "between",
            "40",
            "60",
            "20",
            2015,
            "total",
            2020,
            "45",
            2017,
        ),
        "In 2017: 45%, already meeting the 2020 target of between 40% and 60%.",
        "Năm 2017 đạt 45%, đã đạt chỉ tiêu năm 2020 là từ 40% đến 60%.",
    ),
    (
        (
            "percent",
            "",
            None,
            "increase",
            "increase",
            "0",
            None,
            "25.2",
            2015,
            "female",
            2020,
            "30",
            2018,
        ),
        "In 2018: 30%, already meeting the 2020 target of an increase on 25.2% (2015) for women.",
        "Năm 2018 đạt 30%, đã đạt chỉ tiêu năm 2020 là tăng so với 25,2% (năm 2015) đối với nữ.",
    ),
    (
        (
            "count",
            "",
            None,
            "decrease",
            "decrease",
            "0",
            None,
            "1200",
            2015,
            "total",
            2020,
            "1300",
            2020,
        ),
        "In 2020: 1,300, short of the target of a decrease on 1,200 (2015).",
        "Năm 2020: 1.300, chưa đạt chỉ tiêu giảm so với 1.200 (năm 2015).",
    ),
    (
        ("milestone", "", None, "increase", "eq", "1", None, None, None, "total", 2020, "1", 2020),
        "In 2020: reached, meeting the target of reached.",
        "Năm 2020 đạt đã đạt, đạt chỉ tiêu đã đạt.",
    ),
]


@pytest.mark.parametrize("case", EXPLAINED)
def test_each_target_is_explained_in_the_words_of_a_review_report(case):
    """DESIGN §4 rule 2 in words, English and Vietnamese, for each comparator, each
    status, each kind of unit, a unit label and a target by sex."""
    (unit, label, decimals, direction, comparator, value, value_max, baseline) = case[0][:8]
    baseline_year, sex, target_year, actual, year = case[0][8:]
    indicator = Indicator(unit=unit, unit_label=label, decimals=decimals, direction=direction)
    target = Target(
        indicator=indicator,
        year=target_year,
        sex=sex,
        comparator=comparator,
        value=D(value),
        value_max=D(value_max) if value_max else None,
        baseline_value=D(baseline) if baseline else None,
        baseline_year=baseline_year,
    )
    actual = D(actual) if actual else None
    status = target_status(target, actual, year)

    for language, expected in zip(("en", "vi"), case[1:], strict=True):
        with translation.override(language):
            assert status_explanation(target, actual, year, status) == expected
