"""Reads from a real streaming replica, writes and a writer's next reads from the primary.

The PostgreSQL tests take a base backup of the cluster the tests run on (after the test
database exists, so the replica has it too), start it as a hot standby on a free port,
register it as the alias `replica` for the test, and stop and delete it afterwards,
whatever happens. They need `pg_basebackup` and `pg_ctl` of the server's version, and a
`replication` entry in pg_hba.conf for 127.0.0.1 (`.ci/run` adds one); as root they run
both as the `postgres` user. Missing any of these, they are skipped, except under CI,
where they fail. See docs/performance.md, "Read replicas".
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import db_router
from programmes.models import Area
from tests.factories import AreaFactory

REPLICA = "replica"
COOKIE = "tracker_wrote_at"
SLOT_PREFIX = "tracker_test_replica_"


# --- The decisions, without a replica (SQLite and PostgreSQL) ------------------------------


def _ok(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("method", "path", "cookie", "expected"),
    [
        ("get", "/api/v1/areas/", None, True),
        ("head", "/", None, True),
        ("post", "/api/v1/areas/", None, False),
        ("get", "/admin/programmes/area/", None, False),
        ("get", "/api/v1/areas/", "recent", False),
        ("get", "/api/v1/areas/", "old", True),
        ("get", "/api/v1/areas/", "not-a-time", True),
    ],
)
def test_which_requests_may_read_from_a_replica(settings, method, path, cookie, expected):
    settings.DATABASE_REPLICAS = [REPLICA]
    request = getattr(RequestFactory(), method)(path)
    if cookie:
        request.COOKIES[COOKIE] = {
            "recent": str(time.time() - 1),
            "old": str(time.time() - settings.REPLICA_READ_YOUR_WRITES_SECONDS - 1),
        }.get(cookie, cookie)
    assert db_router._may_use_replica(request) is expected


def test_no_replica_configured_reads_the_primary_and_sets_no_cookie(settings):
    settings.DATABASE_REPLICAS = []
    seen = []

    def view(request):
        seen.append(db_router.ReplicaRouter().db_for_read(Area))
        return _ok(request)

    response = db_router.ReplicaMiddleware(view)(RequestFactory().post("/api/v1/areas/"))
    assert seen == [DEFAULT_DB_ALIAS]
    assert COOKIE not in response.cookies


def test_a_write_request_gets_the_cookie_for_the_window(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    response = db_router.ReplicaMiddleware(_ok)(RequestFactory().post("/api/v1/areas/"))
    cookie = response.cookies[COOKIE]
    assert cookie["max-age"] == settings.REPLICA_READ_YOUR_WRITES_SECONDS
    assert cookie["httponly"] is True
    assert abs(float(cookie.value) - time.time()) < 60


def test_a_safe_request_that_writes_reads_the_primary_after_it(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    router = db_router.ReplicaRouter()
    seen = []

    def view(request):
        # As if the replica had been chosen already; the write must end its use.
        db_router._request.get().replica = REPLICA
        db_router._request.get().chosen = True
        seen.append(router.db_for_read(Area))
        seen.append(router.db_for_write(Area))
        seen.append(router.db_for_read(Area))
        return _ok(request)

    response = db_router.ReplicaMiddleware(view)(RequestFactory().get("/api/v1/areas/"))
    assert seen == [REPLICA, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    assert COOKIE in response.cookies
    # Outside a request (commands, jobs): the primary.
    assert router.db_for_read(Area) == DEFAULT_DB_ALIAS


def test_replicas_are_never_migrated(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    router = db_router.ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "programmes") is True
    assert router.allow_migrate(REPLICA, "programmes") is False


# --- A real streaming replica (PostgreSQL) --------------------------------------------------


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the replica test: {reason}")
    pytest.skip(reason)


def _scalar(cursor_owner, sql: str, params=()):
    with cursor_owner.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Replica:
    """A hot standby of the test cluster in a temporary directory."""

    def __init__(self, bin_dir: Path, workdir: Path, as_postgres: list[str]):
        self.bin_dir, self.workdir, self.as_postgres = bin_dir, workdir, as_postgres
        self.data = workdir / "data"
        self.port = _free_port()
        self.slot = f"{SLOT_PREFIX}{os.getpid()}"

    def run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin_dir / program), *args],
            check=True,
            capture_output=True,
            timeout=180,
        )

    def create(self, primary: dict) -> None:
        host, port = primary["HOST"] or "127.0.0.1", str(primary["PORT"] or 5432)
        user = primary["USER"] or "postgres"
        self.run(
            "pg_basebackup",
            *("-D", str(self.data), "-h", host, "-p", port, "-U", user),
            *("--write-recovery-conf", "--checkpoint=fast", "--wal-method=stream"),
            # A slot keeps the primary's WAL until the replica has it (other databases of
            # the cluster may write fast enough to recycle it before the replica starts).
            *("--create-slot", f"--slot={self.slot}", "--no-sync"),
        )
        # `-R` wrote standby.signal and primary_conninfo; Debian keeps the primary's
        # configuration outside its data directory, so the standby gets a small one. The
        # settings a hot standby needs at least as high as the primary's are copied.
        copied = (
            "max_connections",
            "max_worker_processes",
            "max_wal_senders",
            "max_prepared_transactions",
            "max_locks_per_transaction",
        )
        lines = [f"{name} = {_scalar(connection, f'SHOW {name}')}" for name in copied]
        lines += [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.workdir}'",
            "hot_standby = on",
            "shared_buffers = 32MB",
            # A throwaway copy: no syncing the data directory at start, nor every commit.
            "fsync = off",
        ]
        (self.data / "postgresql.conf").write_text("\n".join(lines) + "\n")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.workdir / "log"), "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def drop_idle_slots() -> None:
    """Drop this test's replication slots that no replica uses (a slot keeps WAL forever)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
            "WHERE slot_name LIKE %s AND NOT active",
            [SLOT_PREFIX + "%"],
        )


