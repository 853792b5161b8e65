"""One area's figure for one period as a validation rule reads it, rolled up as rule 1 does.

`FigureTable` holds the figures of an area tree (one query's rows) and answers a
reference (`CP.3.female`, `CP.1.numerator`) for an area and period:

1. the area's own figure for the period;
2. for a year without one, from its half-years: a flow adds them up, a stock takes the
   second half;
3. otherwise from the child areas valid on the period's last day, when every one of
   them has a value: counts, money and the two sides of a ratio add up; a rate is the
   sum of numerators over the sum of denominators; anything else is missing.

A missing value is None: the rule that needs it is not judged (as DHIS2's default
"skip if any value is missing").
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from collection.expressions import Ref
from core.periods import period_bounds
from indicators.models import SUMMABLE_UNITS, Accumulation, Indicator
from programmes.models import Area

FOUR_PLACES = Decimal("0.0001")


class FigureRow(NamedTuple):
    id: int
    indicator_id: int
    area_id: int
    period: str
    sex: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return cls._fields


class FigureTable:
    """The figures of some indicators in an area tree, for rules to read."""

    def __init__(
        self,
        rows: Iterable[FigureRow],
        areas: Iterable[Area],
        indicators: Iterable[Indicator],
    ) -> None:
        self.own = {(r.indicator_id, r.area_id, r.period, r.sex): r for r in rows}
        self.indicators = {indicator.code: indicator for indicator in indicators}
        self.children: dict[int, list[Area]] = {}
        for area in areas:
            if area.parent_id is not None:
                self.children.setdefault(area.parent_id, []).append(area)
        self._memo: dict[tuple, Decimal | None] = {}

    def has_own(self, indicator: Indicator, area: Area, period: str) -> bool:
        """Whether the area entered any figure of the indicator for the period (or its halves)."""
        periods = [period, f"{period}S1", f"{period}S2"] if len(period) == 4 else [period]
        return any(
            (indicator.pk, area.pk, p, sex) in self.own
            for p in periods
            for sex in ("total", "female", "male")
        )

    def get(self, ref: Ref, area: Area, period: str) -> Decimal | None:
        key = (ref, area.pk, period)
        if key not in self._memo:
            self._memo[key] = self._compute(ref, area, period)
        return self._memo[key]

    def _compute(self, ref: Ref, area: Area, period: str) -> Decimal | None:
        indicator = self.indicators[ref.code]
        row = self.own.get((indicator.pk, area.pk, period, ref.sex))
        if row is not None:
            return getattr(row, ref.part)
        rate_value = ref.part == "value" and indicator.is_rate
        if len(period) == 4:
            halves = [self.get(ref, area, f"{period}{half}") for half in ("S1", "S2")]
            if indicator.accumulation == Accumulation.STOCK and halves[1] is not None:
                return halves[1]
            flow = indicator.accumulation == Accumulation.FLOW
            if flow and not rate_value and None not in halves:
                return halves[0] + halves[1]
        if rate_value:
            return self._rate(ref, area, period, indicator)
        if ref.part == "value" and indicator.unit not in SUMMABLE_UNITS:
            return None
        return self._children_sum(ref, area, period)

    def _rate(self, ref: Ref, area: Area, period: str, indicator: Indicator) -> Decimal | None:
        """A rate without a figure of its own: its numerator over its denominator."""
        numerator = self.get(Ref(ref.code, ref.sex, "numerator"), area, period)
        denominator = self.get(Ref(ref.code, ref.sex, "denominator"), area, period)
        if numerator is None or not denominator:
            return None
        value = numerator / denominator * indicator.scale
        return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)

    def _children_sum(self, ref: Ref, area: Area, period: str) -> Decimal | None:
        last_day = period_bounds(period)[1]
        children = [
            child
            for child in self.children.get(area.pk, ())
            if child.is_valid_between(last_day, last_day)
        ]
        if not children:
            return None
        values = [self.get(ref, child, period) for child in children]
        if None in values:
            return None
        return sum(values, Decimal(0))
