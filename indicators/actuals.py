"""The roll-up engine (DESIGN.md §4 rules 1 and 8): yearly actuals of indicators in an
area's tree, across reorganisations.

`Actuals` loads what a read needs in three queries, whatever the size of the tree, and
then answers `get(indicator, area, year)` from memory.
"""

from collections import defaultdict
from collections.abc import Iterable

from indicators.models import (
    Accumulation,
    Indicator,
    MeasurementStatus,
    Sex,
)
from indicators.read_sql import child_sums_rows, figure_rows
from indicators.rules import Actual, combine, combine_sums
from programmes.models import Area
from programmes.succession import Lineage, last_day, valid_on

Key = tuple[int, int, int]  # (indicator, area, year)
Figures = dict[Key, dict[str, Actual]]  # each key's figures by period
Children = dict[int | None, list]  # the tree: each area's children by parent id


class Actuals:
    """Rules 1 and 8: yearly actuals for some indicators in an area's tree.

    Three queries whatever the size of the tree: the units (`programmes.succession.
    Lineage`: the tree, the units its units took over and their trees); the sums of the
    yearly figures of the children that count under rule 8, which the database keeps
    current in `ChildSums` across reorganisations; and the figures, row by row, of the
    root, of its predecessors and of every area that has children. A roll-up whose
    counted children all have a yearly figure is read from the sums: each child's actual
    is then its yearly figure, so the sum of the children is the sum of those figures.
    Any other roll-up (a counted child with half-years only, or none) is worked out child
    by child from the rows, which the third query then also loads for that indicator and
    year; both ways give the same answer, which
    tests/indicators/test_summary_property.py checks on random trees and reorganisations.
    A read that reaches further (a successor with no figure of its own or of its
    children, turning to the units it took over) loads that year's rows with one query
    more. With `approved_only`, figures not yet approved count as missing.
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
        lineage = Lineage.around(root)
        parents = lineage.parents()
        sums = _child_sums(indicators, parents, years, approved_only)
        summed, by_row = _plan(indicators, lineage, parents, years, sums, root.pk)
        row_areas = parents | {root.pk} | lineage.ancestry(root)
        source = (lineage.tops(), approved_only)
        figures = _rows(source, indicators, years, row_areas, by_row)
        self._hold(indicators, root, lineage, figures, sums, summed, by_row, row_areas, source)

    @classmethod
    def from_rows(
        cls,
        *,
        indicator: Indicator,
        root: Area,
        years: Iterable[int],
        children: Children,
        figures: Figures,
        lineage: Lineage | None = None,
    ) -> "Actuals":
        """Actuals of one indicator over a tree and figures the caller has loaded.

        Every roll-up then goes child by child through the rows (no database sums), so
        the rows may be any selection of figures: one sex's, for example. Without a
        `lineage`, the tree's units and no successions.
        """
        actuals = cls.__new__(cls)
        by_row = {(indicator.pk, year) for year in years}
        if lineage is None:
            lineage = Lineage([unit for units in children.values() for unit in units])
        actuals._hold(
            {indicator.pk: indicator}, root, lineage, figures, {}, set(), by_row, {root.pk}, None
        )
        return actuals

    def _hold(self, indicators, root, lineage, figures, sums, summed, by_row, row_areas, source):
        self.indicators: dict[int, Indicator] = indicators
        self.root = root
        self.lineage: Lineage = lineage
        self.children: Children = lineage.children
        self.figures: Figures = figures
        # (indicator, parent area, year) -> (figures, Σ value, Σ numerator, Σ denominator,
        # how many of them carry a numerator), from the summary the database keeps.
        self.sums: dict[Key, tuple] = sums
        self.summed: set[Key] = summed  # the roll-ups read from `sums`
        self.by_row: set[tuple[int, int]] = by_row  # (indicator, year) loaded row by row
        self.row_areas: set[int] = row_areas
        self.source = source  # (subtree paths, approved only) for rows loaded later
        self.memo: dict[Key, Actual | None] = {}
        self.counted: dict[tuple[int, int], list] = {}

    def get(self, indicator: Indicator, area, year: int) -> Actual | None:
        """The actual of `indicator` in `area` for `year`, or None when it is missing.

        `area` is the root, or any area of the tree: one outside what the first reads
        loaded costs one query for that year's rows.
        """
        key = (indicator.pk, area.pk, year)
        if key not in self.memo:
            if area.pk not in self.row_areas and (indicator.pk, year) not in self.by_row:
                self._load_year(area, year)
            self.memo[key] = None  # a cycle of successions left by hand ends here
            self.memo[key] = self._actual(indicator, self.lineage.units.get(area.pk, area), year)
        return self.memo[key]

    def _actual(self, indicator: Indicator, unit, year: int) -> Actual | None:
        own = self._own(indicator, unit.pk, year)
        if own is not None:
            return own
        if self.lineage.begins_after(unit, year):
            return self._combined(indicator, self.lineage.predecessors(unit), year)
        rolled = self._rolled_up(indicator, unit, year)
        if rolled is not None:
            return rolled
        return self._combined(indicator, self.lineage.absorbed(unit, year), year)

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

    def _rolled_up(self, indicator: Indicator, unit, year: int) -> Actual | None:
        key = (indicator.pk, unit.pk, year)
        if key in self.summed:
            return combine_sums(indicator, *self.sums[key])
        children = self.counted.get((unit.pk, year))
        if children is None:
            children = self.lineage.counted_children(unit, year)
            self.counted[(unit.pk, year)] = children
        return self._combined(indicator, children, year)

    def _combined(self, indicator: Indicator, units: list, year: int) -> Actual | None:
        parts = [
            actual for unit in units if (actual := self.get(indicator, unit, year)) is not None
        ]
        if not parts:
            return None
        return combine(indicator, parts, child_areas=len(parts))

    def _load_year(self, area, year: int) -> None:
        """Every indicator's rows for `year`, for a read that reaches past the plan."""
        if self.source is None or area.pk not in self.lineage.units:
            raise ValueError(f"{area} is not in the tree of these actuals.")
        pending = {(indicator_id, year) for indicator_id in self.indicators} - self.by_row
        loaded = _rows(self.source, self.indicators, {year}, set(), pending)
        for key, periods in loaded.items():
            self.figures.setdefault(key, {}).update(periods)
        self.by_row |= pending