def wait_until_caught_up(replica_alias: str = REPLICA) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    target = _scalar(connection, "SELECT pg_current_wal_lsn()::text")
    for _ in range(600):
        if _scalar(
            connections[replica_alias],
            "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)",
            [target],
        ):
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up within 30 s")


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    """A streaming replica of the test database, registered as the alias `replica`.

    Module-wide (one base backup for the tests below), and set up before each test's
    database fixture, which must find the alias to let the test use it.
    """
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("streaming replication is PostgreSQL's")
        major = int(_scalar(connection, "SHOW server_version_num")) // 10000
        bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
        if not (bin_dir / "pg_basebackup").exists():
            found = shutil.which("pg_basebackup")
            bin_dir = Path(found).parent if found else bin_dir
        if not (bin_dir / "pg_basebackup").exists() or not (bin_dir / "pg_ctl").exists():
            _unavailable(f"pg_basebackup and pg_ctl of PostgreSQL {major} not found")
        allowed = _scalar(
            connection,
            "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) "
            "AND auth_method = 'trust' AND error IS NULL",
        )
        if not allowed:
            _unavailable("pg_hba.conf allows no replication connection with trust")
        as_postgres = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                _unavailable("running as root without runuser (pg_ctl refuses root)")
            as_postgres = ["runuser", "-u", "postgres", "--"]
        workdir = Path(tempfile.mkdtemp(prefix="tracker-replica-"))
        if as_postgres:
            shutil.chown(workdir, "postgres", "postgres")
        replica = Replica(bin_dir, workdir, as_postgres)
        primary = connection.settings_dict
        drop_idle_slots()
        try:
            replica.create(primary)
            raw = {
                **{key: primary[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD")},
                "HOST": "127.0.0.1",
                "PORT": str(replica.port),
                "CONN_MAX_AGE": 0,
                "OPTIONS": {"connect_timeout": 2},
                "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
            }
            connections.settings[REPLICA] = connections.configure_settings(
                {DEFAULT_DB_ALIAS: dict(primary), REPLICA: raw}
            )[REPLICA]
            wait_until_caught_up()
            yield replica
        finally:
            if REPLICA in connections.settings:
                connections[REPLICA].close()
                del connections[REPLICA]
                del connections.settings[REPLICA]
            replica.stop()
            drop_idle_slots()
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def replica(standby, settings):
    """The replica, used by the router for this test and checked before every request."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.REPLICA_CHECK_SECONDS = 0
    # Other databases of the cluster may be writing: some lag is normal here.
    settings.REPLICA_MAX_LAG_SECONDS = 60
    db_router.health.forget()
    yield standby
    db_router.health.forget()


def _tables_read(queries: list[dict]) -> set[str]:
    return {
        table
        for query in queries
        for table in ("programmes_area", "django_session", "auth_user")
        if f'FROM "{table}"' in query["sql"]
    }


def get_area(client, area: Area, *, cookie: str | None = None):
    """GET the area through the API; its name and the tables each database was asked."""
    if cookie is None:
        client.cookies.pop(COOKIE, None)
    else:
        client.cookies[COOKIE] = cookie
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client.get(reverse("api:area-detail", args=[area.pk]))
    assert response.status_code == 200, response.content
    return (
        response.json()["name"],
        _tables_read(on_primary.captured_queries),
        _tables_read(on_replica.captured_queries),
    )


def _replay(paused: bool) -> None:
    function = "pg_wal_replay_pause" if paused else "pg_wal_replay_resume"
    _scalar(connections[REPLICA], f"SELECT {function}()::text")


def _wait_until_received_not_replayed() -> None:
    target = _scalar(connection, "SELECT pg_current_wal_lsn()::text")
    for _ in range(600):
        if _scalar(
            connections[REPLICA],
            "SELECT coalesce(pg_last_wal_receive_lsn() >= %s::pg_lsn, false)",
            [target],
        ):
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not receive the write within 30 s")


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)
def test_reads_go_to_the_replica_writes_and_the_writers_reads_to_the_primary(
    replica, client, superuser, settings
):
    area = AreaFactory(code="RR01", name="Tỉnh cũ")
    client.force_login(superuser)
    wait_until_caught_up()

    # A safe request reads everything (session, user, area) from the replica.
    name, on_primary, on_replica = get_area(client, area)
    assert (name, on_primary, on_replica) == (
        "Tỉnh cũ",
        set(),
        {"programmes_area", "django_session", "auth_user"},
    )

    # The replica stops replaying: what the primary writes now, it does not show.
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    _replay(paused=True)
    response = client.patch(
        reverse("api:area-detail", args=[area.pk]),
        {"name": "Tỉnh mới"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    written_at = response.cookies[COOKIE].value
    _wait_until_received_not_replayed()

    # The writer, with its cookie, reads its own write from the primary...
    name, on_primary, on_replica = get_area(client, area, cookie=written_at)
    assert (name, on_replica) == ("Tỉnh mới", set())
    assert "programmes_area" in on_primary
    # ...another client reads the replica (behind, but within the lag allowed here)...
    name, on_primary, on_replica = get_area(client, area)
    assert (name, on_primary) == ("Tỉnh cũ", set())
    assert "programmes_area" in on_replica
    # ...and the same writer too once its window has passed.
    expired = str(float(written_at) - settings.REPLICA_READ_YOUR_WRITES_SECONDS - 1)
    assert get_area(client, area, cookie=expired)[0] == "Tỉnh cũ"

    # A replica that lags more than allowed is left out.
    settings.REPLICA_MAX_LAG_SECONDS = 0
    name, on_primary, on_replica = get_area(client, area)
    assert (name, on_replica) == ("Tỉnh mới", set())
    assert "programmes_area" in on_primary

    # Caught up again, it serves again.
    settings.REPLICA_MAX_LAG_SECONDS = 60
    _replay(paused=False)
    wait_until_caught_up()
    name, on_primary, on_replica = get_area(client, area)
    assert (name, on_primary) == ("Tỉnh mới", set())
    assert "programmes_area" in on_replica


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)
def test_a_stopped_replica_falls_back_to_the_primary(replica, client, superuser):
    area = AreaFactory(code="RR02", name="Tỉnh")
    client.force_login(superuser)
    wait_until_caught_up()
    assert "programmes_area" in get_area(client, area)[2]

    replica.stop()
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary:
        response = client.get(reverse("api:area-detail", args=[area.pk]))
    assert response.status_code == 200
    assert response.json()["name"] == "Tỉnh"
    assert _tables_read(on_primary.captured_queries) == {
        "programmes_area",
        "django_session",
        "auth_user",
    }
