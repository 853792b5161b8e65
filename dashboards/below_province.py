"""The phase page for a district or commune (issue #14 point 5).

Targets are set for the programme's area, the province. For an area below it the page
shows that area's actuals against the province's targets, clearly labelled so, and, per
indicator, its child areas ranked from best to worst by the indicator's direction: an
answer instead of an all-zero scorecard. Four queries whatever the number of child
areas: the targets, and the three of `indicators.actuals.Actuals` (the names of the
children come with the lineage's units, one query more).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.actuals import Actuals
from indicators.formatting import format_value
from indicators.models import Direction, Indicator, Sex, Target
from indicators.rules import TargetStatus, status_explanation, target_phrase, target_status
from indicators.selectors import _code_key, _target_for_year
from programmes.models import Area, Phase


@dataclass
class RankedChild:
    area: Area
    value: Decimal | None
    text: str  # the value in the user's locale, with the indicator's decimals
    rank: int | None  # 1 for the best; None without a figure


@dataclass
class BelowLine:
    """One indicator: the area's actual against the province's target, and its children."""

    target: Target
    year: int  # the year judged: the target's year if it comes before the year asked
    actual: Decimal | None
    actual_text: str
    status: str
    explanation: str
    children: list[RankedChild] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.target.indicator

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label

    @property
    def target_text(self) -> str:
        return target_phrase(self.target)


@dataclass
class BelowProvince:
    province: Area
    area: Area
    year: int
    lines: list[BelowLine]


def ranked(indicator: Indicator, values: list[tuple[Area, Decimal | None]]) -> list[RankedChild]:
    """The children best first by the indicator's direction (ties share a rank, by code
    within it), those without a figure last and unranked."""
    with_value = [(a, v) for a, v in values if v is not None]
    decreasing = indicator.direction == Direction.DECREASE
    with_value.sort(key=lambda av: (av[1] if decreasing else -av[1], av[0].code))
    rows: list[RankedChild] = []
    previous, rank = None, 0
    for position, (area, value) in enumerate(with_value, start=1):
        if value != previous:
            rank, previous = position, value
        rows.append(RankedChild(area, value, format_value(value, indicator), rank))
    missing = sorted((a for a, v in values if v is None), key=lambda a: a.code)
    rows.extend(RankedChild(area, None, format_value(None, indicator), None) for area in missing)
    return rows


def below_province(
    *, phase: Phase, area: Area, year: int, approved_only: bool = False
) -> BelowProvince | None:
    """`area`'s actuals against the province's targets of `phase` for `year`, each with
    `area`'s child areas ranked; None for the programme's own area (its scorecard says
    it all). Targets by sex are left to the province's page: the total is compared."""
    province = phase.programme.area
    if area.pk == province.pk:
        return None
    by_indicator: dict[int, list[Target]] = defaultdict(list)
    targets = (
        Target.objects.filter(indicator__phase=phase, area=province, sex=Sex.TOTAL)
        .select_related("indicator__objective")
        .order_by()
    )
    for target in targets:
        by_indicator[target.indicator_id].append(target)
    chosen = [_target_for_year(ts, year) for ts in by_indicator.values()]
    chosen.sort(key=lambda t: (t.indicator.objective.number, _code_key(t.indicator.code)))
    years = {min(year, t.year) for t in chosen} or {year}
    actuals = Actuals(
        indicators=[t.indicator for t in chosen],
        root=area,
        years=years,
        approved_only=approved_only,
    )
    names = _children_by_year(actuals, area, years)
    lines = []
    for target in chosen:
        indicator = target.indicator
        judged = min(year, target.year)
        actual = actuals.get(indicator, area, judged)
        value = actual.value if actual else None
        status = target_status(target, value, judged)
        children = [
            (shown, _value(actuals.get(indicator, unit, judged))) for unit, shown in names[judged]
        ]
        lines.append(
            BelowLine(
                target=target,
                year=judged,
                actual=value,
                actual_text=format_value(value, indicator),
                status=status,
                explanation=status_explanation(target, value, judged, status),
                children=ranked(indicator, children),
            )
        )
    return BelowProvince(province=province, area=area, year=year, lines=lines)


def _value(actual) -> Decimal | None:
    return actual.value if actual is not None else None


def _children_by_year(actuals: Actuals, area: Area, years: set[int]) -> dict[int, list[tuple]]:
    """The child areas that count in each year (rule 8): each as the lineage's unit and
    as an area with its name (one query for all the years)."""
    counted = {y: actuals.lineage.counted_children(area, y) for y in years}
    ids = {child.pk for children in counted.values() for child in children}
    areas = Area.objects.only("pk", "code", "name").in_bulk(ids) if ids else {}
    return {y: [(child, areas[child.pk]) for child in children] for y, children in counted.items()}
