"""Read models of indicators: the phase scorecard and an indicator's progress.

DESIGN.md §4 rules 2–4 over the actuals of rule 1 (`indicators.actuals`). Each function
here runs a fixed number of queries whatever the size of the phase.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from core.tree import subtree_q
from indicators.actuals import Actual, Actuals
from indicators.models import Indicator, Measurement, MeasurementStatus, Sex, Target
from indicators.read_sql import objective_target_rows
from indicators.rules import (
    combined_status,
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


class IndicatorRow(NamedTuple):
    """What the rules, the roll-up and the scorecard's answer read of an indicator."""

    pk: int
    code: str
    objective_id: int
    unit: str
    unit_label: str
    decimals: int | None
    direction: str
    accumulation: str


class TargetRow(NamedTuple):
    """What the rules and the scorecard's answer read of a target, with its indicator."""

    pk: int
    indicator_id: int
    year: int
    sex: str
    comparator: str
    value: Decimal
    value_max: Decimal | None
    baseline_value: Decimal | None
    baseline_year: int | None
    indicator: IndicatorRow


class ObjectiveRow(NamedTuple):
    """What the scorecard's answer reads of an objective."""

    pk: int
    number: int
    title: str


TARGET_ROW_FIELDS = [f for f in TargetRow._fields if f not in ("pk", "indicator")]
INDICATOR_ROW_FIELDS = [f for f in IndicatorRow._fields if f != "pk"]


def objective_and_target_rows(phase: Phase, area: Area) -> tuple[list, list[TargetRow]]:
    """The phase's objectives in order, and its indicators' targets for `area` (one query,
    `indicators.read_sql`), each indicator's one row shared by its targets."""
    objectives: dict[int, ObjectiveRow] = {}
    indicators: dict[int, IndicatorRow] = {}
    targets = []
    first_indicator = 3 + 1 + len(TARGET_ROW_FIELDS)
    for row in objective_target_rows(
        phase_id=phase.pk,
        area_id=area.pk,
        target_columns=["id", *TARGET_ROW_FIELDS],
        indicator_columns=INDICATOR_ROW_FIELDS,
    ):
        if row[0] not in objectives:
            objectives[row[0]] = ObjectiveRow(*row[:3])
        if row[3] is None:
            continue  # an objective without targets for the area
        indicator = indicators.get(row[4])
        if indicator is None:
            indicator = indicators[row[4]] = IndicatorRow(row[4], *row[first_indicator:])
        targets.append(TargetRow(*row[3:first_indicator], indicator))
    return sorted(objectives.values(), key=lambda o: o.number), targets


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
    as_rows: bool = False,
) -> Scorecard:
    """Rule 3: every indicator of `phase` with a target for `area`, judged for `year`.

    `area` defaults to the programme's jurisdiction and `year` to the phase's end year.
    With `approved_only` only approved figures count (the official scorecard). With
    `as_rows` the objectives and lines hold rows (`ObjectiveRow`, `TargetRow`), not
    models, read in one query: an answer that only writes them out (the API's) is spared
    a query and building a Target and an Indicator for every target.
    """
    area = area or phase.programme.area
    year = year or phase.end_year
    if as_rows:
        objectives, targets = objective_and_target_rows(phase, area)
    else:
        objectives = list(phase.objectives.order_by("number"))
        # No ORDER BY: sorted below; the default ordering would join five tables.
        targets = (
            Target.objects.filter(indicator__phase=phase, area=area)
            .select_related("indicator")
            .order_by()
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
    numbers = {objective.pk: objective.number for objective in objectives}
    chosen.sort(
        key=lambda ts: (numbers[ts[0].indicator.objective_id], _code_key(ts[0].indicator.code))
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


def _code_key(code: str) -> tuple:
    """Sort "2.10" after "2.9"."""
    return tuple(int(p) if p.isdigit() else p for p in code.replace("-", ".").split("."))


# The progress and change reads live in `indicators.progress`, which builds on this module;
# they stay importable from here, loaded on first use so neither module imports the other
# while it is being built.
PROGRESS_NAMES = frozenset(
    [
        "ProgressPoint",
        "PreviousPhaseValue",
        "Progress",
        "comparison_years",
        "phase_change",
        "indicator_progress",
        "phase_changes_by_sex",
    ]
)


def __getattr__(name: str):
    if name in PROGRESS_NAMES:
        from indicators import progress

        return getattr(progress, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
