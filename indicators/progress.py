"""An indicator's progress over its phase and its change against the previous phase
(DESIGN.md §4 rule 4), over the actuals of rule 1; a fixed number of queries each.

Importable from `indicators.selectors` as well, where they lived first.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from indicators.actuals import Actuals
from indicators.models import Indicator, PhaseAggregate, Sex
from indicators.read_sql import target_values
from indicators.rules import (
    Change,
    change_between,
    phase_total,
)
from indicators.selectors import SEX_ORDER, SexActuals
from programmes.models import Area, Phase


@dataclass
class ProgressPoint:
    period: str
    actual: Decimal | None
    target: Decimal | None


@dataclass
class PreviousPhaseValue:
    """The previous phase summed up by the indicator's `phase_aggregate` (rule 4)."""

    indicator: Indicator
    value: Decimal
    year: int  # the previous phase's end year
    aggregate: str = PhaseAggregate.END_VALUE
    start_year: int | None = None


@dataclass
class Progress:
    indicator: Indicator
    area: Area
    series: list[ProgressPoint]
    previous_phase: PreviousPhaseValue | None
    change: Change | None
    # Where the indicator is judged by sex (a female and a male target), the change of
    # each sex on the previous phase, keyed "female" / "male" (rule 4).
    change_by_sex: dict[str, Change] = field(default_factory=dict)

    @property
    def phase_value(self) -> Decimal | None:
        """This phase summed up as the change compares it (previous + change)."""
        if self.previous_phase is None or self.change is None:
            return None
        return self.previous_phase.value + self.change.absolute


def _phase_years(phase: Phase) -> range:
    return range(phase.start_year, phase.end_year + 1)


def comparison_years(indicators: Iterable[Indicator]) -> set[int]:
    """The years the change against the previous phase reads: both phases', whole."""
    years: set[int] = set()
    for indicator in indicators:
        years.update(_phase_years(indicator.phase))
        if indicator.previous is not None:
            years.update(_phase_years(indicator.previous.phase))
    return years


def phase_change(
    indicator: Indicator, actuals: Actuals, area: Area, current_year: int | None
) -> tuple[PreviousPhaseValue | None, Change | None]:
    """Rule 4: each phase summed up by `phase_aggregate`, and the change between them.

    `end_value` compares the actual of `current_year` (the latest with one, or the
    judged year) with the previous phase's end year; `sum` and `mean` compare the
    phases' totals or means. A `series_break` comes back on the change, to be shown.
    """
    previous = indicator.previous
    if previous is None:
        return None, None
    aggregate = indicator.phase_aggregate

    def values(of: Indicator, years: range) -> dict[int, Decimal]:
        found = {year: actuals.get(of, area, year) for year in years}
        return {year: actual.value for year, actual in found.items() if actual is not None}

    before_years = _phase_years(previous.phase)
    before = phase_total(aggregate, values(previous, before_years), before_years)
    if before is None:
        return None, None
    before_value = PreviousPhaseValue(
        previous, before, previous.phase.end_year, aggregate, previous.phase.start_year
    )
    years = _phase_years(indicator.phase)
    now_values = values(indicator, years)
    if aggregate == PhaseAggregate.END_VALUE:
        now = now_values.get(current_year) if current_year is not None else None
    else:
        # Only the years up to the one asked for: a phase not over has no total yet.
        until = years if current_year is None else range(years.start, current_year + 1)
        now_values = {year: value for year, value in now_values.items() if year in until}
        now = phase_total(
            aggregate, now_values, years if aggregate == PhaseAggregate.SUM else until
        )
    if now is None:
        return before_value, None
    change = change_between(unit=indicator.unit, previous=before, current=now)
    if change is not None:
        change = replace(change, aggregate=aggregate, series_break=indicator.series_break)
    return before_value, change


def indicator_progress(
    *, indicator: Indicator, area: Area | None = None, approved_only: bool = False
) -> Progress:
    """Actual against target for every year of the phase, and the change on the last phase.

    The change follows the indicator's `phase_aggregate` (rule 4): by default the latest
    year with an actual against the previous phase's end year. With `approved_only`
    only approved figures count.
    """
    phase = indicator.phase
    area = area or phase.programme.area
    years = _phase_years(phase)
    previous = indicator.previous
    # One set of actuals for both phases: three queries, however many years.
    actuals = Actuals(
        indicators=[indicator, previous] if previous is not None else [indicator],
        root=area,
        years=comparison_years([indicator]),
        approved_only=approved_only,
    )
    # A target by sex shows as the women's (total first, where there is one).
    targets: dict[int, Decimal] = {}
    sexes: set[str] = set()
    for year, sex, value in sorted(
        target_values(indicator_id=indicator.pk, area_id=area.pk),
        key=lambda row: -SEX_ORDER[row[1]],
    ):
        targets[year] = value
        sexes.add(sex)
    series = []
    latest: int | None = None
    for year in years:
        actual = actuals.get(indicator, area, year)
        series.append(ProgressPoint(str(year), actual.value if actual else None, targets.get(year)))
        if actual is not None:
            latest = year
    previous_value, change = phase_change(indicator, actuals, area, latest)
    by_sex = {}
    if previous is not None and sexes - {Sex.TOTAL}:
        by_sex = phase_changes_by_sex(
            [(indicator, None)], area=area, approved_only=approved_only
        ).get(indicator.pk, {})
    return Progress(indicator, area, series, previous_value, change, by_sex)


def phase_changes_by_sex(
    judged: list[tuple[Indicator, int | None]], *, area: Area, approved_only: bool
) -> dict[int, dict[str, Change]]:
    """Rule 4 for each sex of indicators judged by sex (two queries for them all): the
    women's and the men's change on the previous phase, each against its own previous
    figures, keyed by indicator id then "female" / "male". The year judged, or None for
    the latest with an actual of that sex; `indicator.previous` must be loaded."""
    with_previous = [i for i, _year in judged if i.previous is not None]
    if not with_previous:
        return {}
    by_sex = SexActuals.of_indicators(
        [*with_previous, *{i.previous for i in with_previous}],
        root=area,
        years=comparison_years(with_previous),
        approved_only=approved_only,
    )
    found: dict[int, dict[str, Change]] = {}
    for indicator, year in judged:
        if indicator.previous is None:
            continue
        for sex in (Sex.FEMALE, Sex.MALE):
            actuals = by_sex.of_sex(sex)
            latest = year
            if latest is None:
                with_actual = [
                    y
                    for y in _phase_years(indicator.phase)
                    if actuals.get(indicator, area, y) is not None
                ]
                latest = with_actual[-1] if with_actual else None
            _previous, change = phase_change(indicator, actuals, area, latest)
            if change is not None:
                found.setdefault(indicator.pk, {})[str(sex)] = change
    return found
