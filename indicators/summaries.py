"""The summaries of the figures that database triggers keep: install, uninstall, rebuild,
and how they live through migrations.

`IndicatorCount`, `MeasurementCount` and `ChildSums` (indicators/models/summaries.py)
follow every write to `Measurement`, every move of an area and, for `ChildSums` (which
sums the children that count under rule 8), every change of an area's dates or of a
succession, in the writing statement itself; no Python code writes them. indicators/summaries_sql.py builds their triggers' SQL from the
models; this module puts it in a database (`install`), takes it out (`uninstall`) and
fills the summaries from the figures (`rebuild`). docs/summaries.md is the runbook.

Migrations run `migration_install` and `migration_uninstall`. Around `migrate`,
`before_migrate` and `after_migrate` (connected in indicators/apps.py) keep SQLite's
table rebuilds from tripping over the triggers and leave the triggers installed whenever
the schema is the one this code describes.
"""

import hashlib
import sys
from collections.abc import Iterable

from django.apps.registry import Apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from indicators.models import Measurement
from indicators.summaries_sql import SUMMARIES, VENDORS, fields_read, refill, table_of, triggers
from programmes.models import Area

# Aliases of SQLite databases in the middle of `migrate`, their triggers taken off.
_suspended: set[str] = set()


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers as this code builds them, replacing any installed before.

    The summaries' content is left as it is: `rebuild` refills it. On PostgreSQL, dropping
    a trigger locks its table until the transaction ends, so writers wait for the new ones.
    """
    found = triggers(connection.vendor)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for trigger in found:
            for statement in trigger.drop:
                cursor.execute(statement)
        for trigger in found:
            for statement in trigger.create:
                cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers (those there are): the summaries stop following the figures."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for trigger in triggers(connection.vendor):
            for statement in trigger.drop:
                cursor.execute(statement)


def rebuild(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Empty the summaries and sum every figure into them again; the rows written per model.

    One INSERT … SELECT … GROUP BY per summary over the figures joined to their areas. On
    PostgreSQL the figures are share-locked first (writers wait, readers of the figures
    do not), analysed, and the summaries truncated in the order the triggers write them
    (a different order could deadlock with a trigger that has written one), so a figure
    written or an area moved meanwhile is summed once: by the rebuild, or by its trigger
    after it. Readers of the summaries wait for the rebuild to commit.
    """
    written = {}
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in emptying(connection.vendor):
            cursor.execute(statement)
        for summary in SUMMARIES:
            cursor.execute(refill(summary, connection.vendor))
            written[summary.model.__name__] = cursor.rowcount
    return written


def emptying(vendor: str) -> list[str]:
    """The statements with which `rebuild` empties the summaries (see its docstring)."""
    tables = [table_of(summary.model) for summary in SUMMARIES]
    if vendor == "postgresql":
        # Statistics first: after a restore or a bulk load there are none, and a full-table
        # aggregate planned on guesses can take minutes instead of seconds. TRUNCATE
        # refuses a table with foreign-key checks still deferred in this transaction (rows
        # the triggers wrote before): run them now, as Django's check_constraints does.
        return [
            f"LOCK TABLE {table_of(Measurement)} IN SHARE MODE",
            f"ANALYZE {table_of(Measurement)}, {table_of(Area)}",
            "SET CONSTRAINTS ALL IMMEDIATE",
            f"TRUNCATE {', '.join(tables)}",
            "SET CONSTRAINTS ALL DEFERRED",
        ]
    return [f"DELETE FROM {table}" for table in tables]


def problems(connection: BaseDatabaseWrapper) -> list[str]:
    """What keeps the installed triggers from being the ones this code builds ([]: nothing)."""
    expected = {trigger.name: trigger for trigger in triggers(connection.vendor)}
    installed = _installed(connection, list(expected))
    found = []
    for name, trigger in expected.items():
        if name not in installed:
            found.append(f"The trigger {name} on {trigger.table} is missing.")
            continue
        table, enabled, definition = installed[name]
        if table != trigger.table:
            found.append(f"The trigger {name} is on {table}, not on {trigger.table}.")
        elif not enabled:
            found.append(f"The trigger {name} on {table} is disabled.")
        elif _normalised(definition) != _normalised(trigger.definition):
            found.append(f"The trigger {name} on {table} differs from what this code builds.")
    return found


