"""The results part of a review: targets, actuals by year, the previous phase, sexes, next phase.

Built on the indicators app's read models (`phase_scorecard`, the `Actuals` roll-up and
`phase_change`), so every status and change is the one the scorecard and the progress
API give. A fixed number of queries whatever the number of targets, areas or figures.
"""

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from core.tree import subtree_q
from indicators.actuals import Actuals
from indicators.models import (
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
)
from indicators.rules import Actual, Change
from indicators.selectors import (
    PreviousPhaseValue,
    Scorecard,
    ScorecardLine,
    comparison_years,
    phase_change,
    phase_scorecard,
)
from programmes.models import Area, Phase
from programmes.succession import Lineage, lineage_ids
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
    """How many figures of the phase behind `area`'s numbers are not approved yet: of its
    tree and, by succession (rule 8), of the units it or its units took over and of their
    trees (one query)."""
    return (
        Measurement.objects.filter(area_id__in=lineage_ids(area))
        .filter(indicator__phase=phase)
        .exclude(status=MeasurementStatus.APPROVED)
        .count()
    )


# Figures by sex and area (Biểu 02)


def by_sex_and_area(*, phase: Phase, area: Area, year: int, approved_only: bool) -> list[dict]:
    """For each indicator of the phase with figures by sex in `year`, the total, female and
    male values of `area` and of each of its child areas that count that year (two
    queries).

    Each value is the engine's (`Actuals`, rules 1 and 8) over that sex's figures: the
    area's own yearly figure (a flow adds its half-years, a stock takes the latest), else
    its children's rolled up (counts add, rates only through numerators and
    denominators), else the figures of the units it took over; the children are those
    valid on the year's last day.
    """
    lineage = Lineage.around(area, fields=("code", "name"))
    figures = Measurement.objects.filter(subtree_q("area__path", lineage.tops())).filter(
        indicator__phase=phase, year=year
    )
    if approved_only:
        figures = figures.filter(status=MeasurementStatus.APPROVED)
    indicators, rows = _figures_by_sex(figures)
    # By code, in Python: the database's collation would order codes differently on
    # PostgreSQL and SQLite.
    children = sorted(lineage.counted_children(area, year), key=lambda child: child.code)
    tables = []
    for indicator in sorted(indicators.values(), key=lambda i: _code_key(i.code)):
        by_sex = {
            sex: Actuals.from_rows(
                indicator=indicator,
                root=area,
                years=[year],
                children=lineage.children,
                figures=rows[(indicator.pk, sex)],
                lineage=lineage,
            )
            for sex in SEXES
        }
        table_rows = []
        for unit in [area, *children]:
            values = {sex: _value(by_sex[sex].get(indicator, unit, year)) for sex in SEXES}
            table_rows.append(
                {
                    "area": unit.code,
                    "name": unit.name,
                    **{s: number_text(v) for s, v in values.items()},
                }
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
    """The indicators among `figures` that have figures by sex, and all their figures as
    the engine reads them: {(indicator, sex): {(indicator, area, year): {period: Actual}}}
    (one query)."""
    split = figures.filter(~Q(sex=Sex.TOTAL)).values("indicator_id")
    rows: dict[tuple, dict] = defaultdict(lambda: defaultdict(dict))
    indicators: dict[int, _Indicator] = {}
    # Plain rows, not models: a province of a hundred communes has thousands of them.
    for indicator_id, code, name, unit, accumulation, area_id, sex, period, year, *ratio in (
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
            "year",
            "value",
            "numerator",
            "denominator",
        )
    ):
        if indicator_id not in indicators:
            indicators[indicator_id] = _Indicator(indicator_id, code, name, unit, accumulation)
        rows[(indicator_id, sex)][(indicator_id, area_id, year)][period] = Actual(*ratio)
    return indicators, rows


class _Indicator(NamedTuple):
    pk: int
    code: str
    name: str
    unit: str
    accumulation: str


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in code.replace("-", ".").split("."))


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
