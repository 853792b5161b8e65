"""A job survives its worker: killed mid-run, it is retried once by another worker.

Real processes: `manage.py jobs_worker` on a queue of its own in the Redis server at
JOBS_REDIS_URL, against the test database (PostgreSQL: a worker in another process
must see the test's committed rows). The import is made to stop half-way through its
all-or-nothing write, deterministically: the test holds a lock on a figure the import
updates, and waits until the worker's statement waits on it. Then the worker and the
process it forked for the job are killed with SIGKILL, as a crash or the kernel's
out-of-memory killer would; the lock is let go; a second worker starts, finds the job
abandoned (its lease not renewed) and runs it again.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection
from redis import Redis
from redis.exceptions import RedisError

from indicators.models import Measurement, Unit
from jobs import services
from jobs.models import Job, JobStatus
from programmes.models import AreaLevel
from tests.factories import AreaFactory, IndicatorFactory, MeasurementFactory, PhaseFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs a database it shares with the test: PostgreSQL",
    ),
]


def _redis_or_skip() -> Redis:
    client = Redis.from_url(django_settings.JOBS_REDIS_URL)
    try:
        client.ping()
    except RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the worker test; Redis: {error}")
        pytest.skip(f"no Redis at {django_settings.JOBS_REDIS_URL}: {error}")
    return client


def wait_for(condition, what: str, seconds: float = 90) -> None:
    """Poll `condition` until it holds; fail after `seconds` (a bound, not a measurement)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds} s")


def _children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except FileNotFoundError:
        return []


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _job(job_id: int) -> Job:
    return Job.objects.defer("payload", "result").get(pk=job_id)


@pytest.fixture
def queue_name(settings):
    redis = _redis_or_skip()
    name = f"test-{uuid.uuid4().hex[:12]}"
    settings.JOBS_QUEUE = name
    settings.JOBS_EAGER = False
    yield name
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


@pytest.fixture
def workers(queue_name):
    """Start `manage.py jobs_worker` processes on the test's queue and database; all are
    stopped at the end."""
    started: list[subprocess.Popen] = []
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "JOBS_REDIS_URL": django_settings.JOBS_REDIS_URL,
        "JOBS_QUEUE": queue_name,
        "JOBS_EAGER": "0",
        # A lease renewed every second, abandoned 2 s after that, looked for every second.
        "JOBS_MONITOR_SECONDS": "1",
        "JOBS_LEASE_GRACE_SECONDS": "2",
        "JOBS_MAINTENANCE_SECONDS": "1",
    }

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "jobs_worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture
def import_payload(superuser):
    province = AreaFactory(code="35", level=AreaLevel.PROVINCE)
    indicator = IndicatorFactory(
        objective__phase=PhaseFactory(programme__area=province), code="1.1", unit=Unit.COUNT
    )
    locked = MeasurementFactory(indicator=indicator, period="2019", value=Decimal("7"))
    communes = [
        AreaFactory(code=f"35-{n}", parent=province, level=AreaLevel.COMMUNE) for n in range(3)
    ]
    rows = [
        {"indicator": indicator.pk, "area": area.code, "period": "2020", "value": "5"}
        for area in (province, *communes)
    ] + [{"indicator": indicator.pk, "area": "35", "period": "2019", "value": "8"}]
    return locked, json.dumps({"measurements": rows}).encode()


def test_a_job_whose_worker_is_killed_mid_run_is_completed_by_another(
    superuser, import_payload, workers
):
    locked, payload = import_payload
    # Another session holds the figure the import will update: the import's write waits.
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        with holder.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM indicators_measurement WHERE id = %s FOR UPDATE", [locked.pk]
            )
        job = services.figures_import_start(user=superuser, payload=payload)
        first = workers()
        wait_for(_waiting_on_a_lock, "the first worker's write waiting on the held figure")
        assert (_job(job.pk).status, _job(job.pk).attempts) == (JobStatus.RUNNING, 1)

        # Killed, with the process it forked for the job, half-way through its write.
        horses = _children(first.pid)
        os.kill(first.pid, signal.SIGKILL)
        for horse in horses:
            os.kill(horse, signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL
    finally:
        holder.rollback()
        holder.close()

    # Nothing of the killed run was written: its transaction never committed.
    wait_for(lambda: not _waiting_on_a_lock(), "the killed run's session ending")
    assert Measurement.objects.count() == 1
    assert _job(job.pk).status == JobStatus.RUNNING

    workers()
    wait_for(
        lambda: _job(job.pk).status in (JobStatus.SUCCEEDED, JobStatus.FAILED),
        "the second worker finishing the job",
    )
    finished = _job(job.pk)
    assert (finished.status, finished.attempts) == (JobStatus.SUCCEEDED, 2)
    assert finished.outcome == {"rows": 5, "created": 4, "updated": 1, "unchanged": 0}
    assert sorted(Measurement.objects.values_list("area__code", "period", "value")) == [
        ("35", "2019", Decimal("8")),
        ("35", "2020", Decimal("5")),
        ("35-0", "2020", Decimal("5")),
        ("35-1", "2020", Decimal("5")),
        ("35-2", "2020", Decimal("5")),
    ]
