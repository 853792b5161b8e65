"""Starting jobs: each checks what it is asked, writes the job's row and enqueues it."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jobs.dispatch import enqueue
from jobs.models import Job, JobKind

NOT_JSON = _('The file must be JSON: {"measurements": [ ... ]}, as for the bulk upload.')
NOT_A_LIST = _('Put the figures as a list under "measurements".')
EMPTY = _("Send at least one figure.")
TOO_MANY = _("Send at most %(max)s figures in one import.")


@transaction.atomic
def national_review_start(*, user, year: int, sector: str | None, figures: str) -> Job:
    """Every province's phase review for `year`, zipped Word documents, in the background."""
    job = Job.objects.create(
        kind=JobKind.NATIONAL_REVIEW,
        created_by=user,
        params={"year": year, "sector": sector, "figures": figures},
    )
    enqueue(job.pk)
    return job


def import_rows(payload: bytes) -> list:
    """The rows of an import file, or ValidationError with what is wrong with the file."""
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(NOT_JSON) from error
    rows = data.get("measurements") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError(NOT_A_LIST)
    if not rows:
        raise ValidationError(EMPTY)
    if len(rows) > settings.JOBS_IMPORT_MAX_ROWS:
        raise ValidationError(TOO_MANY % {"max": settings.JOBS_IMPORT_MAX_ROWS})
    return rows


@transaction.atomic
def figures_import_start(*, user, payload: bytes) -> Job:
    """Figures from a bulk-upload file of any size up to the limit, all or nothing."""
    rows = import_rows(payload)
    job = Job.objects.create(
        kind=JobKind.FIGURES_IMPORT,
        created_by=user,
        params={"rows": len(rows)},
        payload=payload,
    )
    enqueue(job.pk)
    return job
