"""`manage.py jobs_worker`: run background jobs from the queue until stopped.

Run one or more next to the web server (systemd, a container); each takes one job at a
time, in a forked process, and can be stopped or killed at any moment: a job it was
running is retried once by another worker (see `jobs.dispatch`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.dispatch import Worker, queue, redis


class Command(BaseCommand):
    help = "Run background jobs (RQ on Redis) until stopped."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--burst", action="store_true", help="Stop once the queue is empty.")

    def handle(self, *args, burst: bool = False, **options) -> None:
        connection = redis()
        worker = Worker(
            [queue(connection)],
            connection=connection,
            job_monitoring_interval=settings.JOBS_MONITOR_SECONDS,
            maintenance_interval=settings.JOBS_MAINTENANCE_SECONDS,
            # A worker idles in Redis for its TTL less 15 s, then does its maintenance.
            worker_ttl=settings.JOBS_MAINTENANCE_SECONDS + 15,
        )
        worker.work(burst=burst)
