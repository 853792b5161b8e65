"""The SQL of the summaries that database triggers keep, built from the models.

`IndicatorCount`, `MeasurementCount` and `ChildSums` (indicators/models/summaries.py) change in the
statement that changes the figures: every INSERT, UPDATE and DELETE on `Measurement` adds
its rows' differences to them, and moving an area to another parent moves its figures'
share from one parent's rows to the other's. Tables, columns and unique keys come from
the models' `_meta` and the literals from the choice classes, so renaming one changes the
SQL with it. indicators/summaries.py installs, removes and refills; `manage.py
rebuild_summaries --sql` prints what this module builds.

PostgreSQL runs one trigger per statement over its transition tables (a 10,000-row upload
updates a few hundred summary rows once, not 10,000 times), in key order so that
concurrent writers take the summary rows' locks in the same order; every summary row
belongs to one parent area, so only writers in the same district share any. SQLite has
no statement triggers: there the same statements run once per row.
"""

import re
from dataclasses import dataclass

from django.db import NotSupportedError, connection, models

from indicators.models import (
    ChildSums,
    IndicatorCount,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    Sex,
)
from programmes.models import MAX_YEAR, Area, AreaSuccession

VENDORS = ("postgresql", "sqlite")
PLAIN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _name(identifier: str) -> str:
    """`identifier` as the SQL below writes it: unquoted, so it must need no quoting."""
    if not PLAIN_NAME.match(identifier):
        raise ValueError(f"{identifier!r} needs quoting; the summaries' SQL writes names bare")
    return identifier


def table_of(model: type[models.Model]) -> str:
    return _name(model._meta.db_table)


def _column(model: type[models.Model], field: str) -> str:
    return _name(model._meta.get_field(field).column)


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# A changed figure `c`, as every statement below reads it: these fields of `Measurement`
# (named by field), its area's `parent` and `parent_key` (the parent's id, 0 for an area
# without one), and its `sign`: 1 for a figure written, -1 for one removed (an update
# removes the old row and writes the new one).
FIGURE_FIELDS = (
    "indicator",
    "area",
    "period",
    "year",
    "sex",
    "status",
    "value",
    "numerator",
    "denominator",
)


@dataclass(frozen=True)
class Summary:
    """One summary table: what its rows are grouped by and what a changed figure adds."""

    model: type[models.Model]
    grouped: dict[str, str]  # summary field -> the change's column it holds
    summed: dict[str, str]  # summary field -> SQL over `c`: what one change adds to it
    only: str = ""  # SQL over `c`: the changes it sums (every change when empty)

    @property
    def key(self) -> list[str]:
        """The fields of the unique constraint an upsert lands on: the row's identity."""
        (unique,) = [
            constraint
            for constraint in self.model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint)
        ]
        return list(unique.fields)


def _approved(expression: str) -> str:
    return (
        f"CASE WHEN c.status = {_literal(MeasurementStatus.APPROVED)} THEN {expression} ELSE 0 END"
    )


PER_PARENT = {"indicator": "indicator", "parent_key": "parent_key"}
# What one changed yearly total adds to its parent's sums: rule 1 adds the children's
# values, and rates through their numerators and denominators (`ratios` counts the
# figures that have them, so a reader can tell whether every child does).
CHILD_SUMS = {
    "figures": "c.sign",
    "value_sum": "c.sign * c.value",
    "numerator_sum": "c.sign * COALESCE(c.numerator, 0)",
    "denominator_sum": "c.sign * COALESCE(c.denominator, 0)",
    "ratios": "CASE WHEN c.numerator IS NULL THEN 0 ELSE c.sign END",
}
# A yearly period is the year alone ("2020"; a half-year adds "S1" or "S2", see
# programmes.periods), matched by its length as a LIKE pattern: PostgreSQL estimates a
# LIKE from its statistics, while `period = CAST(year AS TEXT)`, which says the same, gets
# a fixed guess that once sent a rebuild of 1.4 M figures into a nested loop for minutes.
YEARLY_PERIOD = _literal("_" * len(str(MAX_YEAR)))
# A yearly total: the figure for the whole year, both sexes together, of an area with a
# parent (`Actuals` reads its yearly figure as the child's actual); `ChildSums` keeps
# those of the children that count that year under rule 8 (`_counted`).
YEARLY_TOTAL = (
    f"c.sex = {_literal(Sex.TOTAL)} AND c.period LIKE {YEARLY_PERIOD} AND c.parent IS NOT NULL"
)
# The last day of the changed figure's year, as each database writes a date.
YEAR_END = {
    "postgresql": "make_date(c.year, 12, 31)",
    "sqlite": "printf('%04d-12-31', c.year)",
}


