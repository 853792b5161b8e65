"""Targets record a provisional baseline and the framework target they adopt; the targets
of an approved plan are locked by triggers (`indicators.plan_guards`).

On SQLite adding the columns rebuilds `indicators_target`, which drops its triggers:
`plan_guards.install` restores the percent trigger of migration 0002 with its own.
"""

from django.db import migrations, models

from indicators import plan_guards


def install(apps, schema_editor) -> None:
    plan_guards.install(schema_editor)


def uninstall(apps, schema_editor) -> None:
    plan_guards.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_targets_as_worded_phase_totals_units"),
        ("programmes", "0010_phase_plan_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltarget",
            name="baseline_provisional",
            field=models.BooleanField(
                default=False,
                help_text="The baseline comes from figures that were not approved yet.",
                verbose_name="provisional baseline",
            ),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="framework_target",
            field=models.CharField(
                blank=True, editable=False, max_length=60, verbose_name="framework target"
            ),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="national_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                editable=False,
                max_digits=20,
                null=True,
                verbose_name="national target value",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="baseline_provisional",
            field=models.BooleanField(
                default=False,
                help_text="The baseline comes from figures that were not approved yet.",
                verbose_name="provisional baseline",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="framework_target",
            field=models.CharField(
                blank=True, editable=False, max_length=60, verbose_name="framework target"
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="national_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                editable=False,
                max_digits=20,
                null=True,
                verbose_name="national target value",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
