"""The database guards of the figures, built by indicators/db_guards.py.

Replaces the triggers of 0002 (percent within 100) and 0005 (approved is locked) with
the module's: an approved figure now also leaves `approved` only through the reopen path,
and on PostgreSQL a change made outside the app gets its history row from the database.
Migrating back puts the triggers of 0002 and 0005 back as they were.
"""

from django.db import migrations

from indicators import db_guards


class Migration(migrations.Migration):
    dependencies = [("indicators", "0011_target_plan_and_framework")]

    operations = [migrations.RunPython(db_guards.migration_install, db_guards.migration_uninstall)]