def _installed(connection: BaseDatabaseWrapper, names: list[str]) -> dict[str, tuple]:
    """name -> (table, enabled, definition) of the triggers called `names` in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname, t.tgenabled <> 'D', p.prosrc FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid) AND t.tgname = ANY(%s)",
                [names],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name, 1, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND name IN ({', '.join(['%s'] * len(names))})",
                names,
            )
        return {name: (table, bool(on), definition) for name, table, on, definition in cursor}


def _normalised(sql: str) -> str:
    # SQLite keeps the DDL as written, less some whitespace; compare word by word.
    return " ".join(sql.split()).rstrip(";")


def fingerprint() -> str:
    """A digest of the SQL this code builds, triggers and rebuild, on every database.

    The last migration that installs the summaries records it (SUMMARIES_FINGERPRINT);
    a test fails when the SQL changes without a migration to install it where it runs.
    """
    statements = []
    for vendor in VENDORS:
        statements += [refill(summary, vendor) for summary in SUMMARIES]
        statements += [statement for trigger in triggers(vendor) for statement in trigger.create]
    return hashlib.sha256(_normalised("\n".join(statements)).encode()).hexdigest()[:16]


def uncovered_fields() -> list[str]:
    """Fields of the summary models that the SQL neither groups by nor sums: none, or a bug."""
    return [
        f"{summary.model.__name__}.{field.name}"
        for summary in SUMMARIES
        for field in summary.model._meta.concrete_fields
        if not field.primary_key and field.name not in {**summary.grouped, **summary.summed}
    ]


def fits(apps: Apps) -> bool:
    """Whether the tables of a migration state have every table, column and key the SQL names.

    A migration's historical models lag behind the code: a migration that installs the
    code's triggers where they do not fit yet (an older step, replayed on a new database)
    leaves that to the later migration that reshapes the tables.
    """
    for model, fields in fields_read():
        try:
            then = apps.get_model(model._meta.label)
            if then._meta.db_table != model._meta.db_table or any(
                then._meta.get_field(name).column != model._meta.get_field(name).column
                for name in [model._meta.pk.name, *fields]
            ):
                return False
        except (LookupError, FieldDoesNotExist):
            return False
    for summary in SUMMARIES:
        then = apps.get_model(summary.model._meta.label)
        if tuple(summary.key) not in {
            tuple(getattr(c, "fields", ())) for c in then._meta.constraints
        }:
            return False
    return True


# Migrations.


def migration_install(apps: Apps, schema_editor) -> None:
    """RunPython step: install the triggers and rebuild the summaries, as this code builds them.

    Nothing happens where the code's SQL does not fit the tables at this point of the
    migrations (see `fits`), nor on SQLite during `migrate`, which installs them after its
    last migration (`after_migrate`).
    """
    connection = schema_editor.connection
    if connection.vendor in VENDORS and connection.alias not in _suspended and fits(apps):
        install(connection)
        rebuild(connection)


def migration_uninstall(apps: Apps, schema_editor) -> None:
    """RunPython step: drop the triggers, before the tables they read or write change."""
    if schema_editor.connection.vendor in VENDORS:
        uninstall(schema_editor.connection)


def before_migrate(sender, *, using: str, plan: Iterable | None = None, **kwargs) -> None:
    """pre_migrate: on SQLite, take the triggers off while the migrations run.

    SQLite alters a column by building a new table, copying the rows, dropping the old
    table (and its triggers with it) and renaming the new one, and the rename fails while
    a trigger on another table names the dropped one ("error in trigger
    area_moved_summaries: no such table: main.indicators_measurement"). With no triggers,
    any migration runs as Django wrote it; `after_migrate` puts them back and rebuilds.
    PostgreSQL alters tables in place and keeps its triggers: there nothing is taken off.
    """
    connection = connections[using]
    if plan and connection.vendor == "sqlite":
        _suspended.add(using)
        uninstall(connection)
        # Every other trigger too (the figures' guards, the plan lock): a trigger on one
        # table naming another fails that other table's rebuild the same way. Each is put
        # back by its own post_migrate (`db_guards.after_migrate`,
        # `plan_guards.after_migrate`), and none is installed while the migrations run.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")
            # Triggers the early migrations create as they run (0002, 0005) would fail a
            # later rebuild of the table they name; the legacy rename leaves other tables'
            # triggers unchecked while the migrations run (set back in `after_migrate`).
            cursor.execute("PRAGMA legacy_alter_table = ON")


def migrating_sqlite(alias: str) -> bool:
    """Whether `migrate` is running on the SQLite database `alias` with its triggers off
    (see `before_migrate`): the migrations then leave the triggers to post_migrate."""
    return alias in _suspended


def after_migrate(
    sender,
    *,
    using: str,
    plan: Iterable | None = None,
    apps: Apps | None = None,
    verbosity: int = 1,
    stdout=None,
    **kwargs,
) -> None:
    """post_migrate: where the schema is the one this code describes, make sure the
    triggers are this code's and the summaries whole.

    After SQLite's migrations (triggers off, figures perhaps written meanwhile) that is an
    install and a rebuild; on PostgreSQL only if the triggers are missing or not this
    code's. `flush` sends post_migrate too, with no plan: nothing to do then.
    """
    suspended = using in _suspended
    _suspended.discard(using)
    connection = connections[using]
    if suspended:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA legacy_alter_table = OFF")
    if plan is None or apps is None or connection.vendor not in VENDORS or not fits(apps):
        return
    if suspended or problems(connection):
        install(connection)
        written = rebuild(connection)
        if verbosity:
            rows = ", ".join(f"{name} {count}" for name, count in written.items())
            (stdout or sys.stdout).write(f"Summaries: triggers installed, rows rebuilt: {rows}.\n")