def _counted() -> str:
    """Rule 8 (DESIGN.md §4; `programmes.succession.Lineage.counted_children`): the
    figure's area counts towards its parent that year. It is valid on the year's last day,
    or on its parent's last day if the parent closed before, and it has not passed its
    figures on (closed before the year's last day with a principal successor). `{end}` is
    the year's last day; `c.parent_to` the parent's `valid_to`. The successions are read
    with IN, not EXISTS: PostgreSQL then hashes them once for a rebuild of millions of
    figures instead of looking one up per figure of a closed unit."""
    succession = table_of(AreaSuccession)
    predecessor = _column(AreaSuccession, "predecessor")
    principal = _column(AreaSuccession, "principal")
    return (
        "(c.valid_from IS NULL OR (c.valid_from <= {end}"
        " AND (c.parent_to IS NULL OR c.valid_from <= c.parent_to)))"
        " AND (c.valid_to IS NULL OR c.valid_to >= {end}"
        " OR (c.parent_to < {end} AND c.valid_to >= c.parent_to))"
        " AND NOT (c.valid_to IS NOT NULL AND c.valid_to < {end} AND c.area IN ("
        f"SELECT s.{predecessor} FROM {succession} AS s WHERE s.{principal}))"
    )


# In this order everywhere (triggers, rebuild), so that writers lock the tables alike.
SUMMARIES = (
    Summary(IndicatorCount, grouped=PER_PARENT, summed={"figures": "c.sign"}),
    Summary(
        MeasurementCount,
        grouped={**PER_PARENT, **{field: field for field in ("period", "year", "sex", "status")}},
        summed={"figures": "c.sign"},
    ),
    Summary(
        ChildSums,
        grouped={"indicator": "indicator", "parent": "parent", "year": "year"},
        summed={**CHILD_SUMS, **{f"approved_{n}": _approved(e) for n, e in CHILD_SUMS.items()}},
        only=f"{YEARLY_TOTAL} AND {_counted()}",
    ),
)
CHILD_SUMMARY = SUMMARIES[-1]


# The changed figures, as the triggers and the rebuild read them.


def rows_of(source: str, sign: int) -> str:
    """Changed figures read from a table (a transition table, or the figures themselves)."""
    columns = ", ".join(
        column if column == field else f"{column} AS {field}"
        for field, column in ((field, _column(Measurement, field)) for field in FIGURE_FIELDS)
    )
    return f"SELECT {columns}, {sign} AS sign FROM {source}"


def row_of(record: str, sign: int) -> str:
    """The one changed figure NEW or OLD of a row trigger (SQLite)."""
    columns = ", ".join(
        f"{record}.{_column(Measurement, field)} AS {field}" for field in FIGURE_FIELDS
    )
    return f"SELECT {columns}, {sign} AS sign"


def with_parents(rows: str) -> str:
    """The changed figures `rows`, each with its area's `parent` and `parent_key`, its
    area's validity (`valid_from`, `valid_to`) and its parent's end (`parent_to`)."""
    parent, pk = _column(Area, "parent"), _name(Area._meta.pk.column)
    valid_from, valid_to = _column(Area, "valid_from"), _column(Area, "valid_to")
    return (
        f"SELECT r.*, a.{parent} AS parent, COALESCE(a.{parent}, 0) AS parent_key, "
        f"a.{valid_from} AS valid_from, a.{valid_to} AS valid_to, p.{valid_to} AS parent_to "
        f"FROM ({rows}) AS r JOIN {table_of(Area)} AS a ON a.{pk} = r.area "
        f"LEFT JOIN {table_of(Area)} AS p ON p.{pk} = a.{parent}"
    )