def _child_sums(
    indicators: dict[int, Indicator], parents: set[int], years: set[int], approved_only: bool
) -> dict[Key, tuple]:
    """The database's sums of each parent's children's yearly figures (the second query)."""
    prefix = "approved_" if approved_only else ""
    rows = child_sums_rows(
        columns=[
            "indicator",
            "parent",
            "year",
            f"{prefix}figures",
            f"{prefix}value_sum",
            f"{prefix}numerator_sum",
            f"{prefix}denominator_sum",
            f"{prefix}ratios",
        ],
        indicators=indicators,
        parents=parents,
        years=years,
    )
    return {(indicator_id, parent_id, year): rest for indicator_id, parent_id, year, *rest in rows}


def _plan(
    indicators: dict[int, Indicator],
    lineage: Lineage,
    parents: set[int],
    years: set[int],
    sums: dict[Key, tuple],
    root_id: int,
) -> tuple[set[Key], set[tuple[int, int]]]:
    """Which roll-ups the sums answer, and which (indicator, year) must be read row by row.

    The sums hold, per parent and year, the yearly figures of the children that count
    that year under rule 8, whatever reorganisations happened (the triggers sum a
    parent again when its children's dates or successions change). They answer a
    roll-up when every child that counts has a yearly figure (then each child's actual
    is that figure), and, if the area took over units that year, when the sum gives an
    actual (the area then never turns to them). A roll-up with no child that counts needs
    nothing. Rows are loaded only for the roll-ups a read goes through before any other
    (those of areas valid on the year's last day, and the root's) that the sums cannot
    answer and that have a leaf among the children that count (the others' rows are
    loaded as every parent's): a leaf that counts and has half-years only, or no figure.
    """
    summed: set[Key] = set()
    by_row: set[tuple[int, int]] = set()
    for parent_id in parents:
        parent = lineage.units[parent_id]
        for year in years:
            if lineage.begins_after(parent, year):
                continue
            children = lineage.counted_children(parent, year)
            counted = len(children)
            if not counted:
                continue
            # Child by child, a child with children of its own is read from its rows
            # (loaded, as every parent's) and its own roll-up: only leaves need rows.
            first = (parent_id == root_id or valid_on(parent, last_day(year))) and any(
                not lineage.children.get(child.pk) for child in children
            )
            absorbed = bool(lineage.absorbed(parent, year))
            for indicator_id, indicator in indicators.items():
                key = (indicator_id, parent_id, year)
                if (
                    key in sums
                    and sums[key][0] == counted
                    and (not absorbed or combine_sums(indicator, *sums[key]) is not None)
                ):
                    summed.add(key)
                elif first:
                    by_row.add((indicator_id, year))
    return summed, by_row


def _rows(
    source: tuple[list[str], bool],
    indicators: dict[int, Indicator],
    years: set[int],
    row_areas: set[int],
    by_row: set[tuple[int, int]],
) -> Figures:
    """The figures the sums do not answer for, by key and period (the third query): the
    total figures of the areas of `row_areas`, and of any area for the indicators and
    years of `by_row`. No ORDER BY: nothing here depends on the order rows arrive in."""
    paths, approved_only = source
    rows = figure_rows(
        paths=paths,
        indicators=indicators,
        years=years,
        sex=Sex.TOTAL,
        status=MeasurementStatus.APPROVED if approved_only else None,
        areas=row_areas,
        indicator_years=(
            {indicator_id for indicator_id, _year in by_row},
            {year for _indicator_id, year in by_row},
        ),
    )
    loaded: Figures = defaultdict(dict)
    for indicator_id, area_id, year, period, value, numerator, denominator in rows:
        loaded[(indicator_id, area_id, year)][period] = Actual(value, numerator, denominator)
    return loaded
