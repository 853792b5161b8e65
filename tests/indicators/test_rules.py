"""The pure rules of indicators/rules.py, pinned where the mutation run found them loose
(docs/mutation.md): each test names the rule and its source."""

from decimal import Decimal

from indicators.models import Direction, PhaseAggregate, Target, Unit
from indicators.rules import Actual, Change, ChangeHeadline, TargetStatus, target_status
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