def moved_area(record: str, sign: int) -> str:
    """An area's figures, as if written under NEW's parent or removed from OLD's."""
    parent = _column(Area, "parent")
    columns = ", ".join(f"r.{_column(Measurement, field)} AS {field}" for field in FIGURE_FIELDS)
    return (
        f"SELECT {columns}, {record}.{parent} AS parent, "
        f"COALESCE({record}.{parent}, 0) AS parent_key, {sign} AS sign "
        f"FROM {table_of(Measurement)} AS r "
        f"WHERE r.{_column(Measurement, 'area')} = {record}.{_name(Area._meta.pk.column)}"
    )


# The statements that add changes to the summaries, or fill them from scratch.


def _select(summary: Summary, changes: str, where: list[str], vendor: str) -> tuple[list[str], str]:
    """The columns `summary` gets and the SELECT that sums `changes` into them."""
    columns = [_column(summary.model, field) for field in (*summary.grouped, *summary.summed)]
    grouped = ", ".join(f"c.{change}" for change in summary.grouped.values())
    sums = ", ".join(f"SUM({expression})" for expression in summary.summed.values())
    only = summary.only.replace("{end}", YEAR_END[vendor])
    conditions = [only, *where] if only else where
    condition = f"\n    WHERE {' AND '.join(f'({c})' for c in conditions)}" if conditions else ""
    select = (
        f"SELECT {grouped}, {sums}\n    FROM ({changes}) AS c{condition}\n    GROUP BY {grouped}"
    )
    return columns, select


def _kept_rows_only(summary: Summary) -> str:
    """Removed figures count only where their summary row exists (SQLite's row triggers).

    A removed figure's summary row always exists while the summaries are whole. It is
    gone only while Django's `flush` empties every table, which on SQLite is a DELETE per
    table in no set order: summing the figures' removal into an emptied summary would
    leave rows pointing at deleted indicators. PostgreSQL flushes with TRUNCATE, which
    fires no trigger, so its triggers need no such check.
    """
    same = " AND ".join(
        f"s.{_column(summary.model, field)} = c.{summary.grouped[field]}" for field in summary.key
    )
    return f"c.sign > 0 OR EXISTS (SELECT 1 FROM {table_of(summary.model)} AS s WHERE {same})"


def accumulate(summary: Summary, changes: str, *, vendor: str) -> str:
    """The upsert that adds `changes` (changed figures with parents) to `summary`."""
    table = table_of(summary.model)
    guarded = vendor == "sqlite"
    columns, select = _select(
        summary, changes, [_kept_rows_only(summary)] if guarded else [], vendor
    )
    changed = " OR ".join(f"SUM({expression}) <> 0" for expression in summary.summed.values())
    key = [_column(summary.model, field) for field in summary.key]
    in_order = ", ".join(f"c.{summary.grouped[field]}" for field in summary.key)
    added = ", ".join(
        f"{column} = {table}.{column} + excluded.{column}"
        for column in (_column(summary.model, field) for field in summary.summed)
    )
    return (
        f"INSERT INTO {table} ({', '.join(columns)})\n    {select}\n    HAVING {changed}\n"
        f"    ORDER BY {in_order}\n    ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added}"
    )


def refill(summary: Summary, vendor: str | None = None, where: tuple[str, ...] = ()) -> str:
    """The INSERT that fills the emptied `summary` from every figure, in one pass (with
    `where`: from the figures `c` it selects), for `vendor` (the default database's when
    not given)."""
    vendor = vendor or connection.vendor
    changes = with_parents(rows_of(table_of(Measurement), 1))
    columns, select = _select(summary, changes, list(where), vendor)
    return f"INSERT INTO {table_of(summary.model)} ({', '.join(columns)})\n    {select}"


def fields_read() -> list[tuple[type[models.Model], list[str]]]:
    """Each model the SQL names, with the fields it names besides the primary key."""
    return [
        (Measurement, list(FIGURE_FIELDS)),
        (Area, ["parent", "valid_from", "valid_to"]),
        (AreaSuccession, ["predecessor", "principal"]),
        *((summary.model, [*summary.grouped, *summary.summed]) for summary in SUMMARIES),
    ]


