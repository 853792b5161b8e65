"""A piece of work longer than a request, run by a worker: what, for whom, how far, result.

The queue (RQ on Redis, `jobs.dispatch`) only carries "run job N"; everything a user sees
(status, progress, errors, the result) is this row, in the database with the data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    NATIONAL_REVIEW = "national_review", _("Phase review of every province, zipped")
    FIGURES_IMPORT = "figures_import", _("Import of figures")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # How many times a worker started it: 2 when the first run died and it was retried.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    # What to do (kind-specific, e.g. the phase and year); the import's rows are `payload`.
    params = models.JSONField(_("parameters"), default=dict)
    payload = models.BinaryField(_("input"), null=True, blank=True, editable=False)
    # What came of it: counts or the error rows (JSON), and a file to download.
    outcome = models.JSONField(_("outcome"), default=dict)
    result = models.BinaryField(_("result file"), null=True, blank=True, editable=False)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="jobs_done_within_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int | None:
        return None if not self.total else round(100 * self.done / self.total)
