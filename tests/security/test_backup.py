"""Backups round-trip: every row of every model comes back, with its exact values.

Two routes, as docs/backup.md describes them:
- dumpdata / loaddata (the SQLite route, portable to PostgreSQL) as XML, inside the test
  database; the JSON serialiser would cut timestamps to the millisecond;
- pg_dump / pg_restore through scripts/backup.sh and scripts/restore.sh, between two
  databases of their own (PostgreSQL only).

Counts cover every model Django knows, so the audit-history and care-model tables other
apps add are checked without changing this file.
"""

import datetime
import os
import shutil
import subprocess
import sys
from contextlib import closing

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from awards.models import AwardDecision, Commendation
from demo.services import load_demo
from indicators.models import Measurement, MeasurementStatus, Target
from tests.factories import AwardDecisionFactory, CommendationFactory, UserFactory
from tests.indicators.summaries import assert_summaries_match

# Not in a dumpdata backup: rebuilt by migrate (content types, permissions), worthless
# after a restore (sessions), or rebuilt by the database's triggers as the figures load
# (the summaries). Kept in step with scripts/backup.sh.
SUMMARIES = {"indicators.childsums", "indicators.measurementcount", "indicators.indicatorcount"}
NOT_DUMPED = {"contenttypes", "auth.permission", "sessions", *SUMMARIES}
PROJECT_APPS = ("programmes", "care", "indicators", "awards")


def dumped_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_DUMPED and model._meta.label_lower not in NOT_DUMPED
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in dumped_models()}


def figures() -> set[tuple]:
    """Every figure by its natural key, with every value an officer typed or the app kept."""
    return set(
        Measurement.objects.values_list(
            "indicator__phase__programme__code",
            "indicator__phase__start_year",
            "indicator__code",
            "area__code",
            "period",
            "sex",
            "value",
            "numerator",
            "denominator",
            "status",
            "note",
            "created_by__username",
            "created_at",
            "updated_at",
        )
    )


def targets() -> set[tuple]:
    return set(
        Target.objects.values_list(
            "indicator__code", "area__code", "year", "comparator", "value", "baseline_value"
        )
    )


def decisions() -> set[tuple]:
    return set(
        AwardDecision.objects.values_list(
            "number", "signed_on", "issuer_level", "form__code", "reason", "base_salary"
        )
    )


@pytest.mark.django_db
def test_dumpdata_and_loaddata_bring_back_every_row(tmp_path):
    """What scripts/backup.sh and scripts/restore.sh do on SQLite, in the test database."""
    load_demo()
    clerk = UserFactory(username="clerk")
    token = Token.objects.create(user=clerk)
    figure = Measurement.objects.order_by("pk").first()
    figure.status = MeasurementStatus.SUBMITTED
    figure.note = "Số liệu sơ bộ, chờ Cục Thống kê xác nhận"
    figure.created_by = clerk
    figure.save()
    decision = AwardDecisionFactory(number="171/QĐ-UBND", signed_on=datetime.date(2021, 3, 2))
    CommendationFactory.create_batch(2, decision=decision)
    counts, before = row_counts(), (figures(), targets(), decisions())
    backup = tmp_path / "tracker.xml"

    call_command(
        "dumpdata",
        "--format=xml",
        "--natural-foreign",
        "--natural-primary",
        *(f"--exclude={label}" for label in sorted(NOT_DUMPED)),
        output=str(backup),
        verbosity=0,
    )
    # Fire the foreign-key checks PostgreSQL defers to commit: TRUNCATE refuses to run
    # with checks pending, and a real flush runs after the rows were committed anyway.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    emptied = row_counts()
    call_command("loaddata", str(backup), verbosity=0)

    # The flush really emptied the project's tables, so what follows comes from the file.
    assert {label: n for label, n in emptied.items() if label.split(".")[0] in PROJECT_APPS} == {
        label: 0 for label in counts if label.split(".")[0] in PROJECT_APPS
    }
    assert row_counts() == counts
    assert (figures(), targets(), decisions()) == before
    assert_summaries_match()  # rebuilt from the figures as they loaded, not from the file
    # The demo's size, so that the comparison above is not between two empty databases.
    assert counts["indicators.Measurement"] == len(before[0]) > 100
    assert counts["awards.Commendation"] == Commendation.objects.count() > 2
    restored = Measurement.objects.get(pk=figure.pk)
    assert (restored.value, restored.status, restored.note, restored.created_by.username) == (
        figure.value,
        "submitted",
        "Số liệu sơ bộ, chờ Cục Thống kê xác nhận",
        "clerk",
    )
    assert AwardDecision.objects.get(number="171/QĐ-UBND").commendations.count() == 2
    assert Token.objects.get(user__username="clerk").key == token.key


