"""Two connections writing at once keep the summaries right, and need not wait on each other.

PostgreSQL only: SQLite lets one writer in at a time. Each test runs two threads, each
with its own connection and transaction, ordered with events; `lock_timeout` turns a
wait that should not happen into an error instead of a hang.
"""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection, connections, transaction

from indicators.models import Measurement, Unit
from programmes.models import Area
from tests.factories import AreaFactory, IndicatorFactory
from tests.indicators.summaries import assert_summaries_match

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer"),
]


@pytest.fixture
def tree():
    """A count indicator of a province with two districts, a commune in each."""
    indicator = IndicatorFactory(unit=Unit.COUNT)
    province = indicator.phase.programme.area
    first = AreaFactory(code="CC-D1", parent=province, level="district")
    second = AreaFactory(code="CC-D2", parent=province, level="district")
    communes = [
        AreaFactory(code=f"CC-C{n}", parent=district, level="commune")
        for n, district in enumerate((first, second), start=1)
    ]
    return indicator, first, second, communes


def in_threads(*steps) -> list:
    """Run each step in its own thread and connection; the errors they raised."""
    errors = []

    def run(step):
        try:
            step()
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def write_figure(indicator, area, value=5):
    Measurement.objects.create(indicator=indicator, area=area, period="2020", value=D(value))


def move(area, parent):
    area = Area.objects.get(pk=area.pk)
    area.parent = parent
    area.save()


def lock_timeout(milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = {milliseconds}")


@pytest.mark.parametrize("first", ["figure", "move"])
def test_a_figure_written_while_its_commune_moves_is_summed_where_the_commune_ends(tree, first):
    indicator, _first, second, communes = tree
    started, done = threading.Event(), threading.Event()

    def figure():
        with transaction.atomic():
            if first == "move":
                started.wait(5)
            write_figure(indicator, communes[0])
            if first == "figure":
                started.set()
                done.wait(0.5)  # the move waits for this commit

    def mover():
        with transaction.atomic():
            if first == "figure":
                started.wait(5)
            move(communes[0], second)
            if first == "move":
                started.set()
                done.wait(0.5)  # the figure waits for this commit

    assert in_threads(figure, mover) == []
    assert Area.objects.get(pk=communes[0].pk).parent == second
    assert_summaries_match()


def test_writers_in_different_districts_do_not_wait_for_each_other(tree):
    indicator, _first, _second, communes = tree
    written, finish = threading.Event(), threading.Event()

    def one():
        with transaction.atomic():
            write_figure(indicator, communes[0])
            written.set()
            finish.wait(5)  # holds its transaction open until the other has written

    def other():
        written.wait(5)
        try:
            with transaction.atomic():
                lock_timeout(1000)
                write_figure(indicator, communes[1], value=7)
        finally:
            finish.set()

    assert in_threads(one, other) == []
    assert Measurement.objects.count() == 2
    assert_summaries_match()
