"""Indicator.decimals: how many decimals its figures are shown with (rule 11).

Counts (people, đồng, milestones) are shown without. On SQLite adding the column rebuilds
indicators_indicator, which SQLite refuses while the percent triggers of 0002 name the
table; they are dropped around the change and created again, as in 0003.
"""

import importlib

import django.core.validators
from django.db import migrations, models

percent_triggers = importlib.import_module("indicators.migrations.0002_percent_within_100")


def drop_triggers_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        percent_triggers.drop_triggers(apps, schema_editor)


def create_triggers_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        percent_triggers.create_triggers(apps, schema_editor)


WHOLE_UNITS = ("count", "vnd", "milestone")


def counts_without_decimals(apps, schema_editor):
    """Indicators that count people, cases or đồng are shown without decimals."""
    apps.get_model("indicators", "Indicator").objects.filter(unit__in=WHOLE_UNITS).update(
        decimals=0
    )


def back_to_the_default(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(unit__in=WHOLE_UNITS).update(
        decimals=1
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_constraint_messages"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_on_sqlite, create_triggers_on_sqlite),
        migrations.AddField(
            model_name="historicalindicator",
            name="decimals",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="How many decimals its figures are shown with, e.g. 1 for 32,9%.",
                validators=[django.core.validators.MaxValueValidator(4)],
                verbose_name="decimals shown",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="decimals",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="How many decimals its figures are shown with, e.g. 1 for 32,9%.",
                validators=[django.core.validators.MaxValueValidator(4)],
                verbose_name="decimals shown",
            ),
        ),
        migrations.RunPython(create_triggers_on_sqlite, drop_triggers_on_sqlite),
        migrations.RunPython(counts_without_decimals, back_to_the_default),
    ]
