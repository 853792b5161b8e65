"""The roll-up engine (DESIGN.md §4 rule 1): yearly actuals of indicators in an area's tree.

`Actuals` loads what a read needs in three queries, whatever the size of the tree, and
then answers `get(indicator, area, year)` from memory.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import models

from indicators.models import (
    Accumulation,
    ChildSums,
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
)
from indicators.rules import Actual, combine, combine_sums
from programmes.models import Area

Key = tuple[int, int, int]  # (indicator, area, year)
Figures = dict[Key, dict[str, Actual]]  # each key's figures by period
Children = dict[int | None, list]  # the tree: each area's children by parent id


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
    and the figures, row by row, of the root and of every area that has children. A
    roll-up whose children all have a yearly figure (and all existed that year) is read
    from the sums: each child's actual is then its yearly figure, so the sum of the
    children is the sum of those figures. Any other roll-up (a child with half-years
    only, or none, or a child that did not exist that year) is worked out child by child
    from the rows, which the third query then also loads for that indicator and year;
    both ways give the same answer, which tests/indicators/test_summary_property.py
    checks on random trees. With `approved_only`, figures not yet approved count as
    missing.
    """

    def __init__(
        self,
        *,
        indicators: Iterable[Indicator],
        root: Area,
        years: Iterable[int],
        approved_only: bool = False,
    ):
        indicators = {indicator.pk: indicator for indicator in indicators}
        years = set(years)
        children = _tree(root)
        parents = _parents(children, root)
        sums = _child_sums(indicators, parents, years, approved_only)
        summed, by_row = _plan(indicators, children, parents, years, sums)
        row_areas = parents | {root.pk}
        figures = _rows(root, indicators, years, row_areas, by_row, approved_only)
        self._hold(indicators, root, children, figures, sums, summed, by_row, row_areas)

    @classmethod
    def from_rows(
        cls,
        *,
        indicator: Indicator,
        root: Area,
        years: Iterable[int],
        children: Children,
        figures: Figures,
    ) -> "Actuals":
        """Actuals of one indicator over a tree and figures the caller has loaded.

        Every roll-up then goes child by child through the rows (no database sums), so
        the rows may be any selection of figures: one sex's, for example.
        """
        actuals = cls.__new__(cls)
        by_row = {(indicator.pk, year) for year in years}
        actuals._hold(
            {indicator.pk: indicator}, root, children, figures, {}, set(), by_row, {root.pk}
        )
        return actuals

    def _hold(self, indicators, root, children, figures, sums, summed, by_row, row_areas):
        self.indicators: dict[int, Indicator] = indicators
        self.root = root
        self.children: Children = children
        self.figures: Figures = figures
        # (indicator, parent area, year) -> (figures, Σ value, Σ numerator, Σ denominator,
        # how many of them carry a numerator), from the summary the database keeps.
        self.sums: dict[Key, tuple] = sums
        self.summed: set[Key] = summed  # the roll-ups read from `sums`
        self.by_row: set[tuple[int, int]] = by_row  # (indicator, year) loaded row by row
        self.row_areas: set[int] = row_areas
        self.memo: dict[Key, Actual | None] = {}
        self.valid_children: dict[tuple[int, int], list] = {}

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
        return combine(indicator, halves, child_areas=0)

    def _rolled_up(self, indicator: Indicator, area: Area, year: int) -> Actual | None:
        key = (indicator.pk, area.pk, year)
        if key in self.summed:
            return combine_sums(indicator, *self.sums[key])
        children = self.valid_children.get((area.pk, year))
        if children is None:
            children = [c for c in self.children.get(area.pk, []) if c.is_valid_in_year(year)]
            self.valid_children[(area.pk, year)] = children
        parts = [
            actual for child in children if (actual := self.get(indicator, child, year)) is not None
        ]
        if not parts:
            return None
        return combine(indicator, parts, child_areas=len(parts))


def _tree(root: Area) -> Children:
    """The areas of `root`'s tree, as rows, by parent id (the first query)."""
    children: Children = defaultdict(list)
    rows = Area.objects.in_tree_of(root).order_by()
    for row in rows.values_list("id", "parent_id", "valid_from", "valid_to"):
        area = TreeArea(*row)
        children[area.parent_id].append(area)
    return children


def _parents(children: Children, root: Area) -> set[int]:
    """The areas of the tree that have children (the root's own parent is not one)."""
    return {
        parent_id
        for parent_id, areas in children.items()
        if any(child.pk != root.pk for child in areas)
    }


def _child_sums(
    indicators: dict[int, Indicator], parents: set[int], years: set[int], approved_only: bool
) -> dict[Key, tuple]:
    """The database's sums of each parent's children's yearly figures (the second query)."""
    prefix = "approved_" if approved_only else ""
    rows = ChildSums.objects.filter(
        indicator_id__in=indicators, parent_id__in=parents, year__in=years
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
    return {(indicator_id, parent_id, year): rest for indicator_id, parent_id, year, *rest in rows}


def _plan(
    indicators: dict[int, Indicator],
    children: Children,
    parents: set[int],
    years: set[int],
    sums: dict[Key, tuple],
) -> tuple[set[Key], set[tuple[int, int]]]:
    """Which roll-ups the sums answer, and which (indicator, year) must be read row by row."""
    summed: set[Key] = set()
    by_row: set[tuple[int, int]] = set()
    for parent_id in parents:
        areas = children[parent_id]
        for year in years:
            all_valid = all(child.is_valid_in_year(year) for child in areas)
            for indicator_id in indicators:
                key = (indicator_id, parent_id, year)
                if all_valid and key in sums and sums[key][0] == len(areas):
                    summed.add(key)
                else:
                    by_row.add((indicator_id, year))
    return summed, by_row


def _rows(
    root: Area,
    indicators: dict[int, Indicator],
    years: set[int],
    row_areas: set[int],
    by_row: set[tuple[int, int]],
    approved_only: bool,
) -> Figures:
    """The figures the sums do not answer for, by key and period (the third query)."""
    # No ORDER BY anywhere: the default ordering would join four tables and sort every
    # figure, and nothing here depends on the order rows arrive in.
    figures = (
        Measurement.objects.for_area_tree(root)
        .filter(indicator_id__in=indicators, year__in=years, sex=Sex.TOTAL)
        .order_by()
    )
    if approved_only:
        figures = figures.filter(status=MeasurementStatus.APPROVED)
    row_filter = models.Q(area_id__in=row_areas)
    if by_row:
        row_filter |= models.Q(
            indicator_id__in={indicator_id for indicator_id, _year in by_row},
            year__in={year for _indicator_id, year in by_row},
        )
    loaded: Figures = defaultdict(dict)
    rows = figures.filter(row_filter).values_list(
        "indicator_id", "area_id", "year", "period", "value", "numerator", "denominator"
    )
    for indicator_id, area_id, year, period, value, numerator, denominator in rows:
        loaded[(indicator_id, area_id, year)][period] = Actual(value, numerator, denominator)
    return loaded
