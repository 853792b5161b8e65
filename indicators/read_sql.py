"""The read models' hottest reads as plain SQL: the roll-up engine's sums and figures
(`indicators.actuals`), the scorecard's objectives with their targets and an indicator's
targets for its progress.

Every scorecard and progress read runs them, and building them as querysets cost twice
what running them does (for a province's 60 indicators, ~0.4 ms of ORM work each
against ~0.2 ms of SQL). Each is the query the ORM would write: the SQL is built from
`_meta`, it goes to the database the ORM would read, no query runs where the ORM would
run none (an empty `IN`), and each value goes through the converters Django would apply
(SQLite hands decimals back as floats).
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, router

from indicators.models import ChildSums, Indicator, Measurement, Target
from programmes.models import Area, Objective


def child_sums_rows(*, columns: list[str], indicators, parents, years) -> list[tuple]:
    """`columns` of the `ChildSums` of `indicators` under `parents` in `years`."""
    if not (indicators and parents and years):
        return []
    where = [
        _in(ChildSums, "indicator", indicators),
        _in(ChildSums, "parent", parents),
        _in(ChildSums, "year", years),
    ]
    return _read([(ChildSums, name, None) for name in columns], _table(ChildSums), where)


def figure_rows(
    *,
    paths: list[str],
    indicators,
    years,
    sex: str,
    status: str | None,
    areas,
    indicator_years: tuple | None,
) -> list[tuple]:
    """(indicator, area, year, period, value, numerator, denominator) of the figures of
    `sex` (and `status`) in the subtrees at `paths`, of `indicators` in `years`, that
    are of `areas` or, with `indicator_years` (indicators, years), of those."""
    either = []
    if areas:
        either.append(_in(Measurement, "area", areas))
    if indicator_years and indicator_years[0] and indicator_years[1]:
        ids, id_params = _in(Measurement, "indicator", indicator_years[0])
        in_years, year_params = _in(Measurement, "year", indicator_years[1])
        either.append((f"({ids} AND {in_years})", [*id_params, *year_params]))
    if not (paths and indicators and years and either):
        return []
    path = _column(Area, "path", "a")
    area_table = _table(Area)
    # Paths hold digits and slashes only: nothing in them for LIKE to read as a wildcard.
    where = [
        (" OR ".join([f"{path} LIKE %s"] * len(paths)), [f"{p}%" for p in paths]),
        _in(Measurement, "indicator", indicators),
        _in(Measurement, "year", years),
        (f"{_column(Measurement, 'sex')} = %s", [sex]),
        (" OR ".join(sql for sql, _params in either), [p for _sql, ps in either for p in ps]),
    ]
    if status is not None:
        where.append((f"{_column(Measurement, 'status')} = %s", [status]))
    tables = f"{_table(Measurement)} JOIN {area_table} a ON a.id = {_column(Measurement, 'area')}"
    columns = ["indicator", "area", "year", "period", "value", "numerator", "denominator"]
    return _read([(Measurement, name, None) for name in columns], tables, where)


OBJECTIVE_COLUMNS = ["id", "number", "title"]


def objective_target_rows(
    *, phase_id: int, area_id: int, target_columns: list[str], indicator_columns: list[str]
) -> list[tuple]:
    """Each objective of the phase (`OBJECTIVE_COLUMNS`) with each of its indicators'
    targets for the area (`target_columns`, then the indicator's `indicator_columns`),
    one row per target; an objective with none comes once, with nulls after its own."""
    tables = (
        f"{_table(Objective)} o"
        f" LEFT JOIN ({_table(Indicator)} i JOIN {_table(Target)} t"
        f" ON {_column(Target, 'indicator', 't')} = i.id AND {_column(Target, 'area', 't')} = %s)"
        f" ON {_column(Indicator, 'objective', 'i')} = o.id"
    )
    columns = [
        *[(Objective, name, "o") for name in OBJECTIVE_COLUMNS],
        *[(Target, name, "t") for name in target_columns],
        *[(Indicator, name, "i") for name in indicator_columns],
    ]
    where = [(f"{_column(Objective, 'phase', 'o')} = %s", [phase_id])]
    return _read(columns, tables, where, join_params=[area_id])


def target_values(*, indicator_id: int, area_id: int) -> list[tuple]:
    """(year, sex, value) of the indicator's targets for the area (its progress)."""
    where = [
        (f"{_column(Target, 'indicator')} = %s", [indicator_id]),
        (f"{_column(Target, 'area')} = %s", [area_id]),
    ]
    columns = [(Target, name, None) for name in ("year", "sex", "value")]
    return _read(columns, _table(Target), where)


# Names are quoted as the default database quotes them: every database of a deployment
# (the primary and its replicas) is of one kind, and the names never change at run time.


@cache
def _table(model) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(model._meta.db_table)


@cache
def _column(model, name: str, alias: str | None = None) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    return f"{alias or quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"


def _in(model, name: str, values) -> tuple[str, list]:
    values = list(values)
    return f"{_column(model, name)} IN ({', '.join(['%s'] * len(values))})", values


def _read(
    columns: list[tuple], tables: str, where: list[tuple[str, list]], join_params=()
) -> list[tuple]:
    """`columns` ((model, field name, table alias or None) each) from `tables` where all
    of `where` hold, converted as the ORM converts them."""
    connection = connections[router.db_for_read(columns[0][0])]
    selected = ", ".join(_column(model, name, alias) for model, name, alias in columns)
    conditions = " AND ".join(f"({sql})" for sql, _params in where)
    sql = f"SELECT {selected} FROM {tables} WHERE {conditions}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*join_params, *(p for _sql, params in where for p in params)])
        rows = cursor.fetchall()
    converters = []
    for index, (model, name, _alias) in enumerate(columns):
        field = model._meta.get_field(name)
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        converters.extend((index, converter, column) for converter in found)
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index, converter, column in converters:
            row[index] = converter(row[index], column, connection)
        converted.append(tuple(row))
    return converted
