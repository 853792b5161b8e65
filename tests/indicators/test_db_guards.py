"""What the database guarantees about figures whatever writes to them (indicators.db_guards):
an approved figure leaves `approved` only through the reopen path, and (PostgreSQL) a
change made outside the app still gets its history row."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from indicators import db_guards
from indicators.db_guards import allow_reopen, reopening_all
from indicators.models import Measurement, MeasurementStatus
from indicators.services import REOPEN, measurement_transition
from programmes.roles import PROVINCIAL_OFFICER
from tests.factories import MeasurementFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

APPROVED, DRAFT = MeasurementStatus.APPROVED, MeasurementStatus.DRAFT
TABLE = Measurement._meta.db_table
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps no per-session state for it"
)


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_guards_are_installed_as_this_code_builds_them_after_migrate():
    assert db_guards.problems(connection) == []


def test_a_raw_sql_flip_out_of_approved_is_refused_and_nothing_changes():
    figure = MeasurementFactory(status=APPROVED, value=Decimal("10"))

    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET status = 'draft' WHERE id = %s", [figure.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        # The flip that would let a second statement change the value unseen.
        raw(f"UPDATE {TABLE} SET status = 'submitted', version = 9 WHERE id = %s", [figure.pk])

    figure.refresh_from_db()
    assert (figure.status, figure.version, figure.value) == (APPROVED, 1, Decimal("10"))


def test_reopening_through_the_service_works_and_is_recorded():
    figure = MeasurementFactory(status=APPROVED)
    officer = user_in_role("officer", PROVINCIAL_OFFICER)

    reopened = measurement_transition(
        measurement=figure, user=officer, transition=REOPEN, reason="Đính chính số liệu"
    )

    figure.refresh_from_db()
    assert (reopened.status, figure.status) == (DRAFT, DRAFT)
    latest = figure.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        DRAFT,
        officer,
        "Đính chính số liệu",
    )


def test_the_permission_to_reopen_is_for_that_figure_and_that_block_only():
    figure = MeasurementFactory(status=APPROVED, period="2019")
    other = MeasurementFactory(status=APPROVED, period="2020", indicator=figure.indicator)

    with allow_reopen(figure):
        with pytest.raises(IntegrityError), transaction.atomic():
            Measurement.objects.filter(pk=other.pk).update(status=DRAFT)
        Measurement.objects.filter(pk=figure.pk).update(status=DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=other.pk).update(status=DRAFT)

    assert dict(Measurement.objects.values_list("period", "status")) == {
        "2019": DRAFT,
        "2020": APPROVED,
    }


def test_a_bulk_tool_reopens_every_figure_only_inside_reopening_all():
    figures = [MeasurementFactory(status=APPROVED, period=str(year)) for year in (2018, 2019)]

    with reopening_all(Measurement):
        assert Measurement.objects.filter(status=APPROVED).update(status=DRAFT) == 2
    Measurement.objects.filter(pk=figures[0].pk).update(status=APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=figures[0].pk).update(status=DRAFT)

    assert Measurement.objects.filter(status=APPROVED).count() == 1


@on_postgresql
def test_the_apps_sessions_say_they_are_the_app():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [db_guards.APP_SETTING])
        assert cursor.fetchone() == ("on",)


@on_postgresql
def test_a_raw_update_made_outside_the_app_writes_a_history_row():
    figure = MeasurementFactory(status=DRAFT, value=Decimal("10"))
    rows_before = figure.history.count()

    with transaction.atomic():
        # Another session (psql, a script) is not the app: only this transaction says so.
        raw("SELECT set_config(%s, '', true)", [db_guards.APP_SETTING])
        raw(f"UPDATE {TABLE} SET value = 55 WHERE id = %s", [figure.pk])

    latest = figure.history.latest()
    assert figure.history.count() == rows_before + 1
    assert (latest.value, latest.history_type, latest.history_user) == (Decimal("55"), "~", None)
    assert latest.history_change_reason == db_guards.OUTSIDE_REASON


@on_postgresql
def test_a_change_made_by_the_app_is_recorded_once():
    figure = MeasurementFactory(status=DRAFT, value=Decimal("10"))
    rows_before = figure.history.count()

    figure.value = Decimal("12")
    figure.save()
    Measurement.objects.filter(pk=figure.pk).update(note="ghi chú")

    assert figure.history.count() == rows_before + 1  # simple-history's, none from the database
