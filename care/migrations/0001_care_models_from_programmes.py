"""The care models, taken over from `programmes` (its migration 0007) with their tables.

State only: every table (and history table) already exists under its `programmes_` name,
which `db_table` keeps. Content types follow in 0002.
"""

import django.db.models.deletion
import django.db.models.expressions
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0008_care_models_to_care_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (created by programmes 0002-0006); nothing is written.
            state_operations=[
                migrations.CreateModel(
                    name="CareModel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("community_rehabilitation", "Community-based rehabilitation"),
                                    ("foster_care", "Temporary foster care"),
                                    ("vocational_training", "Vocational training tied to jobs"),
                                    ("psychotherapy", "Psychotherapy"),
                                    ("other", "Other care model"),
                                ],
                                max_length=30,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=300, verbose_name="name")),
                        ("started_on", models.DateField(verbose_name="started on")),
                        (
                            "ended_on",
                            models.DateField(blank=True, null=True, verbose_name="ended on"),
                        ),
                        (
                            "implementing_agency",
                            models.CharField(max_length=300, verbose_name="implementing agency"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="care_models",
                                to="programmes.area",
                                verbose_name="area",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="care_models",
                                to="programmes.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "care model",
                        "verbose_name_plural": "care models",
                        "db_table": "programmes_caremodel",
                        "ordering": ["kind", "area__path", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="CareModelReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
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
                        (
                            "year",
                            models.PositiveSmallIntegerField(editable=False, verbose_name="year"),
                        ),
                        ("beneficiaries_female", models.IntegerField(verbose_name="girls reached")),
                        ("beneficiaries_male", models.IntegerField(verbose_name="boys reached")),
                        (
                            "beneficiaries_total",
                            models.IntegerField(
                                blank=True,
                                help_text="Girls + boys; computed when left empty.",
                                verbose_name="children reached",
                            ),
                        ),
                        (
                            "function_improved",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children with improved function",
                            ),
                        ),
                        (
                            "placements_active",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="foster placements active"
                            ),
                        ),
                        (
                            "children_reintegrated",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="children reintegrated"
                            ),
                        ),
                        (
                            "trained",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="children trained"
                            ),
                        ),
                        (
                            "completed",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children who completed training",
                            ),
                        ),
                        (
                            "employed",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children employed after training",
                            ),
                        ),
                        (
                            "sessions",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="therapy sessions"
                            ),
                        ),
                        (
                            "condition_improved",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children whose condition improved",
                            ),
                        ),
                        (
                            "state_budget_vnd",
                            models.BigIntegerField(default=0, verbose_name="state budget (VND)"),
                        ),
                        (
                            "mobilised_vnd",
                            models.BigIntegerField(
                                default=0,
                                help_text="Money from businesses, associations, charities and individuals.",
                                verbose_name="mobilised funds (VND)",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "care_model",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reports",
                                to="care.caremodel",
                                verbose_name="care model",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "care model report",
                        "verbose_name_plural": "care model reports",
                        "db_table": "programmes_caremodelreport",
                        "ordering": ["care_model", "period"],
                    },
                ),
                migrations.CreateModel(
                    name="CareModelReportGroup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "group",
                            models.CharField(
                                choices=[
                                    ("orphaned_both_parents", "a. Orphaned of both parents"),
                                    ("abandoned", "b. Abandoned"),
                                    ("no_one_to_rely_on", "c. Without anyone to rely on"),
                                    ("disability", "d. With disabilities"),
                                    ("hiv_aids", "đ. Living with HIV/AIDS"),
                                    ("conflict_with_law", "e. In conflict with the law"),
                                    ("drug_addiction", "g. Addicted to drugs"),
                                    (
                                        "dropout_earning_living",
                                        "h. Dropped out to earn a living before completing lower-secondary education",
                                    ),
                                    (
                                        "harmed_by_violence",
                                        "i. Seriously harmed physically or mentally by violence",
                                    ),
                                    ("exploited", "k. Exploited"),
                                    ("sexually_abused", "l. Sexually abused"),
                                    ("trafficked", "m. Trafficked"),
                                    (
                                        "serious_illness_poor_household",
                                        "n. Seriously or long-term ill, in a poor or near-poor household",
                                    ),
                                    (
                                        "migrant_refugee",
                                        "o. Migrant or refugee child with unknown parents or without a caregiver",
                                    ),
                                ],
                                max_length=40,
                                verbose_name="group of special circumstances",
                            ),
                        ),
                        ("children", models.IntegerField(verbose_name="children")),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="groups",
                                to="care.caremodelreport",
                                verbose_name="report",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "children by group",
                        "verbose_name_plural": "children by group",
                        "db_table": "programmes_caremodelreportgroup",
                        "ordering": ["report", "group"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalCareModel",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("community_rehabilitation", "Community-based rehabilitation"),
                                    ("foster_care", "Temporary foster care"),
                                    ("vocational_training", "Vocational training tied to jobs"),
                                    ("psychotherapy", "Psychotherapy"),
                                    ("other", "Other care model"),
                                ],
                                max_length=30,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=300, verbose_name="name")),
                        ("started_on", models.DateField(verbose_name="started on")),
                        (
                            "ended_on",
                            models.DateField(blank=True, null=True, verbose_name="ended on"),
                        ),
                        (
                            "implementing_agency",
                            models.CharField(max_length=300, verbose_name="implementing agency"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
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
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="programmes.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical care model",
                        "verbose_name_plural": "historical care models",
                        "db_table": "programmes_historicalcaremodel",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalCareModelReport",
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
                        (
                            "year",
                            models.PositiveSmallIntegerField(editable=False, verbose_name="year"),
                        ),
                        ("beneficiaries_female", models.IntegerField(verbose_name="girls reached")),
                        ("beneficiaries_male", models.IntegerField(verbose_name="boys reached")),
                        (
                            "beneficiaries_total",
                            models.IntegerField(
                                blank=True,
                                help_text="Girls + boys; computed when left empty.",
                                verbose_name="children reached",
                            ),
                        ),
                        (
                            "function_improved",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children with improved function",
                            ),
                        ),
                        (
                            "placements_active",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="foster placements active"
                            ),
                        ),
                        (
                            "children_reintegrated",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="children reintegrated"
                            ),
                        ),
                        (
                            "trained",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="children trained"
                            ),
                        ),
                        (
                            "completed",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children who completed training",
                            ),
                        ),
                        (
                            "employed",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children employed after training",
                            ),
                        ),
                        (
                            "sessions",
                            models.IntegerField(
                                blank=True, null=True, verbose_name="therapy sessions"
                            ),
                        ),
                        (
                            "condition_improved",
                            models.IntegerField(
                                blank=True,
                                null=True,
                                verbose_name="children whose condition improved",
                            ),
                        ),
                        (
                            "state_budget_vnd",
                            models.BigIntegerField(default=0, verbose_name="state budget (VND)"),
                        ),
                        (
                            "mobilised_vnd",
                            models.BigIntegerField(
                                default=0,
                                help_text="Money from businesses, associations, charities and individuals.",
                                verbose_name="mobilised funds (VND)",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "care_model",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="care.caremodel",
                                verbose_name="care model",
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
                    ],
                    options={
                        "verbose_name": "historical care model report",
                        "verbose_name_plural": "historical care model reports",
                        "db_table": "programmes_historicalcaremodelreport",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalCareModelReportGroup",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "group",
                            models.CharField(
                                choices=[
                                    ("orphaned_both_parents", "a. Orphaned of both parents"),
                                    ("abandoned", "b. Abandoned"),
                                    ("no_one_to_rely_on", "c. Without anyone to rely on"),
                                    ("disability", "d. With disabilities"),
                                    ("hiv_aids", "đ. Living with HIV/AIDS"),
                                    ("conflict_with_law", "e. In conflict with the law"),
                                    ("drug_addiction", "g. Addicted to drugs"),
                                    (
                                        "dropout_earning_living",
                                        "h. Dropped out to earn a living before completing lower-secondary education",
                                    ),
                                    (
                                        "harmed_by_violence",
                                        "i. Seriously harmed physically or mentally by violence",
                                    ),
                                    ("exploited", "k. Exploited"),
                                    ("sexually_abused", "l. Sexually abused"),
                                    ("trafficked", "m. Trafficked"),
                                    (
                                        "serious_illness_poor_household",
                                        "n. Seriously or long-term ill, in a poor or near-poor household",
                                    ),
                                    (
                                        "migrant_refugee",
                                        "o. Migrant or refugee child with unknown parents or without a caregiver",
                                    ),
                                ],
                                max_length=40,
                                verbose_name="group of special circumstances",
                            ),
                        ),
                        ("children", models.IntegerField(verbose_name="children")),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
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
                            "report",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="care.caremodelreport",
                                verbose_name="report",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical children by group",
                        "verbose_name_plural": "historical children by group",
                        "db_table": "programmes_historicalcaremodelreportgroup",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPartner",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=300, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("business", "Business"),
                                    ("association", "Association"),
                                    ("charity", "Charity"),
                                    ("individual", "Individual"),
                                    ("international_organisation", "International organisation"),
                                    ("state_body", "State body"),
                                ],
                                max_length=30,
                                verbose_name="kind",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Where the partner is based, if local.",
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
                    ],
                    options={
                        "verbose_name": "historical partner",
                        "verbose_name_plural": "historical partners",
                        "db_table": "programmes_historicalpartner",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Partner",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=300, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("business", "Business"),
                                    ("association", "Association"),
                                    ("charity", "Charity"),
                                    ("individual", "Individual"),
                                    ("international_organisation", "International organisation"),
                                    ("state_body", "State body"),
                                ],
                                max_length=30,
                                verbose_name="kind",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                help_text="Where the partner is based, if local.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="partners",
                                to="programmes.area",
                                verbose_name="area",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "partner",
                        "verbose_name_plural": "partners",
                        "db_table": "programmes_partner",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalContribution",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("cash_vnd", models.BigIntegerField(default=0, verbose_name="cash (VND)")),
                        (
                            "in_kind_description",
                            models.TextField(blank=True, verbose_name="in kind"),
                        ),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "care_model",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="care.caremodel",
                                verbose_name="care model",
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
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="programmes.programme",
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "partner",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="care.partner",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical contribution",
                        "verbose_name_plural": "historical contributions",
                        "db_table": "programmes_historicalcontribution",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Contribution",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("cash_vnd", models.BigIntegerField(default=0, verbose_name="cash (VND)")),
                        (
                            "in_kind_description",
                            models.TextField(blank=True, verbose_name="in kind"),
                        ),
                        (
                            "care_model",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="contributions",
                                to="care.caremodel",
                                verbose_name="care model",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="contributions",
                                to="programmes.programme",
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "partner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="contributions",
                                to="care.partner",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "contribution",
                        "verbose_name_plural": "contributions",
                        "db_table": "programmes_contribution",
                        "ordering": ["-date", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="caremodel",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ended_on__isnull", True),
                            ("ended_on__gte", models.F("started_on")),
                            _connector="OR",
                        ),
                        name="care_model_ends_after_start",
                    ),
                ),
                migrations.AddIndex(
                    model_name="caremodelreport",
                    index=models.Index(
                        fields=["year", "care_model"], name="care_model_report_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.UniqueConstraint(
                        fields=("care_model", "period"), name="care_model_report_unique_period"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("period__regex", "^[0-9]{4}(S[12])?$")),
                        name="care_model_report_period_format",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("year__gte", 1945), ("year__lte", 2100)),
                        name="care_model_report_year_in_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("beneficiaries_female__isnull", True),
                            ("beneficiaries_female__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_beneficiaries_female_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("beneficiaries_male__isnull", True),
                            ("beneficiaries_male__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_beneficiaries_male_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("beneficiaries_total__isnull", True),
                            ("beneficiaries_total__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_beneficiaries_total_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("function_improved__isnull", True),
                            ("function_improved__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_function_improved_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("placements_active__isnull", True),
                            ("placements_active__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_placements_active_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("children_reintegrated__isnull", True),
                            ("children_reintegrated__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_children_reintegrated_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("trained__isnull", True), ("trained__gte", 0), _connector="OR"
                        ),
                        name="care_model_report_trained_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("completed__isnull", True), ("completed__gte", 0), _connector="OR"
                        ),
                        name="care_model_report_completed_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("employed__isnull", True), ("employed__gte", 0), _connector="OR"
                        ),
                        name="care_model_report_employed_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("sessions__isnull", True), ("sessions__gte", 0), _connector="OR"
                        ),
                        name="care_model_report_sessions_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("condition_improved__isnull", True),
                            ("condition_improved__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_condition_improved_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("state_budget_vnd__isnull", True),
                            ("state_budget_vnd__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_state_budget_vnd_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("mobilised_vnd__isnull", True),
                            ("mobilised_vnd__gte", 0),
                            _connector="OR",
                        ),
                        name="care_model_report_mobilised_vnd_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "beneficiaries_total",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("beneficiaries_female"),
                                    "+",
                                    models.F("beneficiaries_male"),
                                ),
                            )
                        ),
                        name="care_model_report_total_is_female_plus_male",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("employed__isnull", True),
                            ("completed__isnull", True),
                            ("employed__lte", models.F("completed")),
                            _connector="OR",
                        ),
                        name="care_model_report_employed_within_completed",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("completed__isnull", True),
                            ("trained__isnull", True),
                            ("completed__lte", models.F("trained")),
                            _connector="OR",
                        ),
                        name="care_model_report_completed_within_trained",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("function_improved__isnull", True),
                            ("beneficiaries_total__isnull", True),
                            ("function_improved__lte", models.F("beneficiaries_total")),
                            _connector="OR",
                        ),
                        name="care_model_report_function_improved_within_reached",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("placements_active__isnull", True),
                            ("beneficiaries_total__isnull", True),
                            ("placements_active__lte", models.F("beneficiaries_total")),
                            _connector="OR",
                        ),
                        name="care_model_report_placements_active_within_reached",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("children_reintegrated__isnull", True),
                            ("beneficiaries_total__isnull", True),
                            ("children_reintegrated__lte", models.F("beneficiaries_total")),
                            _connector="OR",
                        ),
                        name="care_model_report_children_reintegrated_within_reached",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("trained__isnull", True),
                            ("beneficiaries_total__isnull", True),
                            ("trained__lte", models.F("beneficiaries_total")),
                            _connector="OR",
                        ),
                        name="care_model_report_trained_within_reached",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("condition_improved__isnull", True),
                            ("beneficiaries_total__isnull", True),
                            ("condition_improved__lte", models.F("beneficiaries_total")),
                            _connector="OR",
                        ),
                        name="care_model_report_condition_improved_within_reached",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreportgroup",
                    constraint=models.UniqueConstraint(
                        fields=("report", "group"), name="care_model_report_group_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="caremodelreportgroup",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("children__gte", 0)),
                        name="care_model_report_group_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partner",
                    constraint=models.UniqueConstraint(
                        fields=("name", "kind"), name="partner_unique_name_kind"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contribution",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("care_model__isnull", False), ("programme__isnull", True)),
                            models.Q(("care_model__isnull", True), ("programme__isnull", False)),
                            _connector="OR",
                        ),
                        name="contribution_to_care_model_or_programme",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contribution",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("cash_vnd__gte", 0)),
                        name="contribution_cash_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contribution",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("cash_vnd__gt", 0),
                            models.Q(("in_kind_description", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="contribution_cash_or_in_kind",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
