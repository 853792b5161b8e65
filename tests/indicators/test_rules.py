"""The pure rules of indicators/rules.py, pinned where the mutation run found them loose
(docs/mutation.md): each test names the rule and its source."""

import dataclasses
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import Direction, PhaseAggregate, Target, Unit
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