# --- PostgreSQL: pg_dump and pg_restore through the scripts -------------------------------


def database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def server(dbname: str = "postgres"):
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    conn.autocommit = True
    return conn


def table_fingerprints(dbname: str) -> dict[str, tuple[int, str]]:
    """Each model table's row count and a digest of all its rows, read straight from SQL."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        | {"django_migrations"}
    )
    with closing(server(dbname)) as conn, conn.cursor() as cursor:
        result = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            result[table] = cursor.fetchone()
    return result


def run(args: list[str], url: str, **environment: str) -> str:
    result = subprocess.run(
        args,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "PYTHON": sys.executable, **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_pg_dump_and_pg_restore_bring_back_every_row(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: the dumpdata round trip above is its backup route")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    base = connection.settings_dict["NAME"]
    source, target = f"{base}_backup_source", f"{base}_backup_target"
    with closing(server()) as conn, conn.cursor() as cursor:
        for name in (source, target):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        python = [sys.executable, "manage.py"]
        run([*python, "migrate", "--noinput"], database_url(source))
        run([*python, "load_demo"], database_url(source))
        backup = run(["scripts/backup.sh"], database_url(source), BACKUP_DIR=str(tmp_path))
        backup_file = backup.strip().splitlines()[-1]
        assert backup_file.endswith(".dump")
        assert oct(os.stat(backup_file).st_mode & 0o777) == "0o600"

        run(["scripts/restore.sh", backup_file], database_url(target), YES="1")

        before, after = table_fingerprints(source), table_fingerprints(target)
        assert after == before
        assert before["indicators_measurement"][0] > 100
        assert before["awards_awardform"][0] > 0
    finally:
        with closing(server()) as conn, conn.cursor() as cursor:
            for name in (source, target):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_refuses_without_confirmation(tmp_path):
    backup = tmp_path / "tracker.json"
    backup.write_text("[]")

    result = subprocess.run(
        ["scripts/restore.sh", str(backup)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHON": sys.executable, "YES": "0"},
        input="no\n",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Nothing restored." in result.stderr


def test_the_backup_script_refuses_an_unknown_database(tmp_path):
    result = subprocess.run(
        ["scripts/backup.sh"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": "mysql://x@y/z", "BACKUP_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "unsupported DATABASE_URL scheme: mysql" in result.stderr


def sqlite_fingerprints(path) -> dict[str, tuple[int, int]]:
    """Each model table's row count and a hash of its sorted rows, read straight from SQL."""
    import sqlite3

    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        - {"django_content_type", "auth_permission", "django_session"}
    )
    # A role's permissions are set again by the post-migrate sync before loaddata runs, so
    # their link rows get new ids: compare them by what they link, not by row id.
    queries = {table: f'SELECT * FROM "{table}"' for table in tables}
    queries["auth_group_permissions"] = (
        "SELECT g.name, ct.app_label, p.codename FROM auth_group_permissions gp"
        " JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id ="
        " gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    with closing(sqlite3.connect(path)) as conn:
        return {
            table: (
                len(rows := sorted(map(repr, conn.execute(query)))),
                hash(tuple(rows)),
            )
            for table, query in queries.items()
        }


def test_the_scripts_round_trip_a_sqlite_database(tmp_path):
    """`make backup` and `make restore` on the SQLite file `make run` uses."""
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    python = [sys.executable, "manage.py"]
    run([*python, "migrate", "--noinput"], f"sqlite:///{source}")
    run([*python, "load_demo"], f"sqlite:///{source}")

    backup = run(["scripts/backup.sh"], f"sqlite:///{source}", BACKUP_DIR=str(tmp_path))
    backup_file = backup.strip().splitlines()[-1]
    run(["scripts/restore.sh", backup_file], f"sqlite:///{target}", YES="1")

    before, after = sqlite_fingerprints(source), sqlite_fingerprints(target)
    assert after == before
    assert backup_file.endswith(".xml")
    assert before["indicators_measurement"][0] > 100
