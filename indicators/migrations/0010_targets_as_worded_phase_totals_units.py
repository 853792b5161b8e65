"""Targets as the law words them (sex, `between` with `value_max`, `increase` /
`decrease` against the baseline) and an indicator's unit label, decimals, phase total
(`phase_aggregate`) and series break.

On SQLite, adding columns rebuilds indicators_indicator and indicators_target, which
SQLite refuses while the percent triggers of 0002 name the first table; they are dropped
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
        ("indicators", "0009_constraint_messages"),
        ("programmes", "0008_care_models_to_care_app"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_on_sqlite, create_triggers_on_sqlite),
        migrations.RemoveConstraint(
            model_name="target",
            name="target_unique_indicator_area_year",
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="decimals",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How many decimals a figure is shown with; empty: up to two.",
                null=True,
                verbose_name="decimals shown",
            ),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="phase_aggregate",
            field=models.CharField(
                choices=[
                    ("end_value", "value in the phase's end year"),
                    ("sum", "sum of the phase's years"),
                    ("mean", "mean of the phase's years"),
                ],
                default="end_value",
                help_text="How the whole phase is summed up for the comparison with the previous one.",
                max_length=10,
                verbose_name="phase total",
            ),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="series_break",
            field=models.BooleanField(
                default=False,
                help_text="The comparison with the previous phase is then shown flagged.",
                verbose_name="definition changed since the previous phase",
            ),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="unit_label",
            field=models.CharField(
                blank=True,
                help_text='e.g. "bé trai/100 bé gái", "ca/100.000 trẻ đẻ sống", "lần"',
                max_length=60,
                verbose_name="unit as reports write it",
            ),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="sex",
            field=models.CharField(
                choices=[("total", "total"), ("female", "female"), ("male", "male")],
                default="total",
                max_length=6,
                verbose_name="sex",
            ),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="value_max",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                help_text="Only for a range target: the actual must lie between the two values.",
                max_digits=20,
                null=True,
                verbose_name="upper value",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="decimals",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How many decimals a figure is shown with; empty: up to two.",
                null=True,
                verbose_name="decimals shown",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="phase_aggregate",
            field=models.CharField(
                choices=[
                    ("end_value", "value in the phase's end year"),
                    ("sum", "sum of the phase's years"),
                    ("mean", "mean of the phase's years"),
                ],
                default="end_value",
                help_text="How the whole phase is summed up for the comparison with the previous one.",
                max_length=10,
                verbose_name="phase total",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="series_break",
            field=models.BooleanField(
                default=False,
                help_text="The comparison with the previous phase is then shown flagged.",
                verbose_name="definition changed since the previous phase",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_label",
            field=models.CharField(
                blank=True,
                help_text='e.g. "bé trai/100 bé gái", "ca/100.000 trẻ đẻ sống", "lần"',
                max_length=60,
                verbose_name="unit as reports write it",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="sex",
            field=models.CharField(
                choices=[("total", "total"), ("female", "female"), ("male", "male")],
                default="total",
                max_length=6,
                verbose_name="sex",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="value_max",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                help_text="Only for a range target: the actual must lie between the two values.",
                max_digits=20,
                null=True,
                verbose_name="upper value",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltarget",
            name="comparator",
            field=models.CharField(
                choices=[
                    ("gte", "≥"),
                    ("gt", ">"),
                    ("lte", "≤"),
                    ("lt", "<"),
                    ("eq", "="),
                    ("between", "between"),
                    ("increase", "increase on the baseline"),
                    ("decrease", "decrease on the baseline"),
                ],
                max_length=8,
                verbose_name="comparator",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="comparator",
            field=models.CharField(
                choices=[
                    ("gte", "≥"),
                    ("gt", ">"),
                    ("lte", "≤"),
                    ("lt", "<"),
                    ("eq", "="),
                    ("between", "between"),
                    ("increase", "increase on the baseline"),
                    ("decrease", "decrease on the baseline"),
                ],
                max_length=8,
                verbose_name="comparator",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("phase_aggregate", "sum"), _negated=True),
                    ("unit__in", ("count", "vnd")),
                    _connector="OR",
                ),
                name="indicator_phase_sum_only_for_counts",
                violation_error_message="Only counts and amounts of money add up over a phase; for a rate choose the end value or the mean.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decimals__isnull", True), ("decimals__lte", 4), _connector="OR"
                ),
                name="indicator_decimals_at_most_four",
                violation_error_message="Show figures with 0 to 4 decimals.",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.UniqueConstraint(
                fields=("indicator", "area", "year", "sex"),
                name="target_unique_indicator_area_year_sex",
                violation_error_message="This indicator already has a target for this area, year and sex.",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("comparator", "between"),
                        ("value_max__gte", models.F("value")),
                        ("value_max__isnull", False),
                    ),
                    models.Q(
                        models.Q(("comparator", "between"), _negated=True),
                        ("value_max__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="target_value_max_only_for_between",
                violation_error_message="A range target needs an upper value no smaller than the target value; other targets take none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("comparator__in", ("decrease", "increase")), _negated=True),
                    models.Q(
                        ("baseline_value__isnull", False), ("value", models.F("baseline_value"))
                    ),
                    _connector="OR",
                ),
                name="target_direction_against_baseline",
                violation_error_message="A target that names only a direction (increase or decrease) is judged against its baseline: give the baseline value and year, and the same value as the target value.",
            ),
        ),
        migrations.RunPython(create_triggers_on_sqlite, drop_triggers_on_sqlite),
    ]
