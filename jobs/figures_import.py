"""An import of more figures than one API request takes, through the same bulk service.

The rows are the bulk endpoint's (`{"measurements": [...]}`), read, resolved and saved
by `indicators.api.bulk.rows_save` in one transaction: all of them or none, whatever
their number (up to `JOBS_IMPORT_MAX_ROWS`).
"""

import json

from django.utils.translation import gettext as _

from indicators.api.bulk import rows_save
from indicators.services import FigureRefused
from jobs.models import Job

MAX_ERRORS_KEPT = 1000


def rows_of(payload: bytes) -> list:
    return json.loads(bytes(payload))["measurements"]


def run_figures_import(job: Job, progress) -> dict:
    rows = rows_of(job.payload)
    stages = {"read": _("Checking the rows"), "save": _("Writing the figures")}
    steps = iter(range(len(stages)))

    def step(stage: str) -> None:
        progress(next(steps), len(stages), stages[stage])

    try:
        errors, result = rows_save(rows, user=job.created_by, progress=step)
    except FigureRefused as refused:
        errors, result = [(None, "measurements", str(refused))], None
    progress(len(stages), len(stages), _("Done"))
    if errors:
        errors = sorted(errors, key=lambda error: (error[0] is not None, error[0] or 0))
        return {
            "succeeded": False,
            "outcome": {
                "error_count": len(errors),
                "errors": [
                    {"index": index, "field": name, "message": str(message)}
                    for index, name, message in errors[:MAX_ERRORS_KEPT]
                ],
            },
        }
    return {
        # The rows are in the figures now (and their history); the copy is not kept.
        "payload": None,
        "outcome": {
            "rows": len(rows),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    }
