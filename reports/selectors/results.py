"""The results part of a review: targets, actuals by year, the previous phase, sexes, next phase.

Built on the indicators app's read models (`phase_scorecard`, the `Actuals` roll-up and
`phase_change`), so every status and change is the one the scorecard and the progress
API give. A fixed number of queries whatever the number of targets, areas or figures.
"""

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from indicators.actuals import Actuals
from indicators.models import (
    RATE_SCALE,
    SUMMABLE_UNITS,
    Accumulation,
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
)
from indicators.rules import Change
from indicators.selectors import (
    PreviousPhaseValue,
    Scorecard,
    ScorecardLine,
    comparison_years,
    phase_change,
    phase_scorecard,
)
from programmes.models import Area, Phase
from reports.formats import number_text


def results(*, phase: Phase, area: Area, year: int, approved_only: bool) -> dict:
    """The scorecard with, per target, the legal wording, the actual of every phase year,
    the previous phase's end value and the change on it (DESIGN §4 rules 1–4)."""
    scorecard = phase_scorecard(phase=phase, area=area, year=year, approved_only=approved_only)
    indicators = [line.indicator for line in scorecard.lines]
    previous = {
        i.pk: i
        for i in Indicator.objects.filter(
            pk__in={i.previous_id for i in indicators if i.previous_id}
        ).select_related("phase")
    }
    for indicator in indicators:
        indicator.phase = phase
        indicator.previous = previous.get(indicator.previous_id)
    years = set(range(phase.start_year, phase.end_year + 1))
    actuals = Actuals(
        indicators=[*indicators, *previous.values()],
        root=area,
        years=years | comparison_years(indicators),
        approved_only=approved_only,
    )
    targets = []
    for line in scorecard.lines:
        before, change = phase_change(line.indicator, actuals, area, line.year)
        series = [
            {"year": y, "actual": number_text(_value(actuals.get(line.indicator, area, y)))}
            for y in sorted(years)
        ]
        targets.append(
            {
                **_target_row(line, _objective_number(scorecard, line.indicator)),
                "series": series,
                **_against_previous(before, change),
            }
        )
    return {
        "totals": _counts(scorecard),
        "objectives": [
            {"number": score.objective.number, "title": score.objective.title, **_counts(score)}
            for score in scorecard.objectives
        ],
        "targets": targets,
    }


def _target_row(line: ScorecardLine, objective: int) -> dict:
    """A scorecard line as the snapshot keeps it."""
    indicator, target = line.indicator, line.target
    return {
        "target": target.pk,
        "indicator": indicator.pk,
        "indicator_code": indicator.code,
        "indicator_name": indicator.name,
        "objective": objective,
        "unit": indicator.unit,
        "unit_label": indicator.unit_label,
        "decimals": indicator.decimals,
        "comparator": target.comparator,
        "target_value": number_text(target.value),
        "value_max": number_text(target.value_max),
        "baseline_year": target.baseline_year,
        "sex": target.sex,
        "target_year": target.year,
        "source_text": target.source_text,
        "data_source": indicator.data_source,
        "year": line.year,
        "actual": number_text(line.actual),
        "status": line.status,
        "parts": [
            {
                "sex": part.target.sex,
                "actual": number_text(part.actual),
                "status": part.status,
            }
            for part in line.parts
        ],
    }


def _against_previous(before: PreviousPhaseValue | None, change: Change | None) -> dict:
    """The previous phase summed up by the indicator's `phase_aggregate` and the change on
    it (rule 4), or None for both."""
    if before is None:
        return {"previous": None, "change": None}
    previous = {
        "phase": before.indicator.phase.name,
        "year": before.year,
        "start_year": before.start_year,
        "aggregate": str(before.aggregate),
        "value": number_text(before.value),
    }
    if change is None:
        return {"previous": previous, "change": None}
    return {
        "previous": previous,
        "change": {
            "absolute": number_text(change.absolute),
            "relative_percent": number_text(change.relative_percent),
            "headline": str(change.headline),
            "aggregate": str(change.aggregate),
            "series_break": change.series_break,
        },
    }


