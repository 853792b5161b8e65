"""The queue: RQ on Redis. It carries only "run job N"; the job's state is `jobs.models.Job`.

A job is enqueued when the transaction that created its row commits, with one retry: a
run that raises, or whose worker dies (killed, out of memory, the machine restarted), is
run once more. A dead worker's job is found by RQ's own maintenance: the worker renews
the job's lease every `JOBS_MONITOR_SECONDS` while it runs; a lease not renewed for
`JOBS_LEASE_GRACE_SECONDS` more is abandoned, and the next worker's clean-up requeues it.
See docs/performance.md, "Background jobs".
"""

import logging

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Queue, Retry
from rq import Worker as RQWorker

from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

RUN_JOB = "jobs.tasks.run_job"
QUEUE_UNREACHABLE = _("The job queue could not be reached; start the job again later.")


def redis() -> Redis:
    return Redis.from_url(settings.JOBS_REDIS_URL)


def queue(connection: Redis | None = None) -> Queue:
    return Queue(
        settings.JOBS_QUEUE,
        connection=connection or redis(),
        default_timeout=settings.JOBS_TIMEOUT_SECONDS,
    )


def enqueue(job_id: int) -> None:
    """Run job `job_id` on a worker once the current transaction commits."""

    def send() -> None:
        if settings.JOBS_EAGER:
            from jobs.tasks import run_job

            try:
                run_job(job_id)
            except Exception:
                # Marked failed by run_job; the request that started it still answers.
                logger.exception("Job %s failed", job_id)
            return
        try:
            queue().enqueue(
                RUN_JOB,
                job_id,
                job_id=f"{settings.JOBS_QUEUE}-{job_id}",
                retry=Retry(max=1),
                on_failure=Callback("jobs.tasks.on_failure"),
                failure_ttl=settings.JOBS_KEEP_SECONDS,
                result_ttl=settings.JOBS_KEEP_SECONDS,
            )
        except RedisError:
            # The job's row is committed: say it will not run rather than leave it queued.
            logger.exception("Job %s not queued", job_id)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED, stage=QUEUE_UNREACHABLE, finished_at=timezone.now()
            )

    transaction.on_commit(send)


class Worker(RQWorker):
    """RQ's forking worker, with the lease grace of `JOBS_LEASE_GRACE_SECONDS` (RQ: 60 s)."""

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        if job.timeout and job.timeout > 0:
            remaining = job.timeout - working_time
            return (
                int(min(remaining, self.job_monitoring_interval))
                + settings.JOBS_LEASE_GRACE_SECONDS
            )
        return self.job_monitoring_interval + settings.JOBS_LEASE_GRACE_SECONDS

    def execute_job(self, job, queue):
        # The worker itself may have used the database (a failure callback run by its
        # clean-up); the process it forks for the job must not share that connection.
        connections.close_all()
        return super().execute_job(job, queue)
