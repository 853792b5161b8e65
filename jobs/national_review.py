"""The national roll-up: every province's phase review for a year, one Word document
each, zipped.

Each province runs its own programmes (a programme belongs to one area); the roll-up
takes, for `year`, the phase running that year of every province-level programme the
user may read (of one sector, if given), and renders its review for its province with
`reports`' snapshot and Word renderer: the document `GET /api/v1/phases/{id}/review/`
gives one at a time. 34 provinces take minutes, longer than a request.
"""

import io
import zipfile

from django.utils.translation import gettext as _

from jobs.models import Job
from programmes.models import AreaLevel, Phase
from programmes.roles import scope_q
from reports.document_docx import render_docx
from reports.snapshot import build_snapshot, default_words


def phases_of(*, user, year: int, sector: str | None) -> list[Phase]:
    """The phase running in `year` of each province-level programme `user` may read."""
    phases = (
        Phase.objects.filter(
            programme__area__level=AreaLevel.PROVINCE,
            start_year__lte=year,
            end_year__gte=year,
        )
        .filter(scope_q(user, "programme__area__path"))
        .select_related("programme__area", "previous")
        .order_by("programme__area__code", "programme__code", "start_year")
    )
    if sector:
        phases = phases.filter(programme__sector=sector)
    return list(phases)


def run_national_review(job: Job, progress) -> dict:
    year, figures, sector = job.params["year"], job.params["figures"], job.params.get("sector")
    phases = phases_of(user=job.created_by, year=year, sector=sector)
    names = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, phase in enumerate(phases):
            area = phase.programme.area
            progress(done, len(phases), area.name)
            snapshot = build_snapshot(
                phase=phase,
                area=area,
                year=year,
                approved_only=figures == "approved",
                words=default_words(phase),
            )
            name = f"{area.code}-{phase.programme.code}-{phase.pk}.docx"
            archive.writestr(name, render_docx(snapshot))
            names.append(name)
    progress(len(phases), len(phases), _("Done"))
    return {
        "outcome": {"documents": names},
        "result": buffer.getvalue(),
        "result_name": f"reviews-{year}-{sector or 'all'}-{figures}.zip",
    }
