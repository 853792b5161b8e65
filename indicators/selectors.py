"""The target-status engine: actuals, statuses, the phase scorecard and indicator progress.

DESIGN.md §4 rules 1–4. Reads span areas, indicators, targets and figures, and each
public function here runs a fixed number of queries whatever the size of the phase.
"""

import datetime
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import plain_text
from indicators.formatting import format_value
from indicators.models import (
    RATE_SCALE,
    SUMMABLE_UNITS,
    Accumulation,
    ChildSums,
    Comparator,
    Direction,
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
from indicators.services import ratio_value
from programmes.models import Area, Objective, Phase


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


class TreeArea(NamedTuple):
    """An area as `Actuals` walks the tree: a row, several times cheaper than a model."""

    pk: int
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    is_valid_between = Area.is_valid_between
    is_valid_in_year = Area.is_valid_in_year


class Actuals:
    """Rule 1: yearly actuals for some indicators in an area's tree.

    Three queries whatever the size of the tree: the tree itself; the sums of the yearly
    figures of each area's children, which the database keeps current in `ChildSums`;
    and the figures, row by row, of the root and of every area that has children. A roll-up whose children all
    have a yearly figure (and all existed that year) is read from the sums: each child's
    actual is then its yearly figure, so the sum of the children is the sum of those
    figures. Any other roll-up (a child with half-years only, or none, or a child that
    did not exist that year) is worked out child by child from the rows, which the third
    query then also loads for that indicator and year; both ways give the same answer,
    which tests/indicators/test_summary_property.py checks on random trees.
    With `approved_only`, figures not yet approved count as missing.
    """

    def __init__(
        self,
        *,
        indicators: Iterable[Indicator],
        root: Area,
        years: Iterable[int],
        approved_only: bool = False,
    ):
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        self.root = root
        years = set(years)
        self.children: dict[int | None, list[TreeArea]] = defaultdict(list)
        for row in (
            Area.objects.in_tree_of(root)
            .order_by()
            .values_list("id", "parent_id", "valid_from", "valid_to")
        ):
            area = TreeArea(*row)
            self.children[area.parent_id].append(area)
        # The areas of the tree that have children (the root's own parent is not one).
        parents = {
            parent_id
            for parent_id, children in self.children.items()
            if any(child.pk != root.pk for child in children)
        }
        # No ORDER BY anywhere: the default ordering would join four tables and sort every
        # figure, and nothing here depends on the order rows arrive in.
        figures = (
            Measurement.objects.for_area_tree(root)
            .filter(indicator_id__in=self.indicators, year__in=years, sex=Sex.TOTAL)
            .order_by()
        )
        if approved_only:
            figures = figures.filter(status=MeasurementStatus.APPROVED)
        # (indicator, parent area, year) -> (figures, Σ value, Σ numerator, Σ denominator,
        # how many of them carry a numerator), from the summary the database keeps.
        prefix = "approved_" if approved_only else ""
        self.sums: dict[tuple[int, int, int], tuple] = {
            (indicator_id, parent_id, year): rest
            for indicator_id, parent_id, year, *rest in ChildSums.objects.filter(
                indicator_id__in=self.indicators, parent_id__in=parents, year__in=years
            ).values_list(
                "indicator_id",
                "parent_id",
                "year",
                f"{prefix}figures",
                f"{prefix}value_sum",
                f"{prefix}numerator_sum",
                f"{prefix}denominator_sum",
                f"{prefix}ratios",
            )
        }
        self.summed: set[tuple[int, int, int]] = set()
        self.by_row: set[tuple[int, int]] = set()  # (indicator, year) loaded row by row
        for parent_id in parents:
            children = self.children[parent_id]
            for year in years:
                all_valid = all(child.is_valid_in_year(year) for child in children)
                for indicator_id in self.indicators:
                    key = (indicator_id, parent_id, year)
                    if all_valid and key in self.sums and self.sums[key][0] == len(children):
                        self.summed.add(key)
                    else:
                        self.by_row.add((indicator_id, year))
        self.row_areas = parents | {root.pk}
        row_filter = models.Q(area_id__in=self.row_areas)
        if self.by_row:
            row_filter |= models.Q(
                indicator_id__in={indicator_id for indicator_id, _year in self.by_row},
                year__in={year for _indicator_id, year in self.by_row},
            )
        self.figures: dict[tuple[int, int, int], dict[str, Actual]] = defaultdict(dict)
        rows = figures.filter(row_filter).values_list(
            "indicator_id", "area_id", "year", "period", "value", "numerator", "denominator"
        )
        for indicator_id, area_id, year, period, value, numerator, denominator in rows:
            self.figures[(indicator_id, area_id, year)][period] = Actual(
                value, numerator, denominator
            )
        self.memo: dict[tuple[int, int, int], Actual | None] = {}
        self.valid_children: dict[tuple[int, int], list[Area]] = {}

    def get(self, indicator: Indicator, area: Area, year: int) -> Actual | None:
        """The actual of `indicator` in `area` for `year`, or None when it is missing.

        `area` is the root, or any area of the tree when the indicator and year were
        loaded row by row (as the recursion needs).
        """
        key = (indicator.pk, area.pk, year)
        if key not in self.memo:
            if area.pk not in self.row_areas and (indicator.pk, year) not in self.by_row:
                raise ValueError(f"{area} is not the root of these actuals.")
            own = self._own(indicator, area.pk, year)
            self.memo[key] = own if own is not None else self._rolled_up(indicator, area, year)
        return self.memo[key]

    def _own(self, indicator: Indicator, area_id: int, year: int) -> Actual | None:
        by_period = self.figures.get((indicator.pk, area_id, year))
        if not by_period:
            return None
        if str(year) in by_period:
            return by_period[str(year)]
        halves = [by_period[p] for p in (f"{year}S1", f"{year}S2") if p in by_period]
        if indicator.accumulation == Accumulation.STOCK:
            return halves[-1]
        return _combine(indicator, halves, child_areas=0)

    def _rolled_up(self, indicator: Indicator, area: Area, year: int) -> Actual | None:
        key = (indicator.pk, area.pk, year)
        if key in self.summed:
            return _combine_sums(indicator, *self.sums[key])
        children = self.valid_children.get((area.pk, year))
        if children is None:
            children = [c for c in self.children.get(area.pk, []) if c.is_valid_in_year(year)]
            self.valid_children[(area.pk, year)] = children
        parts = [
            actual for child in children if (actual := self.get(indicator, child, year)) is not None
        ]
        if not parts:
            return None
        return _combine(indicator, parts, child_areas=len(parts))


def _combine_sums(
    indicator: Indicator,
    figures: int,
    value_sum: Decimal,
    numerator_sum: Decimal | None,
    denominator_sum: Decimal | None,
    ratios: int,
) -> Actual | None:
    """`_combine` of `figures` children's yearly figures, from their sums."""
    if indicator.unit in SUMMABLE_UNITS:
        return Actual(value_sum, child_areas=figures)
    if indicator.unit in RATE_SCALE:
        if ratios < figures:
            return None  # never average rates
        value = ratio_value(numerator_sum, denominator_sum, RATE_SCALE[indicator.unit])
        return Actual(value, numerator_sum, denominator_sum, child_areas=figures)
    return None


def _combine(indicator: Indicator, parts: list[Actual], *, child_areas: int) -> Actual | None:
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


def actual_for_target(target: Target) -> Actual | None:
    """Rule 1 for a single target (three queries); use `Actuals` for many."""
    actuals = Actuals(indicators=[target.indicator], root=target.area, years=[target.year])
    return actuals.get(target.indicator, target.area, target.year)


@dataclass
class StatusCounts:
    targets_total: int = 0
    achieved: int = 0
    not_achieved: int = 0
    no_data: int = 0
    on_track: int = 0
    off_track: int = 0

    def add(self, status: str) -> None:
        self.targets_total += 1
        setattr(self, status, getattr(self, status) + 1)


@dataclass
class ScorecardLine:
    target: Target
    actual: Decimal | None
    status: str
    explanation: str
    year: int

    @property
    def indicator(self) -> Indicator:
        return self.target.indicator


@dataclass
class ObjectiveScore(StatusCounts):
    objective: Objective | None = None


@dataclass
class Scorecard(StatusCounts):
    phase: Phase | None = None
    area: Area | None = None
    year: int = 0
    objectives: list[ObjectiveScore] = field(default_factory=list)
    lines: list[ScorecardLine] = field(default_factory=list)


def _target_for_year(targets: list[Target], year: int) -> Target:
    """The target for `year`, else the next later one, else the latest earlier one."""
    by_year = sorted(targets, key=lambda t: t.year)
    for target in by_year:
        if target.year >= year:
            return target
    return by_year[-1]


def phase_scorecard(
    *,
    phase: Phase,
    area: Area | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> Scorecard:
    """Rule 3: every indicator of `phase` with a target for `area`, judged for `year`.

    `area` defaults to the programme's jurisdiction and `year` to the phase's end year.
    With `approved_only` only approved figures count (the official scorecard).
    """
    area = area or phase.programme.area
    year = year or phase.end_year
    objectives = list(phase.objectives.order_by("number"))
    targets_by_indicator: dict[int, list[Target]] = defaultdict(list)
    for target in (
        Target.objects.filter(indicator__phase=phase, area=area)
        .select_related("indicator")
        .order_by()  # sorted below; the default ordering would join five tables
    ):
        targets_by_indicator[target.indicator_id].append(target)
    chosen = [_target_for_year(ts, year) for ts in targets_by_indicator.values()]
    chosen.sort(key=lambda t: (_objective_number(objectives, t), _code_key(t.indicator.code)))

    actuals = Actuals(
        indicators=[t.indicator for t in chosen],
        root=area,
        years={min(year, t.year) for t in chosen} or {year},
        approved_only=approved_only,
    )
    scorecard = Scorecard(phase=phase, area=area, year=year)
    scores = {o.pk: ObjectiveScore(objective=o) for o in objectives}
    for target in chosen:
        judged_year = min(year, target.year)
        actual = actuals.get(target.indicator, area, judged_year)
        value = actual.value if actual else None
        status = target_status(target, value, judged_year)
        scorecard.add(status)
        scores[target.indicator.objective_id].add(status)
        scorecard.lines.append(
            ScorecardLine(
                target=target,
                actual=value,
                status=status,
                explanation=status_explanation(target, value, judged_year, status),
                year=judged_year,
            )
        )
    scorecard.objectives = list(scores.values())
    return scorecard


def _objective_number(objectives: list[Objective], target: Target) -> int:
    return next(o.number for o in objectives if o.pk == target.indicator.objective_id)


def _code_key(code: str) -> tuple:
    """Sort "2.10" after "2.9"."""
    return tuple(int(p) if p.isdigit() else p for p in code.replace("-", ".").split("."))


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


@dataclass
class ProgressPoint:
    period: str
    actual: Decimal | None
    target: Decimal | None


@dataclass
class PreviousPhaseValue:
    indicator: Indicator
    value: Decimal
    year: int


@dataclass
class Progress:
    indicator: Indicator
    area: Area
    series: list[ProgressPoint]
    previous_phase: PreviousPhaseValue | None
    change: Change | None


def indicator_progress(
    *, indicator: Indicator, area: Area | None = None, approved_only: bool = False
) -> Progress:
    """Actual against target for every year of the phase, and the change on the last phase.

    The change compares the latest year with an actual against the previous phase's
    indicator in its end year. With `approved_only` only approved figures count.
    """
    phase = indicator.phase
    area = area or phase.programme.area
    years = range(phase.start_year, phase.end_year + 1)
    previous = indicator.previous
    # One set of actuals for both phases: three queries, however many years.
    actuals = Actuals(
        indicators=[indicator, previous] if previous is not None else [indicator],
        root=area,
        years=[*years, previous.phase.end_year] if previous is not None else years,
        approved_only=approved_only,
    )
    # No ORDER BY: the default ordering would join the indicator, phase and area.
    targets = dict(indicator.targets.filter(area=area).order_by().values_list("year", "value"))
    series = []
    latest: Decimal | None = None
    for year in years:
        actual = actuals.get(indicator, area, year)
        series.append(ProgressPoint(str(year), actual.value if actual else None, targets.get(year)))
        if actual is not None:
            latest = actual.value

    previous_value = None
    if previous is not None:
        previous_year = previous.phase.end_year
        actual = actuals.get(previous, area, previous_year)
        if actual is not None:
            previous_value = PreviousPhaseValue(previous, actual.value, previous_year)
    change = None
    if previous_value is not None and latest is not None:
        change = change_between(unit=indicator.unit, previous=previous_value.value, current=latest)
    return Progress(indicator, area, series, previous_value, change)


# The audit trail of one figure, as `GET measurements/{id}/history/` gives it.

HISTORY_FIELDS = (
    "indicator",
    "area",
    "period",
    "sex",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
)
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    history_id: int
    at: object
    user: str | None
    type: str
    status: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    reason: str | None
    changes: dict[str, list]


def _history_value(record, name: str):
    """A field of a history row as the API writes it: areas by code, decimals plain."""
    if name == "area":
        return record.area.code if record.area_id else None
    if name == "indicator":
        return record.indicator_id
    value = getattr(record, name)
    if isinstance(value, Decimal):
        return plain_text(value)
    return value


def measurement_history(measurement: Measurement) -> list[HistoryEntry]:
    """Every recorded state of a figure, oldest first, with what changed at each step.

    One query, whatever the length of the history. `changes` maps each field that
    changed to [old, new]; on creation the old values are null.
    """
    records = list(
        measurement.history.select_related("history_user", "area").order_by(
            "history_date", "history_id"
        )
    )
    entries = []
    previous = None
    for record in records:
        changes = {}
        for name in HISTORY_FIELDS:
            new = _history_value(record, name)
            old = _history_value(previous, name) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                changes[name] = [old, new]
        if record.history_type == "-":
            changes = {}
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                at=record.history_date,
                user=record.history_user.get_username() if record.history_user else None,
                type=HISTORY_TYPES[record.history_type],
                status=record.status,
                value=record.value,
                numerator=record.numerator,
                denominator=record.denominator,
                note=record.note,
                reason=record.history_change_reason or None,
                changes=changes,
            )
        )
        previous = record
    return entries
