"""The rules of DESIGN.md §4 that need no database: statuses, the on-track line, comparisons,
the change against the previous phase, and how figures add up.

Pure functions of their arguments, so the selectors, the roll-up engine and the
dashboards share one definition of each rule.
"""

import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.signals import setting_changed
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from indicators.formatting import Locale, active_locale, format_value
from indicators.models import (
    DIRECTION_COMPARATORS,
    RATE_SCALE,
    SUMMABLE_UNITS,
    Comparator,
    Direction,
    Indicator,
    PhaseAggregate,
    Sex,
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


def target_holds(target: Target, actual: Decimal) -> bool:
    """Rule 2: whether `actual` satisfies the target as the law words it.

    `between` needs value ≤ actual ≤ value_max; `increase` / `decrease` (a target that
    names only a direction, "giảm tỷ lệ …") compare the actual with the baseline.
    """
    if target.comparator == Comparator.BETWEEN:
        return target.value <= actual <= target.value_max
    if target.comparator == Comparator.INCREASE:
        return actual > target.baseline_value
    if target.comparator == Comparator.DECREASE:
        return actual < target.baseline_value
    return comparator_holds(actual, target.comparator, target.value)


def expected_on_line(target: Target, year: int, goal: Decimal | None = None) -> Decimal | None:
    """The value the straight line from baseline to target (or `goal`) passes through in
    `year`."""
    if target.baseline_year is None or target.baseline_value is None:
        return None
    goal = target.value if goal is None else goal
    span = Decimal(target.year - target.baseline_year)
    progress = Decimal(year - target.baseline_year) / span
    return target.baseline_value + (goal - target.baseline_value) * progress


def _line_comparison(target: Target) -> str:
    """How to compare with the line: never strictly, and `eq` by the desired direction."""
    if target.comparator in (Comparator.GTE, Comparator.GT):
        return Comparator.GTE
    if target.comparator in (Comparator.LTE, Comparator.LT):
        return Comparator.LTE
    return Comparator.GTE if target.indicator.direction == Direction.INCREASE else Comparator.LTE


def _line_for(target: Target, actual: Decimal, year: int) -> tuple[Decimal | None, str]:
    """The line's value in `year` and how to compare with it; a range aims at its nearer
    bound."""
    if target.comparator == Comparator.BETWEEN:
        if actual > target.value_max:
            return expected_on_line(target, year, target.value_max), Comparator.LTE
        return expected_on_line(target, year), Comparator.GTE
    return expected_on_line(target, year), _line_comparison(target)


def target_status(target: Target, actual: Decimal | None, year: int) -> str:
    """Rule 2: the status of `target` given the actual for `year`."""
    if actual is None:
        return TargetStatus.NO_DATA
    if year >= target.year:
        holds = target_holds(target, actual)
        return TargetStatus.ACHIEVED if holds else TargetStatus.NOT_ACHIEVED
    if target.comparator in DIRECTION_COMPARATORS:
        holds = target_holds(target, actual)  # the direction is the whole target
    elif target.comparator == Comparator.BETWEEN and target_holds(target, actual):
        holds = True  # inside the range already
    else:
        expected, comparison = _line_for(target, actual, year)
        if expected is None:
            holds = target_holds(target, actual)
        else:
            holds = comparator_holds(actual, comparison, expected)
    return TargetStatus.ON_TRACK if holds else TargetStatus.OFF_TRACK


def _words() -> dict[str, str]:
    """The phrases and sentences the explanations write, in the active language: looked
    up once per language (`indicators.formatting.Locale` says why)."""
    return {
        Comparator.GTE: pgettext("review report", "at least %(value)s"),
        # "more than", not "above": "exceeding the target of above 35%" is no English.
        Comparator.GT: pgettext("target phrase", "more than %(value)s"),
        Comparator.LTE: pgettext("review report", "at most %(value)s"),
        Comparator.LT: pgettext("target phrase", "less than %(value)s"),
        Comparator.BETWEEN: _("between %(value)s and %(value_max)s"),
        Comparator.INCREASE: _("an increase on %(baseline)s (%(baseline_year)s)"),
        Comparator.DECREASE: _("a decrease on %(baseline)s (%(baseline_year)s)"),
        Sex.FEMALE: " " + _("for women"),
        Sex.MALE: " " + _("for men"),
        "no_data": _("No figure for %(year)s yet; the target is %(target)s."),
        "exceeding": _("In %(year)s: %(actual)s, exceeding the target of %(target)s."),
        "meeting": _("In %(year)s: %(actual)s, meeting the target of %(target)s."),
        "short": _("In %(year)s: %(actual)s, short of the target of %(target)s."),
        "already": _(
            "In %(year)s: %(actual)s, already meeting the %(target_year)s target of %(target)s."
        ),
        "not_yet": _(
            "In %(year)s: %(actual)s, not yet meeting the %(target_year)s target of %(target)s."
        ),
        "on_course": _(
            "In %(year)s: %(actual)s, on course for the %(target_year)s target of "
            "%(target)s (expected %(expected)s)."
        ),
        "behind": _(
            "In %(year)s: %(actual)s, behind the course for the %(target_year)s target of "
            "%(target)s (expected %(expected)s)."
        ),
    }


WORDS: dict[str | None, dict[str, str]] = {}


def _words_of(locale: Locale) -> dict[str, str]:
    words = WORDS.get(locale.language)
    if words is None:
        words = WORDS[locale.language] = _words()
    return words


setting_changed.connect(lambda **kwargs: WORDS.clear())


def target_phrase(target: Target, *, locale: Locale | None = None) -> str:
    """The target in words, as a report quotes it: "trên 35%", "từ 40% trở lên đối với nữ".

    Never a symbol ("≥") in prose. Only the values the phrase names are formatted: a
    scorecard writes one for each of its targets.
    """
    locale = locale or active_locale()
    words = _words_of(locale)
    indicator = target.indicator
    comparator = target.comparator
    if comparator == Comparator.BETWEEN:
        phrase = words[comparator] % {
            "value": format_value(target.value, indicator, locale=locale),
            "value_max": format_value(target.value_max, indicator, locale=locale),
        }
    elif comparator in DIRECTION_COMPARATORS:
        phrase = words[comparator] % {
            "baseline": format_value(target.baseline_value, indicator, locale=locale),
            "baseline_year": target.baseline_year,
        }
    elif comparator == Comparator.EQ:
        phrase = format_value(target.value, indicator, locale=locale)
    else:
        phrase = words[comparator] % {"value": format_value(target.value, indicator, locale=locale)}
    return phrase + words.get(target.sex, "")


def _beats(target: Target, actual: Decimal) -> bool:
    """Whether an achieved target is exceeded ("vượt") rather than just met ("đạt")."""
    if target.comparator in (Comparator.GTE, Comparator.GT):
        return actual > target.value
    if target.comparator in (Comparator.LTE, Comparator.LT):
        return actual < target.value
    return False


def status_explanation(target: Target, actual: Decimal | None, year: int, status: str) -> str:
    """One sentence as a report writes it: "Năm 2020 đạt 36,2%, vượt chỉ tiêu trên 35%."."""
    locale = active_locale()
    words = _words_of(locale)
    parts = {
        "actual": format_value(actual, target.indicator, locale=locale),
        "target": target_phrase(target, locale=locale),
        "year": year,
        "target_year": target.year,
    }
    if status == TargetStatus.NO_DATA:
        return words["no_data"] % parts
    if status == TargetStatus.ACHIEVED:
        return words["exceeding" if _beats(target, actual) else "meeting"] % parts
    if status == TargetStatus.NOT_ACHIEVED:
        return words["short"] % parts
    expected = None
    if target.comparator not in DIRECTION_COMPARATORS and not (
        target.comparator == Comparator.BETWEEN and target_holds(target, actual)
    ):
        expected = _line_for(target, actual, year)[0]
    if expected is None:  # before the target's year, with no line to it: the target itself
        return words["already" if status == TargetStatus.ON_TRACK else "not_yet"] % parts
    parts["expected"] = format_value(expected, target.indicator, locale=locale)
    return words["on_course" if status == TargetStatus.ON_TRACK else "behind"] % parts


# The worst status of a target's parts is the whole target's: a target by sex ("ít nhất
# 40% cho mỗi giới") is achieved only when it is achieved for both.
STATUS_SEVERITY = [
    TargetStatus.NOT_ACHIEVED,
    TargetStatus.OFF_TRACK,
    TargetStatus.NO_DATA,
    TargetStatus.ON_TRACK,
    TargetStatus.ACHIEVED,
]


def combined_status(statuses: list[str]) -> str:
    """The status of a target judged in parts (one per sex): the worst of them."""
    return min(statuses, key=STATUS_SEVERITY.index)


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
    # How each phase was summed up (rule 4), and whether the definition changed between
    # them: such a comparison is shown flagged, never silently.
    aggregate: str = PhaseAggregate.END_VALUE
    series_break: bool = False

    def get_aggregate_display(self) -> str:
        return PhaseAggregate(self.aggregate).label

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


def phase_total(aggregate: str, values: dict[int, Decimal], years: range) -> Decimal | None:
    """Rule 4: a phase summed up by the indicator's `phase_aggregate`.

    `end_value`: the end year's actual; `sum`: the yearly actuals added up, only when
    every year of the phase has one (a partial total against a whole one would read as a
    fall); `mean`: the mean of the years that have an actual.
    """
    if aggregate == PhaseAggregate.SUM:
        if any(year not in values for year in years):
            return None
        return sum((values[year] for year in years), Decimal(0))
    if aggregate == PhaseAggregate.MEAN:
        present = [values[year] for year in years if year in values]
        if not present:
            return None
        return (sum(present, Decimal(0)) / len(present)).quantize(FOUR_PLACES, ROUND_HALF_UP)
    return values.get(years[-1])
