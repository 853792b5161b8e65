"""Rule 8 (DESIGN.md §4): which units count for a year, across reorganisations.

A figure belongs to the unit it was entered for. When a unit has no figure of its own for
a year, its figure is made of others', and `Lineage` says whose:

- A unit valid on the year's last day (or, closed during the year, on its own last day)
  counts its children valid on that day, less those that passed their figures on.
- A unit that closed before the year's last day and has a principal successor passes its
  figures on: they count towards that successor (for a split, the successor marked
  principal), and no longer towards its parent; so nothing is counted twice.
  The successor turns to them when neither it nor its children have a figure.
- A unit asked for a year before it existed is summed from the units whose principal
  successor it is, recursively through any number of reorganisations.

`Lineage.around(root)` loads the units a read of `root` may need in one query.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connections, router
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL

from programmes.lineage import lineage_units_sql, reach_sql
from programmes.models import Area, AreaSuccession


def lineage_ids(root) -> RawSQL:
    """A subquery of the ids of every unit rule 8 may read for `root`: its tree, the units
    any of them took over as principal successor (at any depth) and their trees; the
    units `Lineage.around(root)` loads. For `area_id__in=`: the figures behind a page."""
    sql, params = reach_sql(root.path)
    return RawSQL(sql, params)


class Unit(NamedTuple):
    """A unit as rule 8 reads it: a row, several times cheaper than a model."""

    pk: int
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    path: str = ""


def _date(value) -> datetime.date | None:
    """A date as the database driver gives it (SQLite: text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def valid_on(unit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or unit.valid_to >= day
    )


class Lineage:
    """Units (rows or models with `pk`, `parent_id`, `valid_from`, `valid_to`) and each
    one's principal successor, answering rule 8's questions for a year."""

    def __init__(self, units: Iterable, successors: dict[int, int] | None = None):
        self.units = {unit.pk: unit for unit in units}
        self.children: dict[int | None, list] = defaultdict(list)
        for unit in self.units.values():
            self.children[unit.parent_id].append(unit)
        self.successor: dict[int, int] = successors or {}
        # Each unit's principal predecessors: the units whose figures pass to it.
        self.heirs: dict[int, list] = defaultdict(list)
        for pk, successor in self.successor.items():
            if pk in self.units:
                self.heirs[successor].append(self.units[pk])

    @classmethod
    def around(cls, root, *, fields: tuple[str, ...] = ()) -> "Lineage":
        """`root`'s tree, its units' principal predecessors at any depth and their trees,
        each with its principal successor (one query). As rows, or with `fields` as
        `Area` instances with those fields (and what rule 8 reads) loaded."""
        units, successors = [], {}
        if not fields:
            # One raw query (on the database the ORM would read): rows need none of the
            # ORM's work, and every scorecard and progress read starts with this one.
            sql, params = lineage_units_sql(root.path)
            with connections[router.db_for_read(Area)].cursor() as cursor:
                cursor.execute(sql, params)
                for pk, parent_id, valid_from, valid_to, path, successor_id in cursor.fetchall():
                    units.append(Unit(pk, parent_id, _date(valid_from), _date(valid_to), path))
                    if successor_id is not None:
                        successors[pk] = successor_id
            return cls(units, successors)
        successor = (
            AreaSuccession.objects.filter(predecessor=OuterRef("pk"), principal=True)
            .order_by("-date", "successor_id")
            .values("successor_id")[:1]
        )
        found = (
            Area.objects.filter(pk__in=lineage_ids(root))
            .order_by()
            .annotate(principal_successor=Subquery(successor))
        )
        for area in found.only("id", "parent", "valid_from", "valid_to", "path", *fields):
            units.append(area)
            if area.principal_successor is not None:
                successors[area.pk] = area.principal_successor
        return cls(units, successors)

    def parents(self) -> set[int]:
        """The loaded units that have children."""
        return {pk for pk in self.units if self.children.get(pk)}

    def tops(self) -> list[str]:
        """The paths of the loaded units whose parent is not loaded: every loaded unit
        lies in one of their subtrees."""
        return sorted(u.path for u in self.units.values() if u.parent_id not in self.units)

    def begins_after(self, unit, year: int) -> bool:
        """Whether `unit` began after `year` (it is then summed from its predecessors)."""
        return unit.valid_from is not None and unit.valid_from > last_day(year)

    def passes_on(self, unit, year: int) -> bool:
        """Whether `unit`'s figures for `year` count towards its principal successor."""
        return (
            unit.pk in self.successor
            and unit.valid_to is not None
            and unit.valid_to < last_day(year)
        )

    def counted_children(self, unit, year: int) -> list:
        """`unit`'s children valid on the year's last day (or `unit`'s own, if it closed
        before), less those that passed their figures on."""
        day = last_day(year)
        if unit.valid_to is not None and unit.valid_to < day:
            day = unit.valid_to
        return [
            child
            for child in self.children.get(unit.pk, [])
            if valid_on(child, day) and not self.passes_on(child, year)
        ]

    def absorbed(self, unit, year: int) -> list:
        """The units whose figures for `year` passed to `unit` (they closed before its
        last day and `unit` is their principal successor)."""
        return [heir for heir in self.heirs.get(unit.pk, []) if self.passes_on(heir, year)]

    def predecessors(self, unit) -> list:
        """The units whose principal successor `unit` is."""
        return self.heirs.get(unit.pk, [])

    def ancestry(self, unit) -> set[int]:
        """The ids of `unit`'s principal predecessors, at any depth."""
        found: set[int] = set()
        todo = [unit.pk]
        while todo:
            for heir in self.heirs.get(todo.pop(), []):
                if heir.pk not in found:
                    found.add(heir.pk)
                    todo.append(heir.pk)
        return found
