"""An approved figure stays as it is in the database itself, whatever writes to it.

The services refuse every change to an approved figure; these triggers make the
database refuse it too, so a raw UPDATE, a forgotten code path or a queryset
`.update()` cannot change an official figure behind the audit trail's back. While a
figure is approved its data columns (indicator, area, period, year, sex, value,
numerator, denominator, note) cannot change and the row cannot be deleted; its status
can (that is how a provincial officer reopens it), and so can the bookkeeping columns
(version, who and when), so deleting a user still sets `created_by` to NULL. PostgreSQL
raises check_violation (23514), SQLite aborts with a constraint error; Django raises
IntegrityError for both, which the API answers with 409.
"""

from django.db import migrations

TABLE = "indicators_measurement"
NAME = "measurement_approved_locked"
DATA_COLUMNS = [
    "indicator_id",
    "area_id",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "note",
]

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    IF TG_OP = 'DELETE' OR ({{changed}}) THEN
      RAISE EXCEPTION 'check constraint "{NAME}": an approved figure cannot change'
        USING ERRCODE = '23514';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER {NAME} BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION {NAME}();
"""

SQLITE_UPDATE = f"""
CREATE TRIGGER {NAME}_update BEFORE UPDATE ON {TABLE}
WHEN OLD.status = 'approved' AND ({{changed}})
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}');
END;
"""

SQLITE_DELETE = f"""
CREATE TRIGGER {NAME}_delete BEFORE DELETE ON {TABLE}
WHEN OLD.status = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}');
END;
"""


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in DATA_COLUMNS)
        schema_editor.execute(POSTGRESQL.format(changed=changed))
    elif vendor == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in DATA_COLUMNS)
        schema_editor.execute(SQLITE_UPDATE.format(changed=changed))
        schema_editor.execute(SQLITE_DELETE)


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_delete")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_workflow_version_and_audit_trail")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
