"""What a worker runs: `run_job(job_id)`, which hands the job to its kind's runner.

Each runner starts from the beginning on every attempt and writes its outcome in one
step at the end, so a run killed half-way leaves nothing behind that the retry would
have to undo (the import writes all its figures in one transaction, or none).
"""

import logging

from django.db.models import F
from django.utils import timezone

from jobs.models import Job, JobKind, JobStatus

logger = logging.getLogger(__name__)


class Progress:
    """Tells the job's row how far a run has come (one UPDATE per call, committed)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, stage=stage)


def _runners() -> dict:
    from jobs.figures_import import run_figures_import
    from jobs.national_review import run_national_review

    return {
        JobKind.NATIONAL_REVIEW: run_national_review,
        JobKind.FIGURES_IMPORT: run_figures_import,
    }


def run_job(job_id: int) -> str:
    """Run job `job_id`; an exception fails this attempt (the queue then retries once)."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        done=0,
        stage="",
    )
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        outcome = _runners()[job.kind](job, Progress(job))
    except BaseException:
        logger.exception("Job %s failed on attempt %s", job_id, job.attempts)
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, finished_at=timezone.now())
        raise
    succeeded = outcome.pop("succeeded", True)
    fields = {
        "status": JobStatus.SUCCEEDED if succeeded else JobStatus.FAILED,
        "finished_at": timezone.now(),
        "outcome": outcome.pop("outcome", {}),
        **outcome,
    }
    Job.objects.filter(pk=job_id).update(**fields)
    return fields["status"]


def on_failure(rq_job, connection, exc_type, exc_value, traceback) -> None:
    """RQ's failure callback: an attempt raised, or its worker died (RQ's clean-up)."""
    job_id = rq_job.args[0]
    retried = bool(rq_job.retries_left and rq_job.retries_left > 0)
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.QUEUED if retried else JobStatus.FAILED,
        stage=exc_type.__name__ if exc_type else "",
        finished_at=None if retried else timezone.now(),
    )
