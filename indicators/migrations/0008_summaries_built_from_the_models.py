"""The summaries' triggers as indicators/summaries_sql.py builds them from the models.

Same sums as the triggers 0007 first installed, written from `_meta` and the choice
classes instead of copied names and literals: this installs them in databases migrated
before, and sums the figures again. The pattern for every later change to the summaries
(docs/summaries.md): a migration that installs them and records the SQL's fingerprint.
"""

from django.db import migrations

from indicators import summaries

# summaries.fingerprint() of the SQL this migration installs; tests/indicators/
# test_summaries.py fails when the code builds other SQL and no later migration says so.
SUMMARIES_FINGERPRINT = "1a240ab2c0ed553f"


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_summaries_kept_by_triggers")]

    operations = [
        # Going back leaves them as they are: what 0007 installed sums the same way.
        migrations.RunPython(summaries.migration_install, migrations.RunPython.noop),
    ]
