"""Figures that look unusual: against their sibling areas, their own past, or a set range.

Three checks, each by the robust range of `collection.quality.robust`:

- its sibling areas (same parent) for the same indicator, period and sex, for rates
  only: a count compared with its neighbours' says more about their sizes than about
  its quality. The siblings that count are the units valid on the period's last day
  (DESIGN.md §4 rules 1 and 8), as in the roll-up;
- its own past periods of the same kind (years with years, half-years with half-years),
  computed in the database (`collection.quality.history`);
- the plausible range an officer set for the indicator (`ValueBounds`), if any.

Everything is read in a fixed number of queries, whatever the number of figures.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from collection.figures import FigureRow
from collection.models import ValueBounds
from collection.quality.history import past_ranges
from collection.quality.robust import (
    Range,
    min_values,
    ranges_without_each,
    robust_range,
    threshold,
)
from core.periods import period_bounds
from indicators.formatting import plain_decimal
from indicators.models import SUMMABLE_UNITS, Indicator, Measurement, Unit
from programmes.models import Area
from programmes.succession import valid_on


class Method:
    SIBLINGS = "siblings_mad"
    HISTORY = "history_mad"
    BOUNDS = "bounds"


OUTSIDE_RANGE = {
    Method.SIBLINGS: _(
        "%(value)s lies outside %(low)s–%(high)s, the usual range of the neighbouring areas."
    ),
    Method.HISTORY: _("%(value)s lies outside %(low)s–%(high)s, the usual range of past periods."),
    Method.BOUNDS: _("%(value)s lies outside %(low)s–%(high)s, the plausible range set for it."),
}


@dataclass(frozen=True)
class Outlier:
    measurement: int
    indicator_code: str
    area: Area
    period: str
    sex: str
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    method: str
    message: str


class SiblingRow(NamedTuple):
    """A sibling area's figure, with what says whether its area counts for the period."""

    id: int
    indicator_id: int
    parent_id: int | None
    period: str
    sex: str
    value: Decimal
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return (
            "id",
            "indicator_id",
            "area__parent_id",
            "period",
            "sex",
            "value",
            "area__valid_from",
            "area__valid_to",
        )


def plain(number: Decimal) -> str:
    return f"{plain_decimal(number):f}"


def _outlier(row: FigureRow, indicator: Indicator, area: Area, method: str, bounds) -> Outlier:
    low, high = bounds
    message = OUTSIDE_RANGE[method] % {
        "value": plain(row.value),
        "low": "…" if low is None else plain(low),
        "high": "…" if high is None else plain(high),
    }
    return Outlier(
        row.id,
        indicator.code,
        area,
        row.period,
        row.sex,
        row.value,
        low,
        high,
        method,
        str(message),
    )


def compared_with_siblings(indicator: Indicator) -> bool:
    return indicator.unit not in SUMMABLE_UNITS and indicator.unit != Unit.MILESTONE


@cache
def last_day(period: str) -> datetime.date:
    """The period's last day: the units valid that day are the ones that count for it."""
    return period_bounds(period)[1]


def sibling_ranges(
    judged: list[FigureRow],
    rows: Iterable[SiblingRow],
    areas: dict[int, Area],
    limit: Decimal,
) -> dict[int, Range | None]:
    """Each judged figure's range among its sibling areas' figures (itself left out),
    by figure id, from one sort of each group of siblings."""
    groups: dict[tuple, tuple[list[int], list[Decimal]]] = defaultdict(lambda: ([], []))
    for row in rows:
        if valid_on(row, last_day(row.period)):
            ids, values = groups[(row.indicator_id, row.parent_id, row.period, row.sex)]
            ids.append(row.id)
            values.append(row.value)
    without_each: dict[tuple, dict[int, Range | None]] = {}
    found = {}
    for row in judged:
        key = (row.indicator_id, areas[row.area_id].parent_id, row.period, row.sex)
        ids, values = groups.get(key, ([], []))
        if key not in without_each:
            without_each[key] = dict(zip(ids, ranges_without_each(values, limit), strict=True))
        by_id = without_each[key]
        found[row.id] = by_id[row.id] if row.id in by_id else robust_range(values, limit)
    return found


def find_outliers(
    judged: list[FigureRow],
    *,
    indicators: dict[int, Indicator],
    areas: dict[int, Area],
    siblings: dict[int, Range | None],
    past: dict[int, Range | None],
    bounds: dict[int, ValueBounds],
) -> list[Outlier]:
    """The figures of `judged` outside their set range, their siblings' or their past's
    (the two ranges by figure id; a figure without one is not judged by it)."""
    found = []
    for row in judged:
        indicator, area = indicators[row.indicator_id], areas[row.area_id]
        limits = bounds.get(row.indicator_id)
        if limits is not None and (
            (limits.minimum is not None and row.value < limits.minimum)
            or (limits.maximum is not None and row.value > limits.maximum)
        ):
            found.append(
                _outlier(row, indicator, area, Method.BOUNDS, (limits.minimum, limits.maximum))
            )
        for method, ranges in ((Method.SIBLINGS, siblings), (Method.HISTORY, past)):
            usual = ranges.get(row.id)
            if usual is not None and not usual[0] <= row.value <= usual[1]:
                found.append(_outlier(row, indicator, area, method, usual))
    return found


def outliers_of(judged: list[FigureRow], areas: dict[int, Area]) -> list[Outlier]:
    """Outliers among `judged` (whose areas `areas` holds), reading their indicators,
    their siblings, their past's ranges and the set bounds (four queries at most)."""
    if not judged:
        return []
    limit = threshold()
    indicator_ids = {row.indicator_id for row in judged}
    indicators = Indicator.objects.in_bulk(indicator_ids)
    compared = [
        row
        for row in judged
        if compared_with_siblings(indicators[row.indicator_id])
        and areas[row.area_id].parent_id is not None
    ]
    siblings = {}
    if compared:
        rows = Measurement.objects.filter(
            indicator_id__in={row.indicator_id for row in compared},
            area__parent_id__in={areas[row.area_id].parent_id for row in compared},
            period__in={row.period for row in compared},
        ).values_list(*SiblingRow.columns())
        siblings = sibling_ranges(compared, (SiblingRow(*row) for row in rows), areas, limit)
    past = past_ranges(judged, threshold=limit, min_values=min_values())
    bounds = {b.indicator_id: b for b in ValueBounds.objects.filter(indicator_id__in=indicator_ids)}
    return find_outliers(
        judged,
        indicators=indicators,
        areas=areas,
        siblings=siblings,
        past=past,
        bounds=bounds,
    )