def summing(changes: str, *, vendor: str, counts_only: bool = False) -> list[str]:
    """The statements that add `changes` (changed figures with parents) to every summary
    (with `counts_only`, to the counts: `ChildSums` is then summed again by recount)."""
    return [
        accumulate(summary, changes, vendor=vendor)
        for summary in SUMMARIES
        if not (counts_only and summary is CHILD_SUMMARY)
    ]


# The triggers.


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    definition: str  # what the database keeps: PostgreSQL the function's body, SQLite the DDL
    create: tuple[str, ...]
    drop: tuple[str, ...]


def _postgresql(name: str, table: str, when: str, statements: list[str]) -> Trigger:
    body = "\nBEGIN\n" + "".join(f"  {s};\n" for s in statements) + "  RETURN NULL;\nEND\n"
    return Trigger(
        name,
        table,
        body,
        create=(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$",
            f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()",
        ),
        drop=(f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"),
    )


def _sqlite(name: str, table: str, when: str, statements: list[str]) -> Trigger:
    ddl = f"CREATE TRIGGER {name} {when}\nBEGIN\n" + "".join(f"  {s};\n" for s in statements)
    ddl += "END"
    return Trigger(name, table, ddl, create=(ddl,), drop=(f"DROP TRIGGER IF EXISTS {name}",))


def _lock_areas(changes: str) -> str:
    """PostgreSQL: share-lock the areas of the changed figures before reading their parents.

    Moving an area to another parent (an UPDATE, which waits for share locks) and writing
    its figures then happen one after the other, and each sees the other's result:
    without it, a figure written while its commune moves was summed under the old parent
    while the move carried only the committed figures.
    """
    pk = _name(Area._meta.pk.column)
    return (
        f"PERFORM 1 FROM {table_of(Area)}\n"
        f"  WHERE {pk} IN (SELECT c.area FROM ({changes}) AS c) ORDER BY {pk} FOR SHARE"
    )


def triggers(vendor: str) -> list[Trigger]:
    """The summaries' triggers on `vendor`: three on the figures, one moving an area's
    counts, and those summing `ChildSums` again when rule 8 counts other children
    (indicators/summaries_recount.py)."""
    from indicators.summaries_recount import recount_triggers

    figures, areas, parent = table_of(Measurement), table_of(Area), _column(Area, "parent")
    moved = f"{moved_area('NEW', 1)} UNION ALL {moved_area('OLD', -1)}"
    moved_counts = summing(moved, vendor=vendor, counts_only=True)
    found = []
    if vendor == "postgresql":
        old, new = rows_of("old_rows", -1), rows_of("new_rows", 1)
        for event, tables, changes in (
            ("insert", "NEW TABLE AS new_rows", new),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows", f"{new} UNION ALL {old}"),
            ("delete", "OLD TABLE AS old_rows", old),
        ):
            when = f"AFTER {event.upper()} ON {figures} REFERENCING {tables} FOR EACH STATEMENT"
            statements = [_lock_areas(changes), *summing(with_parents(changes), vendor=vendor)]
            found.append(_postgresql(f"measurement_summaries_{event}", figures, when, statements))
        when = (
            f"AFTER UPDATE OF {parent} ON {areas} FOR EACH ROW "
            f"WHEN (OLD.{parent} IS DISTINCT FROM NEW.{parent})"
        )
        found.append(_postgresql("area_moved_summaries", areas, when, moved_counts))
    elif vendor == "sqlite":
        for event, changes in (
            ("insert", row_of("NEW", 1)),
            ("update", f"{row_of('NEW', 1)} UNION ALL {row_of('OLD', -1)}"),
            ("delete", row_of("OLD", -1)),
        ):
            statements = summing(with_parents(changes), vendor=vendor)
            when = f"AFTER {event.upper()} ON {figures}"
            found.append(_sqlite(f"measurement_summaries_{event}", figures, when, statements))
        when = f"AFTER UPDATE OF {parent} ON {areas}\nWHEN OLD.{parent} IS NOT NEW.{parent}"
        found.append(_sqlite("area_moved_summaries", areas, when, moved_counts))
    else:
        raise NotSupportedError(f"The summaries have no triggers for {vendor}.")
    return found + recount_triggers(vendor)
