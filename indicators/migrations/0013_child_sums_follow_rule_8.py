"""`ChildSums` follows rule 8: a parent's row sums the children that count that year.

The figure triggers sum a yearly total into its parent's row only where its area counts
that year under DESIGN.md §4 rule 8 (valid on the year's last day, or the parent's own,
and not passing its figures to a successor), and new triggers on the areas and the
successions sum a parent's row again when a reorganisation changes which children count
(indicators/summaries_recount.py). This installs them and sums the figures again.
Going back leaves no triggers: run the older code's `rebuild_summaries`
(docs/summaries.md, "Going back").
"""

from django.db import migrations

from indicators import summaries

# summaries.fingerprint() of the SQL this migration installs; tests/indicators/
# test_summaries.py fails when the code builds other SQL and no later migration says so.
SUMMARIES_FINGERPRINT = "3c7c2cb48e034418"


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0012_figure_guards"),
        ("programmes", "0007_area_official_codes_kinds_successions"),
    ]

    operations = [
        migrations.RunPython(summaries.migration_install, summaries.migration_uninstall),
    ]
