"""The rules of DESIGN.md §4 that need no database: statuses, the on-track line, comparisons,
the change against the previous phase, and how figures add up.

Pure functions of their arguments, so the selectors, the roll-up engine and the
dashboards share one definition of each rule.
"""

import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.formatting import format_value
from indicators.models import (
    RATE_SCALE,
    SUMMABLE_UNITS,
    Comparator,
    Direction,
    Indicator,
    Target,
    Unit,
)

FOUR_PLACES = Decimal("0.0001")


def ratio_value(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Decimal:
    """numerator ÷ denominator × scale, rounded to the four places figures are stored with."""
    return (numerator / denominator * scale).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", gettext_lazy("achieved")
    NOT_ACHIEVED = "not_achieved", gettext_lazy("not achieved")
    NO_DATA = "no_data", gettext_lazy("no data")
    ON_TRACK = "on_track", gettext_lazy("on track")
    OFF_TRACK = "off_track", gettext_lazy("off track")


COMPARISONS = {
    Comparator.GTE: operator.ge,
    Comparator.GT: operator.gt,
    Comparator.LTE: operator.le,
    Comparator.LT: operator.lt,
    Comparator.EQ: operator.eq,
}


class Actual(NamedTuple):
    """A yearly actual, with the ratio behind it when there is one.

    A named tuple rather than a dataclass: a scorecard builds one per figure it reads
    (thousands at national scale), and a tuple is several times cheaper to make.
    """

    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    child_areas: int = 0  # 0: the area's own figure; n: rolled up from n child areas


def comparator_holds(actual: Decimal, comparator: str, value: Decimal) -> bool:
    return COMPARISONS[comparator](actual, value)


def expected_on_line(target: Target, year: int) -> Decimal | None:
    """The value the straight line from baseline to target passes through in `year`."""
    if target.baseline_year is None or target.baseline_value is None:
        return None
    span = Decimal(target.year - target.baseline_year)
    progress = Decimal(year - target.baseline_year) / span
    return target.baseline_value + (target.value - target.baseline_value) * progress


def _line_comparison(target: Target) -> str:
    """How to compare with the line: never strictly, and `eq` by the desired direction."""
    if target.comparator in (Comparator.GTE, Comparator.GT):
        return Comparator.GTE
    if target.comparator in (Comparator.LTE, Comparator.LT):
        return Comparator.LTE
    return Comparator.GTE if target.indicator.direction == Direction.INCREASE else Comparator.LTE


def target_status(target: Target, actual: Decimal | None, year: int) -> str:
    """Rule 2: the status of `target` given the actual for `year`."""
    if actual is None:
        return TargetStatus.NO_DATA
    if year >= target.year:
        holds = comparator_holds(actual, target.comparator, target.value)
        return TargetStatus.ACHIEVED if holds else TargetStatus.NOT_ACHIEVED
    expected = expected_on_line(target, year)
    if expected is None:
        holds = comparator_holds(actual, target.comparator, target.value)
    else:
        holds = comparator_holds(actual, _line_comparison(target), expected)
    return TargetStatus.ON_TRACK if holds else TargetStatus.OFF_TRACK


def status_explanation(target: Target, actual: Decimal | None, year: int, status: str) -> str:
    """One sentence a person can read, e.g. "Actual 32.9% ≥ target 30% in 2020."."""
    unit = target.indicator.unit
    parts = {
        "actual": format_value(actual, unit),
        "comparator": target.get_comparator_display(),
        "target": format_value(target.value, unit),
        "year": year,
        "target_year": target.year,
    }
    if status == TargetStatus.NO_DATA:
        return _("No figure for %(year)s yet; the target is %(comparator)s %(target)s.") % parts
    if status == TargetStatus.ACHIEVED:
        return _("Actual %(actual)s %(comparator)s target %(target)s in %(year)s.") % parts
    if status == TargetStatus.NOT_ACHIEVED:
        return (
            _("Actual %(actual)s does not meet the target %(comparator)s %(target)s in %(year)s.")
            % parts
        )
    expected = expected_on_line(target, year)
    parts["expected"] = format_value(expected, unit)
    if expected is None:
        sentence = {
            TargetStatus.ON_TRACK: _(
                "Actual %(actual)s in %(year)s already meets the %(target_year)s target "
                "%(comparator)s %(target)s."
            ),
            TargetStatus.OFF_TRACK: _(
                "Actual %(actual)s in %(year)s does not yet meet the %(target_year)s target "
                "%(comparator)s %(target)s."
            ),
        }
    else:
        sentence = {
            TargetStatus.ON_TRACK: _(
                "Actual %(actual)s in %(year)s is on the line to %(comparator)s %(target)s "
                "by %(target_year)s (expected %(expected)s)."
            ),
            TargetStatus.OFF_TRACK: _(
                "Actual %(actual)s in %(year)s is behind the line to %(comparator)s %(target)s "
                "by %(target_year)s (expected %(expected)s)."
            ),
        }
    return sentence[status] % parts


def combine_sums(
    indicator: Indicator,
    figures: int,
    value_sum: Decimal,
    numerator_sum: Decimal | None,
    denominator_sum: Decimal | None,
    ratios: int,
) -> Actual | None:
    """`combine` of `figures` children's yearly figures, from their sums."""
    if indicator.unit in SUMMABLE_UNITS:
        return Actual(value_sum, child_areas=figures)
    if indicator.unit in RATE_SCALE:
        if ratios < figures:
            return None  # never average rates
        value = ratio_value(numerator_sum, denominator_sum, RATE_SCALE[indicator.unit])
        return Actual(value, numerator_sum, denominator_sum, child_areas=figures)
    return None


def combine(indicator: Indicator, parts: list[Actual], *, child_areas: int) -> Actual | None:
    """Add figures up: counts and money by value, rates only through their ratios."""
    if indicator.unit in SUMMABLE_UNITS:
        return Actual(sum(p.value for p in parts), child_areas=child_areas)
    if indicator.unit in RATE_SCALE:
        if any(p.numerator is None or p.denominator is None for p in parts):
            return None  # never average rates
        numerator = sum(p.numerator for p in parts)
        denominator = sum(p.denominator for p in parts)
        value = ratio_value(numerator, denominator, RATE_SCALE[indicator.unit])
        return Actual(value, numerator, denominator, child_areas=child_areas)
    return None


class ChangeHeadline(models.TextChoices):
    PERCENTAGE_POINTS = "percentage_points", gettext_lazy("percentage points")
    POINTS = "points", gettext_lazy("points")
    PERCENT = "percent", gettext_lazy("percent")


@dataclass(frozen=True)
class Change:
    absolute: Decimal
    relative_percent: Decimal | None
    headline: str

    @property
    def headline_value(self) -> Decimal | None:
        if self.headline == ChangeHeadline.PERCENT:
            return self.relative_percent
        return self.absolute


def change_between(*, unit: str, previous: Decimal, current: Decimal) -> Change | None:
    """Rule 4: a share moves in percentage points, other rates in points, counts in percent."""
    if unit == Unit.MILESTONE:
        return None
    absolute = current - previous
    relative = (absolute / previous * 100).quantize(Decimal("0.01")) if previous else None
    if unit == Unit.PERCENT:
        headline = ChangeHeadline.PERCENTAGE_POINTS
    elif unit in RATE_SCALE:
        headline = ChangeHeadline.POINTS
    else:
        headline = ChangeHeadline.PERCENT
    if headline == ChangeHeadline.PERCENT and relative is None:
        return None
    return Change(absolute=absolute, relative_percent=relative, headline=headline)