def _value(actual) -> Decimal | None:
    return actual.value if actual is not None else None


def _objective_number(scorecard: Scorecard, indicator: Indicator) -> int:
    return next(
        s.objective.number for s in scorecard.objectives if s.objective.pk == indicator.objective_id
    )


def _counts(counts) -> dict:
    return {
        name: getattr(counts, name)
        for name in (
            "targets_total",
            "achieved",
            "not_achieved",
            "no_data",
            "on_track",
            "off_track",
        )
    }


def figures_not_approved(*, phase: Phase, area: Area) -> int:
    """How many figures of the phase in `area`'s tree are not approved yet (one query)."""
    return (
        Measurement.objects.for_area_tree(area)
        .filter(indicator__phase=phase)
        .exclude(status=MeasurementStatus.APPROVED)
        .count()
    )


# Figures by sex and area (Biểu 02)


def by_sex_and_area(*, phase: Phase, area: Area, year: int, approved_only: bool) -> list[dict]:
    """For each indicator of the phase with figures by sex in `year`, the total, female and
    male values of `area` and of each of its child areas (two queries).

    Each value follows rule 1 for that sex: the area's own yearly figure (a flow adds its
    half-years, a stock takes the latest), else its children's rolled up (counts add,
    rates only through numerators and denominators).
    """
    tree: dict[int | None, list[tuple]] = defaultdict(list)
    for row in (
        Area.objects.in_tree_of(area)
        .order_by()
        .values_list("id", "parent_id", "code", "name", "valid_from", "valid_to")
    ):
        tree[row[1]].append(row)
    figures = Measurement.objects.for_area_tree(area).filter(indicator__phase=phase, year=year)
    if approved_only:
        figures = figures.filter(status=MeasurementStatus.APPROVED)
    indicators, rows = _figures_by_sex(figures)
    own = next(row for rows_ in tree.values() for row in rows_ if row[0] == area.pk)
    # By code, in Python: the database's collation would order codes differently on
    # PostgreSQL and SQLite.
    children = sorted((row for row in tree[area.pk] if _valid_in(row, year)), key=lambda r: r[2])
    tables = []
    for indicator in sorted(indicators.values(), key=lambda i: _code_key(i.code)):
        roll = _SexRollUp(indicator, tree, rows, year)
        table_rows = []
        for row in [own, *children]:
            values = {sex: roll.get(row[0], sex) for sex in SEXES}
            table_rows.append(
                {"area": row[2], "name": row[3], **{s: number_text(v) for s, v in values.items()}}
            )
        tables.append(
            {
                "indicator_code": indicator.code,
                "indicator_name": indicator.name,
                "unit": indicator.unit,
                "rows": table_rows,
            }
        )
    return tables


SEXES = tuple(Sex.values)


def _figures_by_sex(figures) -> tuple[dict, dict]:
    """The indicators among `figures` that have figures by sex, and all their figures:
    {(indicator, area, sex): {period: (value, numerator, denominator)}} (one query)."""
    split = figures.filter(~Q(sex=Sex.TOTAL)).values("indicator_id")
    rows: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    indicators: dict[int, _Indicator] = {}
    # Plain rows, not models: a province of a hundred communes has thousands of them.
    for indicator_id, code, name, unit, accumulation, area_id, sex, period, *ratio in (
        figures.filter(indicator_id__in=split)
        .order_by()
        .values_list(
            "indicator_id",
            "indicator__code",
            "indicator__name",
            "indicator__unit",
            "indicator__accumulation",
            "area_id",
            "sex",
            "period",
            "value",
            "numerator",
            "denominator",
        )
    ):
        if indicator_id not in indicators:
            indicators[indicator_id] = _Indicator(indicator_id, code, name, unit, accumulation)
        rows[(indicator_id, area_id, sex)][period] = tuple(ratio)
    return indicators, rows


