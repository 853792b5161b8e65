"""The percent guard also keeps a range target's upper value (`value_max`) within 100.

Migrating back puts 0012's guards back (value and baseline only).
"""

from django.db import migrations

from indicators import db_guards


class Migration(migrations.Migration):
    dependencies = [("indicators", "0013_child_sums_follow_rule_8")]

    operations = [
        migrations.RunPython(db_guards.migration_install, db_guards.migration_install_0012)
    ]
