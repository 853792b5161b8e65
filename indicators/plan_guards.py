"""An approved plan's targets stay as they are in the database itself, whatever writes.

`indicators.services.plans` refuses every write to a target of a phase whose plan is
approved; these triggers refuse it too, so a raw UPDATE, a queryset `.update()` or a
forgotten path cannot change an agreed target behind the history's back. A target may
not be inserted into, changed in, moved out of or deleted from an approved plan; the
plan's status itself moves only through its services (approve, reopen with a reason).
PostgreSQL raises check_violation (23514), SQLite aborts with a constraint error;
Django raises IntegrityError for both, which the API answers with 409.

SQLite drops a table's triggers when a migration rebuilds the table, so `install()` is
idempotent and also restores the percent trigger of targets (migration 0002): a
migration that rebuilds `indicators_target` calls it again afterwards.
"""

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from indicators.models import Indicator, Target
from programmes.models import Phase, PlanStatus

NAME = "target_plan_locked"
PERCENT_NAME = "target_percent_within_100"


def _tables() -> dict[str, str]:
    return {
        "target": Target._meta.db_table,
        "indicator": Indicator._meta.db_table,
        "phase": Phase._meta.db_table,
    }


def _approved(row: str) -> str:
    """SQL: the target `row` (NEW or OLD) belongs to a phase whose plan is approved."""
    t = _tables()
    return (
        f"EXISTS (SELECT 1 FROM {t['indicator']} i JOIN {t['phase']} p ON p.id = i.phase_id "
        f"WHERE i.id = {row}.indicator_id AND p.plan_status = '{PlanStatus.APPROVED.value}')"
    )


def _postgresql() -> list[str]:
    table = _tables()["target"]
    return [
        f"""
CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
BEGIN
  IF (TG_OP IN ('UPDATE', 'DELETE') AND {_approved("OLD")})
     OR (TG_OP IN ('INSERT', 'UPDATE') AND {_approved("NEW")}) THEN
    RAISE EXCEPTION 'check constraint "{NAME}": the targets of an approved plan cannot change'
      USING ERRCODE = '23514';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {NAME} ON {table}",
        f"""CREATE TRIGGER {NAME} BEFORE INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
    ]


def _sqlite(*, percent: bool = True) -> list[str]:
    t = _tables()
    statements = []
    for event, condition in (
        ("INSERT", _approved("NEW")),
        ("UPDATE", f"{_approved('OLD')} OR {_approved('NEW')}"),
        ("DELETE", _approved("OLD")),
    ):
        name = f"{NAME}_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"""CREATE TRIGGER {name} BEFORE {event} ON {t["target"]}
WHEN {condition}
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}');
END""",
        ]
    # The percent rule of migration 0002, which a rebuild of the table drops.
    for event in ("INSERT", "UPDATE") if percent else ():
        name = f"{PERCENT_NAME}_{event}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"""CREATE TRIGGER {name} BEFORE {event} ON {t["target"]}
WHEN (NEW.value > 100 OR NEW.baseline_value > 100)
  AND (SELECT unit FROM {t["indicator"]} WHERE id = NEW.indicator_id) = 'percent'
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: {PERCENT_NAME}');
END""",
        ]
    return statements


def install(schema_editor) -> None:
    """Create (or re-create) the triggers on the connection's database (on SQLite during
    `migrate`, `after_migrate` does it once the tables are final)."""
    from indicators.summaries import migrating_sqlite

    if migrating_sqlite(schema_editor.connection.alias):
        return
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(schema_editor) -> None:
    """Drop the plan lock's triggers (the percent trigger stays)."""
    vendor = schema_editor.connection.vendor
    table = _tables()["target"]
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")
    elif vendor == "sqlite":
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_{event}")


MIGRATION = ("indicators", "0011_target_plan_and_framework")


def after_migrate(sender, *, using: str, plan=None, **kwargs) -> None:
    """post_migrate: on SQLite, put the plan lock back where `migrate` took it off (see
    `indicators.summaries.before_migrate`); the percent rule is the figures' guards'."""
    connection = connections[using]
    if plan is None or connection.vendor != "sqlite":
        return
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [f"{NAME}_insert"],
        )
        if cursor.fetchone():
            return
        for statement in _sqlite(percent=False):
            cursor.execute(statement)
