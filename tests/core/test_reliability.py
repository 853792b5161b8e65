"""Reads survive a dropped database connection (core.reliability); writes are not retried.

PostgreSQL only: the connection is really dropped, by `pg_terminate_backend` from
another connection, as a restart or an administrator would drop it. SQLite has no
server connection to lose.
"""

import json
import threading
import urllib.error
import urllib.request

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from programmes.roles import PROVINCIAL_OFFICER, VIEWER
from tests.factories import MeasurementFactory
from tests.users import user_in_role

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def killer():
    """A connection of its own to the test database, which terminates others'."""
    other = psycopg2.connect(**connection.get_connection_params())
    other.autocommit = True
    yield other
    other.close()
    connection.close()  # a test's connection left dropped must not reach the next test


def terminate(killer, pid: int) -> None:
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone


def dropping_the_first_figure_query(killer, killed: list):
    """An execute wrapper that has the server drop this connection under the first query
    that reads figures, once: the query then fails as in a restart."""

    def wrapper(execute, sql, params, many, context):
        if not killed and "indicators_measurement" in sql:
            pid = context["connection"].connection.info.backend_pid
            terminate(killer, pid)
            killed.append(pid)
        return execute(sql, params, many, context)

    return wrapper


def test_a_read_whose_connection_drops_mid_request_is_answered_by_one_retry(killer):
    MeasurementFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user_in_role("leader", VIEWER))
    killed: list[int] = []

    with connection.execute_wrapper(dropping_the_first_figure_query(killer, killed)):
        response = client.get("/api/v1/measurements/")

    assert len(killed) == 1
    assert (response.status_code, response.json()["count"]) == (200, 1)
    assert connection.connection.info.backend_pid != killed[0]


def test_a_write_whose_connection_drops_is_not_retried(killer):
    figure = MeasurementFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user_in_role("officer", PROVINCIAL_OFFICER))
    killed: list[int] = []

    with connection.execute_wrapper(dropping_the_first_figure_query(killer, killed)):
        response = client.patch(
            f"/api/v1/measurements/{figure.pk}/",
            {"value": "12", "version": figure.version},
            content_type="application/json",
        )

    assert (len(killed), response.status_code) == (1, 500)
    connection.close()  # as the end of a served request does (the test client does not)
    figure.refresh_from_db()
    assert figure.version == 1  # nothing written, and not tried twice


def test_no_read_fails_while_the_apps_connections_are_terminated(killer, live_server):
    """A bounded loop of reads against a served app; before each, a thread terminates
    every connection of the app after a short delay, so the kill lands before, during or
    after the request's queries."""
    MeasurementFactory()
    token = Token.objects.create(user=user_in_role("leader", VIEWER)).key
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = [cursor.fetchone()[0], connection.connection.info.backend_pid]

    def terminate_the_app(delay: float) -> None:
        threading.Event().wait(delay)
        with killer.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> ALL(%s)",
                [own],
            )

    failures = []
    for attempt in range(40):
        kill = threading.Thread(target=terminate_the_app, args=((attempt % 8) * 0.004,))
        kill.start()
        request = urllib.request.Request(
            f"{live_server.url}/api/v1/measurements/", headers={"Authorization": f"Token {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                if json.load(answer)["count"] != 1:
                    failures.append((attempt, "wrong count"))
        except urllib.error.HTTPError as error:
            failures.append((attempt, error.code))
        kill.join()

    assert failures == []
