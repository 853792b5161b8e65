"""Areas get their official code and kind; successions link units across reorganisations.

On SQLite, adding a NOT NULL column or a CHECK constraint the Django way rebuilds the
table (create a copy, drop the original, rename). programmes_area carries the trigger that
moves an area's summaries (indicators 0007) and measurement triggers name it, so the
rebuild would fail on the rename and would drop that trigger. There the columns are added
with ALTER TABLE ADD COLUMN (an empty-string default, which Django never relies on), and
the kind-fits-level check lives in the model only (full_clean); PostgreSQL gets it all.
`Area.successors` is a relation through AreaSuccession and has no column: on SQLite an
AddField of it would rebuild the table too, so it is added to the state only.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

AREA_COLUMNS = ["official_code", "kind"]
KIND_CHECK = "area_kind_fits_level"


def add_area_columns(apps, schema_editor) -> None:
    area = apps.get_model("programmes", "Area")
    fields = [area._meta.get_field(name) for name in AREA_COLUMNS]
    if schema_editor.connection.vendor != "sqlite":
        for field in fields:
            schema_editor.add_field(area, field)
        (check,) = [c for c in area._meta.constraints if c.name == KIND_CHECK]
        schema_editor.add_constraint(area, check)
        return
    table = schema_editor.quote_name(area._meta.db_table)
    for field in fields:
        definition, _params = schema_editor.column_sql(area, field)
        column = schema_editor.quote_name(field.column)
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition} DEFAULT ''")
        for statement in schema_editor._field_indexes_sql(area, field):
            schema_editor.execute(statement)


def drop_area_columns(apps, schema_editor) -> None:
    area = apps.get_model("programmes", "Area")
    fields = [area._meta.get_field(name) for name in AREA_COLUMNS]
    if schema_editor.connection.vendor != "sqlite":
        (check,) = [c for c in area._meta.constraints if c.name == KIND_CHECK]
        schema_editor.remove_constraint(area, check)
        for field in fields:
            schema_editor.remove_field(area, field)
        return
    table = area._meta.db_table
    for field in fields:
        if field.db_index:
            name = schema_editor._create_index_name(table, [field.column])
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
        column = schema_editor.quote_name(field.column)
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_care_models_audit_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The new columns of programmes_area are added by `add_area_columns` (see there).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="area",
                    name="kind",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("province", "Province"),
                            ("municipality", "Centrally-run city"),
                            ("urban_district", "Urban district"),
                            ("rural_district", "Rural district"),
                            ("district_town", "Town"),
                            ("provincial_city", "Provincial city"),
                            ("commune", "Commune"),
                            ("ward", "Ward"),
                            ("township", "Township"),
                            ("special_zone", "Special zone"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                migrations.AddField(
                    model_name="area",
                    name="official_code",
                    field=models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="The statistics office's code of the unit in its era; codes were reused.",
                        max_length=10,
                        verbose_name="official code",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="area",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("kind", ""),
                            models.Q(
                                ("kind__in", ["province", "municipality"]), ("level", "province")
                            ),
                            models.Q(
                                (
                                    "kind__in",
                                    [
                                        "urban_district",
                                        "rural_district",
                                        "district_town",
                                        "provincial_city",
                                    ],
                                ),
                                ("level", "district"),
                            ),
                            models.Q(
                                ("kind__in", ["commune", "ward", "township", "special_zone"]),
                                ("level", "commune"),
                            ),
                            _connector="OR",
                        ),
                        name="area_kind_fits_level",
                        violation_error_message="This kind of unit does not sit at this level.",
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_area_columns, drop_area_columns),
        migrations.CreateModel(
            name="AreaSuccession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        help_text="The first day the successor took over.", verbose_name="date"
                    ),
                ),
                (
                    "principal",
                    models.BooleanField(
                        default=True,
                        help_text="The successor a split unit's figures pass to.",
                        verbose_name="principal successor",
                    ),
                ),
            ],
            options={
                "verbose_name": "succession",
                "verbose_name_plural": "successions",
                "ordering": ["date", "predecessor_id", "successor_id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAreaSuccession",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        help_text="The first day the successor took over.", verbose_name="date"
                    ),
                ),
                (
                    "principal",
                    models.BooleanField(
                        default=True,
                        help_text="The successor a split unit's figures pass to.",
                        verbose_name="principal successor",
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
            ],
            options={
                "verbose_name": "historical succession",
                "verbose_name_plural": "historical successions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalarea",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("province", "Province"),
                    ("municipality", "Centrally-run city"),
                    ("urban_district", "Urban district"),
                    ("rural_district", "Rural district"),
                    ("district_town", "Town"),
                    ("provincial_city", "Provincial city"),
                    ("commune", "Commune"),
                    ("ward", "Ward"),
                    ("township", "Township"),
                    ("special_zone", "Special zone"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="historicalarea",
            name="official_code",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The statistics office's code of the unit in its era; codes were reused.",
                max_length=10,
                verbose_name="official code",
            ),
        ),
        migrations.AddField(
            model_name="areasuccession",
            name="predecessor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successions_out",
                to="programmes.area",
                verbose_name="predecessor",
            ),
        ),
        migrations.AddField(
            model_name="areasuccession",
            name="successor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successions_in",
                to="programmes.area",
                verbose_name="successor",
            ),
        ),
        migrations.AddField(
            model_name="historicalareasuccession",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalareasuccession",
            name="predecessor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programmes.area",
                verbose_name="predecessor",
            ),
        ),
        migrations.AddField(
            model_name="historicalareasuccession",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programmes.area",
                verbose_name="successor",
            ),
        ),
        migrations.AddConstraint(
            model_name="areasuccession",
            constraint=models.CheckConstraint(
                condition=models.Q(("predecessor", models.F("successor")), _negated=True),
                name="area_succession_not_self",
                violation_error_message="A unit cannot succeed itself.",
            ),
        ),
        migrations.AddConstraint(
            model_name="areasuccession",
            constraint=models.UniqueConstraint(
                fields=("predecessor", "successor"),
                name="area_succession_unique_pair",
                violation_error_message="This succession is already recorded.",
            ),
        ),
        migrations.AddConstraint(
            model_name="areasuccession",
            constraint=models.UniqueConstraint(
                condition=models.Q(("principal", True)),
                fields=("predecessor", "date"),
                name="area_succession_one_principal",
                violation_error_message="A unit has one principal successor on a date; this one has another.",
            ),
        ),
        # A relation through AreaSuccession: nothing in the database (see the docstring).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="area",
                    name="successors",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="predecessors",
                        through="programmes.AreaSuccession",
                        through_fields=("predecessor", "successor"),
                        to="programmes.area",
                        verbose_name="successors",
                    ),
                ),
            ],
        ),
    ]
