"""Indicators may take their figures from care-model reports (source, kind, measure).

On SQLite, adding a column rebuilds indicators_indicator and renames the rebuilt table,
which SQLite refuses while the percent triggers of 0002 name that table; they are dropped
around the change and created again, as they were.
"""

import importlib

from django.db import migrations, models

percent_triggers = importlib.import_module("indicators.migrations.0002_percent_within_100")


def drop_triggers_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        percent_triggers.drop_triggers(apps, schema_editor)


def create_triggers_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        percent_triggers.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_percent_within_100"),
        ("programmes", "0002_care_models_partners_contributions"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_on_sqlite, create_triggers_on_sqlite),
        migrations.AddField(
            model_name="indicator",
            name="care_model_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("community_rehabilitation", "Community-based rehabilitation"),
                    ("foster_care", "Temporary foster care"),
                    ("vocational_training", "Vocational training tied to jobs"),
                    ("psychotherapy", "Psychotherapy"),
                    ("other", "Other care model"),
                ],
                max_length=30,
                verbose_name="kind of care model",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="care_model_measure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("beneficiaries", "children reached"),
                    ("function_improved", "children with improved function"),
                    ("placements_active", "foster placements active"),
                    ("children_reintegrated", "children reintegrated"),
                    ("trained", "children trained"),
                    ("completed", "children who completed training"),
                    ("employed", "children employed after training"),
                    ("sessions", "therapy sessions"),
                    ("condition_improved", "children whose condition improved"),
                ],
                max_length=30,
                verbose_name="what to count from the reports",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("manual", "entered by hand"),
                    ("care_models", "derived from care-model reports"),
                ],
                default="manual",
                max_length=12,
                verbose_name="source of figures",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("care_model_kind", ""), ("care_model_measure", ""), ("source", "manual")
                    ),
                    models.Q(
                        ("source", "care_models"),
                        models.Q(("care_model_kind", ""), _negated=True),
                        models.Q(("care_model_measure", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="indicator_feed_complete",
            ),
        ),
        migrations.RunPython(create_triggers_on_sqlite, drop_triggers_on_sqlite),
    ]