class _Indicator(NamedTuple):
    pk: int
    code: str
    name: str
    unit: str
    accumulation: str


def _valid_in(row: tuple, year: int) -> bool:
    valid_from, valid_to = row[4], row[5]
    return (valid_from is None or valid_from.year <= year) and (
        valid_to is None or valid_to.year >= year
    )


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in code.replace("-", ".").split("."))


class _SexRollUp:
    """Rule 1 for one indicator, one year and one sex at a time, over loaded rows."""

    def __init__(self, indicator: _Indicator, tree: dict, rows: dict, year: int) -> None:
        self.indicator, self.tree, self.rows, self.year = indicator, tree, rows, year
        self.memo: dict[tuple[int, str], tuple | None] = {}

    def get(self, area_id: int, sex: str) -> Decimal | None:
        found = self._actual(area_id, sex)
        return found[0] if found is not None else None

    def _actual(self, area_id: int, sex: str) -> tuple | None:
        key = (area_id, sex)
        if key not in self.memo:
            self.memo[key] = self._own(area_id, sex) or self._combine(
                [
                    part
                    for child in self.tree.get(area_id, [])
                    if _valid_in(child, self.year)
                    and (part := self._actual(child[0], sex)) is not None
                ]
            )
        return self.memo[key]

    def _own(self, area_id: int, sex: str) -> tuple | None:
        by_period = self.rows.get((self.indicator.pk, area_id, sex))
        if not by_period:
            return None
        if str(self.year) in by_period:
            return by_period[str(self.year)]
        halves = [by_period[p] for p in (f"{self.year}S1", f"{self.year}S2") if p in by_period]
        if self.indicator.accumulation == Accumulation.STOCK:
            return halves[-1]
        return self._combine(halves)

    def _combine(self, parts: list[tuple]) -> tuple | None:
        if not parts:
            return None
        if self.indicator.unit in SUMMABLE_UNITS:
            return (sum(p[0] for p in parts), None, None)
        scale = RATE_SCALE.get(self.indicator.unit)
        if scale is None or any(p[1] is None or p[2] is None for p in parts):
            return None  # never average rates
        numerator, denominator = sum(p[1] for p in parts), sum(p[2] for p in parts)
        return (numerator / denominator * scale, numerator, denominator)


# Targets of the next phase (section VII, Biểu 07)


def _target_order(target: Target) -> tuple:
    return (target.indicator.objective.number, _code_key(target.indicator.code), target.year)


def next_phase_targets(*, phase: Phase, area: Area, end_values: dict[int, str | None]) -> dict:
    """The phase that continues `phase` and its targets for `area`, each with its baseline:
    the target's own, else the last actual of the indicator it continues (`end_values`,
    keyed by this phase's indicator ids). Two queries."""
    following = Phase.objects.filter(previous=phase).first()
    if following is None:
        return {"phase": None, "targets": []}
    targets = (
        Target.objects.filter(indicator__phase=following, area=area)
        .select_related("indicator__objective")
        .order_by()  # sorted below, "2.10" after "2.9"
    )
    rows = []
    for target in sorted(targets, key=_target_order):
        indicator = target.indicator
        baseline, baseline_year = target.baseline_value, target.baseline_year
        if baseline is None and indicator.previous_id in end_values:
            baseline, baseline_year = end_values[indicator.previous_id], phase.end_year
        rows.append(
            {
                "indicator_code": indicator.code,
                "indicator_name": indicator.name,
                "unit": indicator.unit,
                "comparator": target.comparator,
                "target_value": number_text(target.value),
                "target_year": target.year,
                "baseline_value": number_text(baseline),
                "baseline_year": baseline_year,
                "source_text": target.source_text,
            }
        )
    return {
        "phase": {
            "name": following.name,
            "start_year": following.start_year,
            "end_year": following.end_year,
        },
        "targets": rows,
    }
