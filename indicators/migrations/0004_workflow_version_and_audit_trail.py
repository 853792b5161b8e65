"""The review workflow's permissions, the version for optimistic locking, the audit trail.

On SQLite, adding `version` rebuilds indicators_measurement, which drops the percent
triggers of 0002 with the old table; they are dropped first and created again at the end.
"""

import importlib

import django.db.models.deletion
import simple_history.models
from django.conf import settings
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
        ("indicators", "0003_indicator_fed_by_care_models"),
        ("programmes", "0003_area_assignment_and_audit_trail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_triggers_on_sqlite, create_triggers_on_sqlite),
        migrations.AlterModelOptions(
            name="measurement",
            options={
                "ordering": ["indicator", "area", "period", "sex"],
                "permissions": [
                    ("submit_measurement", "Can submit figures for review"),
                    ("approve_measurement", "Can approve submitted figures"),
                    ("return_measurement", "Can return submitted figures for correction"),
                    ("reopen_measurement", "Can reopen approved figures"),
                ],
                "verbose_name": "figure",
                "verbose_name_plural": "figures",
            },
        ),
        migrations.AddField(
            model_name="measurement",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.CreateModel(
            name="HistoricalIndicator",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(help_text='e.g. "2.2"', max_length=20, verbose_name="code"),
                ),
                ("name", models.CharField(max_length=500, verbose_name="name")),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "percent"),
                            ("count", "count"),
                            ("per_100", "per 100"),
                            ("per_1000", "per 1,000"),
                            ("per_100000", "per 100,000"),
                            ("times", "times"),
                            ("vnd", "VND"),
                            ("milestone", "milestone"),
                        ],
                        max_length=12,
                        verbose_name="unit",
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[("increase", "increase"), ("decrease", "decrease")],
                        default="increase",
                        max_length=10,
                        verbose_name="desired direction",
                    ),
                ),
                (
                    "accumulation",
                    models.CharField(
                        choices=[
                            ("flow", "flow (sub-periods add up)"),
                            ("stock", "stock (the latest value stands)"),
                        ],
                        default="stock",
                        max_length=8,
                        verbose_name="accumulation",
                    ),
                ),
                ("definition", models.TextField(blank=True, verbose_name="definition")),
                (
                    "data_source",
                    models.CharField(blank=True, max_length=300, verbose_name="data source"),
                ),
                ("search_text", models.CharField(editable=False, max_length=600)),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "objective",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.objective",
                        verbose_name="objective",
                    ),
                ),
                (
                    "phase",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.phase",
                        verbose_name="phase",
                    ),
                ),
                (
                    "previous",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                        verbose_name="same indicator in the previous phase",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator",
                "verbose_name_plural": "historical indicators",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasurement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "period",
                    models.CharField(
                        help_text='A year ("2020") or a half-year ("2020S1").',
                        max_length=6,
                        verbose_name="period",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(editable=False, verbose_name="year")),
                (
                    "sex",
                    models.CharField(
                        choices=[("total", "total"), ("female", "female"), ("male", "male")],
                        default="total",
                        max_length=6,
                        verbose_name="sex",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(decimal_places=4, max_digits=20, verbose_name="value"),
                ),
                (
                    "numerator",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="numerator",
                    ),
                ),
                (
                    "denominator",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="denominator",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("approved", "approved"),
                            ("returned", "returned"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="entered at"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        blank=True, editable=False, verbose_name="last changed at"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.area",
                        verbose_name="area",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                        verbose_name="indicator",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical figure",
                "verbose_name_plural": "historical figures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTarget",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "comparator",
                    models.CharField(
                        choices=[("gte", "≥"), ("gt", ">"), ("lte", "≤"), ("lt", "<"), ("eq", "=")],
                        max_length=3,
                        verbose_name="comparator",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=4, max_digits=20, verbose_name="target value"
                    ),
                ),
                (
                    "baseline_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="baseline value",
                    ),
                ),
                (
                    "baseline_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="baseline year"
                    ),
                ),
                (
                    "source_text",
                    models.TextField(
                        blank=True,
                        help_text='The target as the decision words it, e.g. "đạt từ 35% trở lên".',
                        verbose_name="legal wording",
                    ),
                ),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.area",
                        verbose_name="area",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                        verbose_name="indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical target",
                "verbose_name_plural": "historical targets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(create_triggers_on_sqlite, drop_triggers_on_sqlite),
    ]
