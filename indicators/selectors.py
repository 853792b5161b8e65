"""Read models of indicators: the phase scorecard and an indicator's progress.

DESIGN.md §4 rules 2–4 over the actuals of rule 1 (`indicators.actuals`). Each function
here runs a fixed number of queries whatever the size of the phase.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from core.tree import subtree_q
from indicators.actuals import Actual, Actuals
from indicators.models import Indicator, Measurement, MeasurementStatus, PhaseAggregate, Sex, Target
from indicators.rules import (
    Change,
    change_between,
    combined_status,
    phase_total,
    status_explanation,
    target_status,
)
from programmes.models import Area, Objective, Phase
from programmes.succession import Lineage


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
class ScorecardPart:
    """One target of a line: the line's only one, or one sex's of a target by sex."""

    target: Target
    actual: Decimal | None
    status: str
    explanation: str


@dataclass
class ScorecardLine:
    """One target as the law words it, counted once: "ít nhất 40% cho mỗi giới" is one
    line judged in two parts (female, male), achieved only when both are."""

    target: Target
    actual: Decimal | None
    status: str
    explanation: str
    year: int
    parts: list[ScorecardPart] = field(default_factory=list)

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


SEX_ORDER = {Sex.TOTAL: 0, Sex.FEMALE: 1, Sex.MALE: 2}


def _target_for_year(targets: list[Target], year: int) -> Target:
    """The target for `year`, else the next later one, else the latest earlier one."""
    by_year = sorted(targets, key=lambda t: (t.year, SEX_ORDER[t.sex]))
    for target in by_year:
        if target.year >= year:
            return target
    return by_year[-1]


def _targets_for_year(targets: list[Target], year: int) -> list[Target]:
    """The chosen year's targets, one per sex (total first)."""
    chosen = _target_for_year(targets, year).year
    return sorted((t for t in targets if t.year == chosen), key=lambda t: SEX_ORDER[t.sex])


class SexActuals:
    """Actuals of female or male figures, for targets by sex (two queries).

    The engine's own roll-up over one sex's rows (`Actuals.from_rows`), as the indicator
    page does for its columns by sex.
    """

    def __init__(self, *, targets: list[Target], root: Area, years: set[int], approved_only):
        wanted = {(t.sex, t.indicator_id): t.indicator for t in targets if t.sex != Sex.TOTAL}
        self._load(wanted, root=root, years=years, approved_only=approved_only)

    @classmethod
    def of_indicators(
        cls, indicators: list[Indicator], *, root: Area, years: set[int], approved_only
    ) -> "SexActuals":
        """The women's and the men's actuals of `indicators` (two queries)."""
        found = cls.__new__(cls)
        wanted = {(sex, i.pk): i for sex in (Sex.FEMALE, Sex.MALE) for i in indicators}
        found._load(wanted, root=root, years=years, approved_only=approved_only)
        return found

    def _load(self, wanted: dict, *, root: Area, years: set[int], approved_only) -> None:
        self.by_key: dict[tuple[str, int], Actuals] = {}
        if not wanted:
            return
        lineage = Lineage.around(root)  # rule 8: the units it took over count too
        rows = Measurement.objects.filter(subtree_q("area__path", lineage.tops())).filter(
            indicator_id__in={i for _s, i in wanted},
            sex__in={s for s, _i in wanted},
            year__in=years,
        )
        if approved_only:
            rows = rows.filter(status=MeasurementStatus.APPROVED)
        figures: dict[tuple[str, int], dict] = defaultdict(lambda: defaultdict(dict))
        for sex, ind, area_id, year, period, value, num, den in rows.order_by().values_list(
            "sex", "indicator_id", "area_id", "year", "period", "value", "numerator", "denominator"
        ):
            figures[(sex, ind)][(ind, area_id, year)][period] = Actual(value, num, den)
        for key, indicator in wanted.items():
            self.by_key[key] = Actuals.from_rows(
                indicator=indicator,
                root=root,
                years=years,
                children=lineage.children,
                figures=figures.get(key, {}),
                lineage=lineage,
            )

    def get(self, target: Target, area: Area, year: int) -> Actual | None:
        return self.by_key[(target.sex, target.indicator_id)].get(target.indicator, area, year)

    def of_sex(self, sex: str) -> "_OneSex":
        return _OneSex(self, sex)


