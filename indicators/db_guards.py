"""What the database itself guarantees about figures, whatever writes to them.

The services keep every rule; these triggers keep the few that must hold even for a
raw UPDATE, a forgotten code path or a queryset `.update()`:

- **percent within 100**: a percent figure or target above 100 is refused (as a CHECK
  would; a CHECK cannot see the indicator's unit, which lives in another table): the
  target's value, the upper value of a range and the baseline (CHECKs keep them ≥ 0).
- **approved is locked**: while a figure is approved its data columns cannot change and
  the row cannot be deleted; and it **leaves `approved` only through the reopen path**:
  the workflow's reopen (`allow_reopen`) or a bulk tool that says so (`reopening_all`).
  PostgreSQL reads that permission from a transaction-local setting
  (`set_config('tracker.reopen', …, true)`); SQLite, which has no session variables
  and whose triggers cannot read a TEMP table, from a row of `indicators_reopening`
  written and removed in the same transaction. Anyone who can run SQL can of course
  grant it too: the guard stops a flip by mistake or by a tool that does not know the
  rule, which is how a figure would otherwise change behind the audit trail's back.
- **history of changes made outside the app** (PostgreSQL only): every connection of
  the app says so (`tracker.app`, set when it connects; the app writes its own history
  through django-simple-history), and a change made by any other session (psql, a
  script, a replication tool) gets its history row written by the database, with no
  user and the reason `OUTSIDE_REASON`. SQLite has no per-connection state a trigger can
  read: there this one is not enforced (SQLite is the development database).

The refusals raise check_violation (23514) on PostgreSQL and a constraint error on
SQLite; Django raises IntegrityError for both, which the API answers with 409.

Tables and columns come from the models' `_meta` (the migration passes its historical
models), so the SQL follows the schema. SQLite drops a table's triggers when a migration
rebuilds it: `after_migrate` puts back whichever `problems` finds missing, on both
databases, once this module's migration is applied. docs/db_guards.md is the runbook.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

MIGRATION = ("indicators", "0014_percent_guard_value_max")
REOPEN_SETTING = "tracker.reopen"
APP_SETTING = "tracker.app"
GRANTS_TABLE = "indicators_reopening"
EVERY_FIGURE = 0  # the grant row (SQLite) that lets every figure leave `approved`
OUTSIDE_REASON = "changed outside the app"
PERCENT = "percent_within_100"
LOCK = "measurement_approved_locked"
OUTSIDE = "measurement_outside_history"
# Columns of an approved figure that nothing may change (bookkeeping may: deleting a
# user sets `created_by` to NULL; the status only through the reopen path).
# A target's columns kept within 100 for a percent indicator; migration 0012 left out the
# upper value of a range (0013 adds it, and takes it out again when migrated back).
TARGET_PERCENT_FIELDS = ("value", "value_max", "baseline_value")
TARGET_PERCENT_FIELDS_0012 = ("value", "baseline_value")
LOCKED_FIELDS = (
    "indicator",
    "area",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "note",
)


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    create: tuple[str, ...]
    drop: tuple[str, ...]
    definition: str  # what the database keeps: the function body (PG), the DDL (SQLite)


def _models(apps=None) -> dict[str, type[Model]]:
    if apps is None:
        from django.apps import apps
    measurement = apps.get_model("indicators", "Measurement")
    return {
        "measurement": measurement,
        "target": apps.get_model("indicators", "Target"),
        "indicator": apps.get_model("indicators", "Indicator"),
        "history": apps.get_model("indicators", "HistoricalMeasurement"),
    }


def _column(model: type[Model], field: str) -> str:
    return model._meta.get_field(field).column


def _percent(vendor: str, model: type[Model], indicator: type[Model], fields) -> list[Trigger]:
    name = f"{model._meta.model_name}_{PERCENT}"
    table = model._meta.db_table
    over = " OR ".join(f"NEW.{_column(model, f)} > 100" for f in fields)
    unit = (
        f"SELECT unit FROM {indicator._meta.db_table} WHERE id = NEW.{_column(model, 'indicator')}"
    )
    if vendor == "postgresql":
        body = (
            f"\nBEGIN\n  IF ({over}) AND ({unit}) = 'percent' THEN\n"
            f"    RAISE EXCEPTION 'new row violates check constraint \"{name}\"'"
            " USING ERRCODE = '23514';\n  END IF;\n  RETURN NEW;\nEND\n"
        )
        create = (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $${body}$$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()",
        )
        drop = (f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()")
        return [Trigger(name, table, create, drop, body)]
    found = []
    for event in ("INSERT", "UPDATE"):
        ddl = (
            f"CREATE TRIGGER {name}_{event} BEFORE {event} ON {table}"
            f" WHEN ({over}) AND ({unit}) = 'percent'"
            f" BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
        )
        found.append(
            Trigger(
                f"{name}_{event}", table, (ddl,), (f"DROP TRIGGER IF EXISTS {name}_{event}",), ddl
            )
        )
    return found


def _lock(vendor: str, measurement: type[Model], *, leaving: bool) -> list[Trigger]:
    table = measurement._meta.db_table
    status = _column(measurement, "status")
    columns = [_column(measurement, f) for f in LOCKED_FIELDS]
    refuse = f"'check constraint \"{LOCK}\": an approved figure cannot change'"
    if vendor == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
        leaves = ""
        if leaving:
            granted = f"coalesce(current_setting('{REOPEN_SETTING}', true), '')"
            leaves = (
                f"  ELSIF NEW.{status} IS DISTINCT FROM OLD.{status}"
                f" AND {granted} NOT IN ('*', OLD.id::text) THEN\n"
                f'    RAISE EXCEPTION \'check constraint "{LOCK}": an approved figure'
                " leaves approved only by reopening it' USING ERRCODE = '23514';\n"
            )
        body = (
            f"\nBEGIN\n  IF OLD.{status} <> 'approved' THEN\n"
            "    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n"
            f"  ELSIF TG_OP = 'DELETE' OR ({changed}) THEN\n"
            f"    RAISE EXCEPTION {refuse} USING ERRCODE = '23514';\n"
            f"{leaves}  END IF;\n  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\nEND\n"
        )
        create = (
            f"CREATE OR REPLACE FUNCTION {LOCK}() RETURNS trigger AS $${body}$$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {LOCK} BEFORE UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {LOCK}()",
        )
        drop = (f"DROP TRIGGER IF EXISTS {LOCK} ON {table}", f"DROP FUNCTION IF EXISTS {LOCK}()")
        return [Trigger(LOCK, table, create, drop, body)]
    abort = f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {LOCK}'); END"
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    ddl = {
        "update": f"CREATE TRIGGER {LOCK}_update BEFORE UPDATE ON {table}"
        f" WHEN OLD.{status} = 'approved' AND ({changed}) {abort}",
        "delete": f"CREATE TRIGGER {LOCK}_delete BEFORE DELETE ON {table}"
        f" WHEN OLD.{status} = 'approved' {abort}",
    }
    if leaving:
        ddl["leave"] = (
            f"CREATE TRIGGER {LOCK}_leave BEFORE UPDATE OF {status} ON {table}"
            f" WHEN OLD.{status} = 'approved' AND NEW.{status} IS NOT OLD.{status}"
            f" AND NOT EXISTS (SELECT 1 FROM {GRANTS_TABLE}"
            f" WHERE measurement_id IN (OLD.id, {EVERY_FIGURE})) {abort}"
        )
    return [
        Trigger(f"{LOCK}_{k}", table, (sql,), (f"DROP TRIGGER IF EXISTS {LOCK}_{k}",), sql)
        for k, sql in ddl.items()
    ]


def _outside_history(measurement: type[Model], history: type[Model]) -> Trigger:
    """PostgreSQL: a history row for each figure changed by a session that is not the app."""
    table = measurement._meta.db_table
    columns = [f.column for f in measurement._meta.concrete_fields]
    names = ", ".join(
        [*columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
    )

    def insert(row: str, kind: str) -> str:
        values = ", ".join(f"{row}.{c}" for c in columns)
        return (
            f"INSERT INTO {history._meta.db_table} ({names})"
            f" VALUES ({values}, clock_timestamp(), '{OUTSIDE_REASON}', '{kind}', NULL);"
        )

    body = (
        f"\nBEGIN\n  IF coalesce(current_setting('{APP_SETTING}', true), '') = 'on' THEN\n"
        "    RETURN NULL;\n  END IF;\n"
        f"  IF TG_OP = 'INSERT' THEN\n    {insert('NEW', '+')}\n"
        f"  ELSIF TG_OP = 'UPDATE' THEN\n    {insert('NEW', '~')}\n"
        f"  ELSE\n    {insert('OLD', '-')}\n  END IF;\n  RETURN NULL;\nEND\n"
    )
    create = (
        f"CREATE OR REPLACE FUNCTION {OUTSIDE}() RETURNS trigger AS $${body}$$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {OUTSIDE} AFTER INSERT OR UPDATE OR DELETE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {OUTSIDE}()",
    )
    drop = (f"DROP TRIGGER IF EXISTS {OUTSIDE} ON {table}", f"DROP FUNCTION IF EXISTS {OUTSIDE}()")
    return Trigger(OUTSIDE, table, create, drop, body)


def triggers(
    vendor: str,
    apps=None,
    *,
    complete: bool = True,
    target_fields: tuple[str, ...] = TARGET_PERCENT_FIELDS,
) -> list[Trigger]:
    """The guards' triggers on `vendor`, built from the models of `apps` (default: the code's).

    `complete=False` gives what migrations 0002 and 0005 installed (the lock without the
    reopen path, no outside history): what migrating back leaves. `target_fields`: the
    target's columns kept within 100 (0012's without the upper value, to migrate back).
    """
    if vendor not in ("postgresql", "sqlite"):
        return []
    m = _models(apps)
    found = [
        *_percent(vendor, m["measurement"], m["indicator"], ["value"]),
        *_percent(vendor, m["target"], m["indicator"], list(target_fields)),
        *_lock(vendor, m["measurement"], leaving=complete),
    ]
    if complete and vendor == "postgresql":
        found.append(_outside_history(m["measurement"], m["history"]))
    return found


def install(
    connection: BaseDatabaseWrapper,
    apps=None,
    *,
    complete: bool = True,
    target_fields: tuple[str, ...] = TARGET_PERCENT_FIELDS,
) -> None:
    """Create the guards (replacing any installed before), in one transaction."""
    found = triggers(connection.vendor, apps, complete=complete, target_fields=target_fields)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {GRANTS_TABLE} (measurement_id integer NOT NULL)"
            )
        for trigger in triggers(connection.vendor, apps, complete=True):
            for statement in trigger.drop:
                cursor.execute(statement)
        for trigger in found:
            for statement in trigger.create:
                cursor.execute(statement)
        if connection.vendor == "sqlite" and not complete:
            cursor.execute(f"DROP TABLE IF EXISTS {GRANTS_TABLE}")


def problems(connection: BaseDatabaseWrapper) -> list[str]:
    """What keeps the installed guards from being the ones this code builds ([]: nothing)."""
    expected = {t.name: t for t in triggers(connection.vendor)}
    if not expected:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname, t.tgenabled <> 'D', p.prosrc FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid) AND t.tgname = ANY(%s)",
                [list(expected)],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name, 1, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        installed = {name: (table, bool(on), sql) for name, table, on, sql in cursor.fetchall()}
    found = []
    for name, trigger in expected.items():
        table, enabled, definition = installed.get(name, (None, False, ""))
        if table is None:
            found.append(f"The trigger {name} on {trigger.table} is missing.")
        elif table != trigger.table or not enabled:
            found.append(f"The trigger {name} is not enabled on {trigger.table}.")
        elif " ".join(definition.split()) != " ".join(trigger.definition.split()):
            found.append(f"The trigger {name} on {table} differs from what this code builds.")
    return found


# The reopen path.


@contextmanager
def _granted(model: type[Model], value: int) -> Iterator[None]:
    """The permission to leave `approved` (for figure `value`, or every figure), held for
    the block and taken back after it, inside one transaction."""
    connection = connections[router.db_for_write(model)]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            granted = "*" if value == EVERY_FIGURE else str(value)
            cursor.execute(
                "SELECT current_setting(%s, true), set_config(%s, %s, true)",
                [REOPEN_SETTING, REOPEN_SETTING, granted],
            )
            before = cursor.fetchone()[0] or ""
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {GRANTS_TABLE} (measurement_id) VALUES (%s)", [value])
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, %s, true)", [REOPEN_SETTING, before])
            elif connection.vendor == "sqlite":
                cursor.execute(
                    f"DELETE FROM {GRANTS_TABLE} WHERE rowid = (SELECT max(rowid) FROM"
                    f" {GRANTS_TABLE} WHERE measurement_id = %s)",
                    [value],
                )


def allow_reopen(measurement: Model):
    """Around the save that takes `measurement` out of `approved` (the workflow's reopen):
    the database lets that one figure leave it, for the statements inside the block."""
    return _granted(type(measurement), measurement.pk)


def reopening_all(model: type[Model]):
    """Around a bulk tool's statement that takes figures out of `approved` (the benchmark's
    clean-up): the database lets every figure leave it, inside the block only."""
    return _granted(model, EVERY_FIGURE)


# Connections and migrations.


def mark_app_connection(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """connection_created: this session is the app, which writes its own history."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [APP_SETTING])


def migration_install(apps, schema_editor) -> None:
    from indicators.summaries import migrating_sqlite

    if not migrating_sqlite(schema_editor.connection.alias):  # else after_migrate does it
        install(schema_editor.connection, apps)


def migration_uninstall(apps, schema_editor) -> None:
    install(schema_editor.connection, apps, complete=False)


def migration_install_0012(apps, schema_editor) -> None:
    """What 0012 installed: the guards without the range's upper value (0013 migrated back)."""
    from indicators.summaries import migrating_sqlite

    if not migrating_sqlite(schema_editor.connection.alias):
        install(schema_editor.connection, apps, target_fields=TARGET_PERCENT_FIELDS_0012)


def after_migrate(sender, *, using: str, plan=None, verbosity: int = 1, stdout=None, **kwargs):
    """post_migrate: once this module's migration is applied, put back any guard a table
    rebuild dropped (SQLite rebuilds a table to alter it, and its triggers go with it)."""
    connection = connections[using]
    if plan is None or connection.vendor not in ("postgresql", "sqlite"):
        return
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    if problems(connection):
        install(connection)
        if verbosity:
            (stdout or sys.stdout).write("Figure guards: triggers installed.\n")
