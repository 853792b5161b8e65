"""`ChildSums` summed again where rule 8 changes which children count.

A parent's `ChildSums` row sums the yearly totals of the children that count that year
under rule 8 (indicators/summaries_sql.py, `_counted`): valid on the year's last day (or
on the parent's, if it closed before) and not passing their figures to a successor.
Which children count changes with the areas' validity dates, parents and successions,
which reorganisations write (programmes/reorganisations.py, `load_units`, the admin).
These triggers then sum the affected parents' rows again from the figures, in the
statement that changes the areas or the successions:

- `area_counted_summaries`: an area whose parent, `valid_from` or `valid_to` changed: its
  old and new parent (the area counts or not under them) and, if `valid_to` changed, the
  area itself (its children count up to its last day).
- `succession_counted_summaries_*`: a succession written, changed or removed: the parent
  of its predecessor (a unit closed during a year with a principal successor passes its
  figures on).

Each parent is summed again with the statement `rebuild` uses, restricted to it: first
its children are locked (`FOR NO KEY UPDATE`, which waits for the share locks the figure
triggers take on their areas), so that a figure written meanwhile is summed once, by the
recount or by its own trigger after it. PostgreSQL runs one trigger per statement and
loops over the parents; SQLite runs the statements per row.
"""

from indicators.models import ChildSums
from indicators.summaries_sql import (
    CHILD_SUMMARY,
    Trigger,
    _column,
    _name,
    _postgresql,
    _sqlite,
    refill,
    table_of,
)
from programmes.models import Area, AreaSuccession


def recount(vendor: str, parent: str) -> list[str]:
    """The statements that sum again the `ChildSums` rows of the parent whose id the SQL
    expression `parent` gives (nothing when it is NULL)."""
    area, pk = table_of(Area), _name(Area._meta.pk.column)
    statements = []
    if vendor == "postgresql":
        statements.append(
            f"PERFORM 1 FROM {area} WHERE {_column(Area, 'parent')} = {parent} "
            f"ORDER BY {pk} FOR NO KEY UPDATE"
        )
    statements.append(
        f"DELETE FROM {table_of(ChildSums)} WHERE {_column(ChildSums, 'parent')} = {parent}"
    )
    statements.append(refill(CHILD_SUMMARY, vendor, (f"c.parent = {parent}",)))
    return statements


def _changed_areas() -> tuple[str, str]:
    """PostgreSQL: the parents to sum again after an UPDATE of areas (transition tables)."""
    area, pk = table_of(Area), _name(Area._meta.pk.column)
    parent, valid_from, valid_to = (
        _column(Area, name) for name in ("parent", "valid_from", "valid_to")
    )
    joined = f"FROM old_rows AS o JOIN new_rows AS n ON n.{pk} = o.{pk}"
    moved = (
        f"o.{parent} IS DISTINCT FROM n.{parent} OR o.{valid_from} IS DISTINCT FROM "
        f"n.{valid_from} OR o.{valid_to} IS DISTINCT FROM n.{valid_to}"
    )
    parents = (
        f"SELECT o.{parent} AS id {joined} WHERE {moved} "
        f"UNION SELECT n.{parent} {joined} WHERE {moved} "
        f"UNION SELECT n.{pk} {joined} WHERE o.{valid_to} IS DISTINCT FROM n.{valid_to}"
    )
    return area, parents


def _predecessors_parents(rows: str) -> str:
    """PostgreSQL: the parents of the predecessors of the successions in `rows`."""
    area, pk = table_of(Area), _name(Area._meta.pk.column)
    predecessor = _column(AreaSuccession, "predecessor")
    return (
        f"SELECT a.{_column(Area, 'parent')} AS id FROM {rows} AS r "
        f"JOIN {area} AS a ON a.{pk} = r.{predecessor}"
    )


def _looping(name: str, table: str, when: str, parents: str) -> Trigger:
    """PostgreSQL: a statement trigger summing again each parent `parents` selects."""
    trigger = _postgresql(name, table, when, [])
    statements = "".join(f"    {s};\n" for s in recount("postgresql", "counted_parent"))
    body = (
        "\nDECLARE\n  counted_parent bigint;\nBEGIN\n"
        f"  FOR counted_parent IN SELECT DISTINCT p.id FROM ({parents}) AS p "
        "WHERE p.id IS NOT NULL ORDER BY p.id LOOP\n"
        f"{statements}  END LOOP;\n  RETURN NULL;\nEND\n"
    )
    create = (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$",
        trigger.create[1],
    )
    return Trigger(name, table, body, create=create, drop=trigger.drop)


def recount_triggers(vendor: str) -> list[Trigger]:
    """The triggers that sum `ChildSums` again when areas or successions change."""
    area, parents = _changed_areas()
    successions = table_of(AreaSuccession)
    parent, valid_from, valid_to = (
        _column(Area, name) for name in ("parent", "valid_from", "valid_to")
    )
    predecessor = _column(AreaSuccession, "predecessor")
    if vendor == "postgresql":
        when = (
            f"AFTER UPDATE ON {area} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT"
        )
        found = [_looping("area_counted_summaries", area, when, parents)]
        for event, tables, rows in (
            ("insert", "NEW TABLE AS new_rows", ["new_rows"]),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows", ["new_rows", "old_rows"]),
            ("delete", "OLD TABLE AS old_rows", ["old_rows"]),
        ):
            when = f"AFTER {event.upper()} ON {successions} REFERENCING {tables} FOR EACH STATEMENT"
            selected = " UNION ".join(_predecessors_parents(r) for r in rows)
            name = f"succession_counted_summaries_{event}"
            found.append(_looping(name, successions, when, selected))
        return found
    when = (
        f"AFTER UPDATE OF {parent}, {valid_from}, {valid_to} ON {area}\n"
        f"WHEN OLD.{parent} IS NOT NEW.{parent} OR OLD.{valid_from} IS NOT NEW.{valid_from} "
        f"OR OLD.{valid_to} IS NOT NEW.{valid_to}"
    )
    pk = _name(Area._meta.pk.column)
    statements = [
        *recount(vendor, f"OLD.{parent}"),
        *recount(vendor, f"NEW.{parent}"),
        *recount(vendor, f"NEW.{pk}"),
    ]
    found = [_sqlite("area_counted_summaries", area, when, statements)]
    for event, records in (
        ("insert", ["NEW"]),
        ("update", ["NEW", "OLD"]),
        ("delete", ["OLD"]),
    ):
        statements = [
            statement
            for record in records
            for statement in recount(
                vendor, f"(SELECT {parent} FROM {area} WHERE {pk} = {record}.{predecessor})"
            )
        ]
        name = f"succession_counted_summaries_{event}"
        found.append(
            _sqlite(name, successions, f"AFTER {event.upper()} ON {successions}", statements)
        )
    return found
