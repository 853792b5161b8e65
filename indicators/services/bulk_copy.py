"""PostgreSQL's fast way for a batch of figures: COPY into a temporary table, then one
INSERT and one UPDATE, each writing its history rows in the same statement.

Gives the same rows as `bulk_create_with_history` and `bulk_update_with_history` (the
path other databases take, tests/indicators/test_bulk_write.py compares the two). Every
column list is derived from `Measurement._meta` and its history model's `_meta`, so a new
field of a figure travels both paths without anyone listing it here.
"""

import datetime
import io
import operator

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from core.pg_copy import copy_line
from indicators.models import Measurement, MeasurementStatus

# What a change of a stored figure writes (the ORM path names the same fields).
UPDATED_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "note",
    "updated_by",
    "updated_at",
    "version",
)
# What the statements fill in themselves rather than take from the batch.
SET_BY_STATEMENT = ("status", "created_at", "updated_at", "created_by", "updated_by")
HISTORY_TABLE_COLUMNS = ("history_date", "history_type", "history_user_id", "history_change_reason")


def writes_with_copy() -> bool:
    """PostgreSQL takes the batch through COPY; other databases through the ORM."""
    return connection.vendor == "postgresql"


def batch_fields() -> list:
    """The fields the temporary table carries: the primary key and what the batch sets."""
    return [
        field
        for field in Measurement._meta.concrete_fields
        if field.primary_key or field.name not in SET_BY_STATEMENT
    ]


def copy_write(
    to_create: list[Measurement],
    to_update: list[Measurement],
    author: AbstractBaseUser | None,
    now: datetime.datetime,
) -> None:
    """Write checked figures and their history rows; the new figures get their keys."""
    author_id = author.pk if author is not None else None
    sample = (to_create or to_update)[0]
    history_user = author or Measurement.history.model.get_default_history_user(sample)
    history_user_id = history_user.pk if history_user is not None else None
    by_statement = {
        "status": MeasurementStatus.DRAFT,
        "created_at": now,
        "updated_at": now,
        "created_by": author_id,
        "updated_by": author_id,
    }
    with connection.cursor() as cursor:
        _copy_batch(cursor, [*to_create, *to_update])
        if to_create:
            _insert(cursor, to_create, by_statement, (now, "+", history_user_id))
        if to_update:
            _update(cursor, by_statement, (now, "~", history_user_id))
        cursor.execute("DROP TABLE pg_temp.bulk_measurement")


def _copy_batch(cursor, measurements: list[Measurement]) -> None:
    fields = batch_fields()
    cursor.execute("DROP TABLE IF EXISTS pg_temp.bulk_measurement")
    definition = ", ".join(f"{f.column} {f.db_type(connection)}" for f in fields)
    cursor.execute(f"CREATE TEMPORARY TABLE bulk_measurement ({definition}) ON COMMIT DROP")
    values = operator.attrgetter(*(f.attname for f in fields))
    lines = [copy_line(values(m)) for m in measurements]
    columns = ", ".join(f.column for f in fields)
    cursor.cursor.copy_expert(
        f"COPY bulk_measurement ({columns}) FROM STDIN", io.StringIO("".join(lines))
    )


def _history_insert(history: tuple) -> tuple[str, list]:
    """`INSERT INTO <history> … SELECT … FROM written`: every history column, from the
    written figure or, for the history's own columns, from `history` (date, type, user)."""
    figure_columns = {f.column for f in Measurement._meta.concrete_fields}
    own = dict(zip(HISTORY_TABLE_COLUMNS, (*history, None), strict=True))
    columns, values, params = [], [], []
    for field in Measurement.history.model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in figure_columns:
            values.append(field.column)
        else:
            values.append("%s")
            params.append(own[field.column])  # a history column nobody fills: a KeyError
    table = Measurement.history.model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM written"
    return sql, params


def _insert(cursor, to_create: list[Measurement], by_statement: dict, history: tuple) -> None:
    batch = {f.name for f in batch_fields()}
    columns, values, params = [], [], []
    for field in Measurement._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.name in batch:
            values.append(field.column)
        else:
            values.append("%s")
            params.append(by_statement[field.name])
    history_sql, history_params = _history_insert(history)
    cursor.execute(
        f"WITH written AS (INSERT INTO {Measurement._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM bulk_measurement WHERE id IS NULL RETURNING *), "
        f"history AS ({history_sql}) "
        "SELECT id, indicator_id, area_id, period, sex FROM written",
        [*params, *history_params],
    )
    ids = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
    for measurement in to_create:
        key = (measurement.indicator_id, measurement.area_id, measurement.period, measurement.sex)
        measurement.pk = ids[key]
        measurement.created_at = measurement.updated_at = history[0]
        measurement._state.adding = False


def _update(cursor, by_statement: dict, history: tuple) -> None:
    batch = {f.name for f in batch_fields()}
    assignments, params = [], []
    for name in UPDATED_FIELDS:
        column = Measurement._meta.get_field(name).column
        if name in batch:
            assignments.append(f"{column} = b.{column}")
        else:
            assignments.append(f"{column} = %s")
            params.append(by_statement[name])
    history_sql, history_params = _history_insert(history)
    cursor.execute(
        f"WITH written AS (UPDATE {Measurement._meta.db_table} AS m SET "
        f"{', '.join(assignments)} FROM bulk_measurement AS b WHERE b.id = m.id "
        f"RETURNING m.*) {history_sql}",
        [*params, *history_params],
    )
