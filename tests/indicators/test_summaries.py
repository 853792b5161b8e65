"""indicators.summaries: install, uninstall and rebuild, the system checks, the command."""

import dataclasses
import re
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from indicators import checks, summaries, summaries_sql
from indicators.models import ChildSums, IndicatorCount, Measurement, MeasurementCount
from tests.factories import AreaFactory, IndicatorFactory
from tests.indicators.summaries import assert_summaries_match

pytestmark = pytest.mark.django_db

TRIGGERS = [
    "measurement_summaries_insert",
    "measurement_summaries_update",
    "measurement_summaries_delete",
    "area_moved_summaries",
    "area_counted_summaries",
    "succession_counted_summaries_insert",
    "succession_counted_summaries_update",
    "succession_counted_summaries_delete",
]


@pytest.fixture
def figures():
    """Two communes of one district with a yearly and a half-year figure each."""
    indicator = IndicatorFactory(unit="count")
    district = AreaFactory(code="SM-D", parent=indicator.phase.programme.area, level="district")
    for n in (1, 2):
        commune = AreaFactory(code=f"SM-C{n}", parent=district, level="commune")
        for period, value in (("2020", 10 * n), ("2020S1", n)):
            Measurement.objects.create(
                indicator=indicator, area=commune, period=period, value=value
            )
    return indicator, district


def installed_triggers() -> list[str]:
    names = set(TRIGGERS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return sorted(name for (name,) in cursor if name in names)


def database_errors() -> list[str]:
    return [e.id for e in checks.summaries_triggers_installed(databases=["default"])]


def test_the_migrated_database_has_the_triggers_this_code_builds():
    assert installed_triggers() == sorted(TRIGGERS)
    assert summaries.problems(connection) == []
    assert database_errors() == []
    assert checks.summaries_cover_their_models() == []


def test_without_the_triggers_the_check_fails_and_figures_are_not_summed(figures):
    indicator, district = figures
    summaries.uninstall(connection)
    assert installed_triggers() == []
    assert [p.split(" on ")[0] for p in summaries.problems(connection)] == [
        f"The trigger {name}" for name in TRIGGERS
    ]
    assert database_errors() == ["indicators.E011"] * len(TRIGGERS)
    Measurement.objects.create(indicator=indicator, area=district, period="2021", value=1)
    assert not IndicatorCount.objects.filter(parent_key=district.parent_id).exists()
    summaries.install(connection)
    assert summaries.problems(connection) == []
    assert database_errors() == []
    summaries.rebuild(connection)
    assert_summaries_match()


def test_triggers_built_by_other_code_are_reported(monkeypatch):
    """Triggers installed by an older version of the SQL differ from this code's."""
    (*counts, sums) = summaries_sql.SUMMARIES
    older = dataclasses.replace(sums, only=sums.only.replace("c.parent IS NOT NULL", "TRUE"))
    monkeypatch.setattr(summaries_sql, "SUMMARIES", (*counts, older))
    summaries.install(connection)
    monkeypatch.undo()
    assert summaries.problems(connection) == [
        f"The trigger {name} on {table} differs from what this code builds."
        for name, table in [
            ("measurement_summaries_insert", "indicators_measurement"),
            ("measurement_summaries_update", "indicators_measurement"),
            ("measurement_summaries_delete", "indicators_measurement"),
            ("area_moved_summaries", "programmes_area"),
        ]
    ]


def test_rebuild_refills_the_summaries_in_a_few_statements(figures, django_assert_num_queries):
    indicator, district = figures
    ChildSums.objects.update(figures=99)
    MeasurementCount.objects.all().delete()
    # Whatever the number of figures: the emptying (PostgreSQL 5, SQLite 3), one INSERT per
    # summary, and the savepoint around them.
    with django_assert_num_queries(len(summaries.emptying(connection.vendor)) + 3 + 2):
        written = summaries.rebuild(connection)
    assert written == {"IndicatorCount": 1, "MeasurementCount": 2, "ChildSums": 1}
    sums = ChildSums.objects.get(indicator=indicator, parent=district, year=2020)
    assert (sums.figures, sums.value_sum, sums.approved_figures) == (2, 30, 0)
    assert_summaries_match()


def test_rebuild_summaries_installs_and_refills(figures):
    summaries.uninstall(connection)
    IndicatorCount.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert re.fullmatch(
        r"Triggers installed; summaries rebuilt in \d+\.\d\d s\. "
        r"Rows: IndicatorCount 1, MeasurementCount 2, ChildSums 1\.\n",
        out.getvalue(),
    )
    assert summaries.problems(connection) == []
    assert_summaries_match()


def test_rebuild_summaries_prints_the_sql_and_changes_nothing(figures):
    summaries.uninstall(connection)
    out = StringIO()
    call_command("rebuild_summaries", "--sql", stdout=out)
    sql = out.getvalue()
    assert sql.count("CREATE TRIGGER") == len(TRIGGERS)
    # The three figure triggers, the rebuild, and the recounts: on PostgreSQL one per
    # trigger on the areas and the successions (they loop over the parents), on SQLite
    # one per parent a row names (old, new and itself for an area; the predecessor's
    # parent, twice for an update, for a succession).
    recounts = {"postgresql": 4, "sqlite": 3 + 1 + 2 + 1}[connection.vendor]
    assert sql.count("INSERT INTO indicators_childsums") == 3 + 1 + recounts
    assert installed_triggers() == []


def test_every_column_of_a_summary_is_grouped_or_summed(monkeypatch):
    (*counts, sums) = summaries_sql.SUMMARIES
    summed = {name: sql for name, sql in sums.summed.items() if name != "approved_ratios"}
    monkeypatch.setattr(
        summaries_sql, "SUMMARIES", (*counts, dataclasses.replace(sums, summed=summed))
    )
    monkeypatch.setattr(summaries, "SUMMARIES", summaries_sql.SUMMARIES)
    assert [e.msg for e in checks.summaries_cover_their_models()] == [
        "ChildSums.approved_ratios is neither grouped by nor summed by the summaries' triggers."
    ]


def test_the_sql_copies_no_choice_value_or_table_name():
    """Statuses, sexes and names come from the models (STYLE rule 19)."""
    source = Path(summaries_sql.__file__).read_text()
    for copied in ("'approved'", "'total'", "indicators_", "programmes_", "'%S%'"):
        assert copied not in source


@pytest.mark.parametrize("period, yearly", [("2020", 1), ("2020S1", None), ("2020S2", None)])
def test_the_sql_tells_a_yearly_period_from_a_half_year(period, yearly):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN %s LIKE {summaries_sql.YEARLY_PERIOD} THEN 1 END", [period]
        )
        assert cursor.fetchone() == (yearly,)


def test_the_last_migration_that_installs_the_summaries_installs_this_sql():
    """A change to the SQL ships with a migration that installs it (docs/summaries.md)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    recorded = [
        (name, module.SUMMARIES_FINGERPRINT)
        for app, name in sorted(loader.disk_migrations)
        if app == "indicators"
        and hasattr(
            module := sys.modules[loader.disk_migrations[app, name].__module__],
            "SUMMARIES_FINGERPRINT",
        )
    ]
    name, fingerprint = recorded[-1]
    assert fingerprint == summaries.fingerprint(), (
        f"The summaries' SQL changed since {name}: add a migration that runs "
        f"summaries.migration_install, with SUMMARIES_FINGERPRINT = {summaries.fingerprint()!r}."
    )