@dataclass
class _OneSex:
    """One sex's actuals, read as `Actuals` are (what `phase_change` reads)."""

    actuals: SexActuals
    sex: str

    def get(self, indicator: Indicator, area: Area, year: int) -> Actual | None:
        return self.actuals.by_key[(self.sex, indicator.pk)].get(indicator, area, year)


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
    targets = (
        Target.objects.filter(indicator__phase=phase, area=area)
        .select_related("indicator")
        .order_by()  # sorted below; the default ordering would join five tables
    )
    chosen = chosen_targets(objectives, targets, year)
    years = judged_years(chosen, year)
    actuals = Actuals(
        indicators=[ts[0].indicator for ts in chosen if ts[0].sex == Sex.TOTAL],
        root=area,
        years=years,
        approved_only=approved_only,
    )
    by_sex = SexActuals(
        targets=[t for ts in chosen for t in ts],
        root=area,
        years=years,
        approved_only=approved_only,
    )
    return judged_scorecard(
        phase=phase,
        area=area,
        year=year,
        objectives=objectives,
        chosen=chosen,
        actuals=actuals,
        by_sex=by_sex,
    )


def chosen_targets(
    objectives: list[Objective], targets: Iterable[Target], year: int
) -> list[list[Target]]:
    """Each indicator's targets for `year` (one per sex, total first), in the scorecard's
    order: by objective, then by indicator code."""
    targets_by_indicator: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        targets_by_indicator[target.indicator_id].append(target)
    chosen = [_targets_for_year(ts, year) for ts in targets_by_indicator.values()]
    chosen.sort(
        key=lambda ts: (_objective_number(objectives, ts[0]), _code_key(ts[0].indicator.code))
    )
    return chosen


def judged_years(chosen: list[list[Target]], year: int) -> set[int]:
    """The years the chosen targets are judged on (a target of an earlier year on its own)."""
    return {min(year, ts[0].year) for ts in chosen} or {year}


def judged_scorecard(
    *,
    phase: Phase,
    area: Area,
    year: int,
    objectives: list[Objective],
    chosen: list[list[Target]],
    actuals: Actuals,
    by_sex: SexActuals,
    explain: bool = True,
) -> Scorecard:
    """Rule 3 over actuals already loaded: each chosen target judged, counted per
    objective and in total (no query). Without `explain`, the lines carry no
    explanation (a page showing only the counts spares writing 2,000 of them)."""
    scorecard = Scorecard(phase=phase, area=area, year=year)
    scores = {o.pk: ObjectiveScore(objective=o) for o in objectives}
    for targets in chosen:
        judged_year = min(year, targets[0].year)
        parts = []
        for target in targets:
            if target.sex == Sex.TOTAL:
                actual = actuals.get(target.indicator, area, judged_year)
            else:
                actual = by_sex.get(target, area, judged_year)
            value = actual.value if actual else None
            status = target_status(target, value, judged_year)
            explanation = status_explanation(target, value, judged_year, status) if explain else ""
            parts.append(ScorecardPart(target, value, status, explanation))
        status = combined_status([part.status for part in parts])
        scorecard.add(status)
        scores[targets[0].indicator.objective_id].add(status)
        scorecard.lines.append(
            ScorecardLine(
                target=parts[0].target,
                actual=parts[0].actual,
                status=status,
                explanation=" ".join(part.explanation for part in parts),
                year=judged_year,
                parts=parts,
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
    # No ORDER BY: the default ordering would join the indicator, phase and area. A
    # target by sex shows as the women's (total first, where there is one).
    targets: dict[int, Decimal] = {}
    sexes: set[str] = set()
    for year, sex, value in sorted(
        indicator.targets.filter(area=area).order_by().values_list("year", "sex", "value"),
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
