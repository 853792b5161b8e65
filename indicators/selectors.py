"""Read models of indicators: the phase scorecard and an indicator's progress.

DESIGN.md §4 rules 2–4 over the actuals of rule 1 (`indicators.actuals`). Each function
here runs a fixed number of queries whatever the size of the phase.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.actuals import Actuals
from indicators.models import Indicator, Target
from indicators.rules import Change, change_between, status_explanation, target_status
from programmes.models import Area, Objective, Phase


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
