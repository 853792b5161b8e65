"""Percentages stay within 0–100 in the database itself.

A CHECK constraint cannot see the indicator's unit, which lives in another table, so a
trigger on each backend refuses a percent figure or target above 100 the way a CHECK
would: PostgreSQL raises check_violation (23514), SQLite aborts with a constraint
error; Django raises IntegrityError for both.
"""

from django.db import migrations

TABLES = {
    "measurement": ("indicators_measurement", ["value"]),
    "target": ("indicators_target", ["value", "baseline_value"]),
}

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF ({over}) AND EXISTS (
    SELECT 1 FROM indicators_indicator WHERE id = NEW.indicator_id AND unit = 'percent'
  ) THEN
    RAISE EXCEPTION 'new row violates check constraint "{name}"' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
"""

SQLITE_TRIGGER = """
CREATE TRIGGER {name}_{event} BEFORE {event} ON {table}
WHEN ({over}) AND (SELECT unit FROM indicators_indicator WHERE id = NEW.indicator_id) = 'percent'
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: {name}');
END;
"""


def _over(columns: list[str]) -> str:
    return " OR ".join(f"NEW.{column} > 100" for column in columns)


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for model, (table, columns) in TABLES.items():
        name = f"{model}_percent_within_100"
        if vendor == "postgresql":
            schema_editor.execute(
                POSTGRESQL_FUNCTION.format(name=name, table=table, over=_over(columns))
            )
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(
                    SQLITE_TRIGGER.format(name=name, event=event, table=table, over=_over(columns))
                )


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for model, (table, _columns) in TABLES.items():
        name = f"{model}_percent_within_100"
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
