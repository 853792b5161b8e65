"""A migration that rebuilds a table the summaries' triggers read leaves the summaries whole.

SQLite gives a table a NOT NULL column by building a new table and renaming it, which
failed while the triggers stood ("error in trigger area_moved_summaries: no such table:
main.indicators_measurement", issue 13). Each test copies an app's migrations into a
temporary package, adds one that gives `Measurement` or `Area` such a column and writes a
figure, and runs `migrate` forwards and back on the test database (SQLite or PostgreSQL,
as DATABASE_URL says). After each run the triggers are there as indicators/summaries_sql.py
builds them, and the summaries, after a figure written and a commune moved, equal the
plain computation.
"""

import shutil
import sys
import uuid
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from indicators import db_guards, summaries
from indicators.models import Measurement
from programmes.models import Area
from tests.factories import AreaFactory, IndicatorFactory
from tests.indicators.summaries import assert_summaries_match

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_COLUMN = '''
from django.db import migrations, models


def write_a_figure(apps, schema_editor):
    """A figure written by a migration: on SQLite while the triggers are off."""
    Measurement = apps.get_model("indicators", "Measurement")
    Measurement.objects.create(
        indicator_id={indicator}, area_id={area}, period="2021", year=2021, value=7
    )


class Migration(migrations.Migration):
    dependencies = {dependencies!r}
    operations = [
        migrations.AddField(
            {model!r}, "source_ref", models.CharField(max_length=20, blank=True, default="")
        ),
        migrations.RunPython(write_a_figure, migrations.RunPython.noop),
    ]
'''


def leaves() -> dict[str, str]:
    """app label -> its last migration, as the project's migrations stand."""
    return dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


@pytest.fixture
def tree():
    """A count indicator, a province, two districts, a commune in each, a figure each."""
    indicator = IndicatorFactory(unit="count")
    province = indicator.phase.programme.area
    districts = [AreaFactory(code=f"MG-D{n}", parent=province, level="district") for n in (1, 2)]
    communes = [
        AreaFactory(code=f"MG-C{n}", parent=district, level="commune")
        for n, district in enumerate(districts, start=1)
    ]
    for value, commune in enumerate(communes, start=3):
        Measurement.objects.create(indicator=indicator, area=commune, period="2020", value=value)
    return indicator, districts, communes


@pytest.fixture
def migrations_with_a_new_column(tmp_path, settings, tree):
    """Install, for `app`, its migrations plus one adding `source_ref` to `model`."""
    indicator, _districts, communes = tree
    added = []

    def install(app: str, model: str) -> tuple[str, str]:
        package = f"summary_test_migrations_{uuid.uuid4().hex}"
        source = Path(sys.modules[f"{app}.migrations"].__file__).parent
        shutil.copytree(source, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
        last = leaves()
        dependencies = [(app, last[app]), ("indicators", last["indicators"])]
        (tmp_path / package / "0999_source_ref.py").write_text(
            NEW_COLUMN.format(
                indicator=indicator.pk,
                area=communes[0].pk,
                dependencies=sorted(set(dependencies)),
                model=model,
            )
        )
        sys.path.insert(0, str(tmp_path))
        added.append(package)
        settings.MIGRATION_MODULES = {app: package}
        return last[app], "0999_source_ref"

    yield install
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if any(m.startswith(p) for p in added)]:
        del sys.modules[name]


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def write_and_move(apps, indicator, communes, year: int, to) -> None:
    """A figure written and a commune moved, through the models of the migrated state."""
    apps.get_model("indicators", "Measurement").objects.create(
        indicator_id=indicator.pk, area_id=communes[1].pk, period=str(year), year=year, value=9
    )
    apps.get_model("programmes", "Area").objects.filter(pk=communes[0].pk).update(parent_id=to.pk)


@pytest.mark.parametrize("app, model", [("indicators", "measurement"), ("programmes", "area")])
def test_a_not_null_column_added_and_removed_leaves_the_summaries_whole(
    app, model, tree, migrations_with_a_new_column
):
    indicator, districts, communes = tree
    before, added = migrations_with_a_new_column(app, model)
    table = f"{app}_{model}"

    call_command("migrate", app, added, verbosity=0)
    assert "source_ref" in columns(table)
    assert summaries.problems(connection) == []
    # SQLite dropped the figures' guards with the table it rebuilt; they are back too.
    assert db_guards.problems(connection) == []
    # The figure the migration wrote is summed, and the triggers keep summing.
    assert Measurement.objects.filter(period="2021").get().value == D(7)
    state = MigrationLoader(connection).project_state((app, added)).apps
    write_and_move(state, indicator, communes, 2022, to=districts[1])
    assert Area.objects.get(pk=communes[0].pk).parent_id == districts[1].pk
    assert_summaries_match()

    call_command("migrate", app, before, verbosity=0)
    assert "source_ref" not in columns(table)
    assert summaries.problems(connection) == []
    assert db_guards.problems(connection) == []
    state = MigrationLoader(connection).project_state((app, before)).apps
    write_and_move(state, indicator, communes, 2023, to=districts[0])
    assert Area.objects.get(pk=communes[0].pk).parent_id == districts[0].pk
    assert Measurement.objects.count() == 5
    assert_summaries_match()
