"""Every number a review document shows, gathered in one plain, JSON-ready dict.

`build_snapshot` is the one function that reads figures for a review: a live draft
renders the snapshot it builds now, and issuing a report stores the snapshot it builds
then, so an issued report's documents are rendered from that stored dict alone and read
the same whenever they are downloaded. Decimals are kept as strings ("32.9"), dates in
ISO form, and labels (kinds of care model, groups of children) in the document's
language as they read at the time, so a later change of wording or of figures cannot
alter an issued document.
"""

import datetime

from django.utils import timezone, translation

from programmes.models import Area, Phase
from reports.formats import in_running_text, place_of
from reports.models import SECTION_KEYS, ReportStatus, ReviewReport
from reports.selectors.activities import (
    care_models,
    children_by_group,
    commendations,
    funding,
)
from reports.selectors.results import (
    by_sex_and_area,
    figures_not_approved,
    next_phase_targets,
    results,
)

SNAPSHOT_VERSION = 1
# The language of the document: an administrative document is written in Vietnamese.
DOCUMENT_LANGUAGE = "vi"


def default_words(phase: Phase) -> dict:
    """What a report starts with before the officer writes anything."""
    jurisdiction = phase.programme.area
    return {
        "status": ReportStatus.DRAFT.value,
        "number": "",
        "place": place_of(jurisdiction.name),
        "issued_on": None,
        "parent_body": f"Ủy ban nhân dân {in_running_text(jurisdiction.name)}",
        # The department that owned the programme in the phase's last year (DOMAIN §4).
        "issuing_body": phase.programme.owner_on(datetime.date(phase.end_year, 12, 31)),
        "recipients": {"to": [], "copies": []},
        "signer_name": "",
        "signer_title": "",
        "sections": dict.fromkeys(SECTION_KEYS, ""),
    }


def report_words(report: ReviewReport) -> dict:
    """A report's own words: its header, recipients, signer and the officer's sections."""
    return {
        "status": report.status,
        "number": report.number,
        "place": report.place,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "parent_body": report.parent_body,
        "issuing_body": report.issuing_body,
        "recipients": {
            "to": list(report.recipients.get("to", [])),
            "copies": list(report.recipients.get("copies", [])),
        },
        "signer_name": report.signer_name,
        "signer_title": report.signer_title,
        "sections": {key: report.sections.get(key, "") for key in SECTION_KEYS},
    }


def build_snapshot(
    *, phase: Phase, area: Area, year: int, approved_only: bool, words: dict
) -> dict:
    """The snapshot of `phase`'s review for `area` and `year`, with the document's `words`.

    With `approved_only` only approved figures count. A fixed number of queries: the
    scorecard's and the roll-up's, three per phase year for the care models, and one
    per other part, whatever the number of targets, areas, figures or decisions.
    """
    programme = phase.programme
    with translation.override(DOCUMENT_LANGUAGE):
        result = results(phase=phase, area=area, year=year, approved_only=approved_only)
        care = care_models(phase=phase, area=area)
        end_values = {
            target["indicator"]: target["series"][-1]["actual"] for target in result["targets"]
        }
        previous = phase.previous
        return {
            "version": SNAPSHOT_VERSION,
            "built_at": timezone.now().isoformat(),
            "figures": "approved" if approved_only else "all",
            "not_approved": figures_not_approved(phase=phase, area=area),
            "document": words,
            "programme": {
                "code": programme.code,
                "name": programme.name,
                "legal_basis": programme.legal_basis,
                "sector": programme.sector,
                "area": programme.area.code,
            },
            "phase": {
                "id": phase.pk,
                "name": phase.name,
                "start_year": phase.start_year,
                "end_year": phase.end_year,
            },
            "previous_phase": None
            if previous is None
            else {"name": previous.name, "end_year": previous.end_year},
            "area": {"code": area.code, "name": area.name},
            "year": year,
            "results": result,
            "by_sex": by_sex_and_area(
                phase=phase, area=area, year=year, approved_only=approved_only
            ),
            "children_by_group": children_by_group(phase=phase, area=area),
            "care_models": care,
            "funding": funding(phase=phase, area=area, care=care),
            "commendations": commendations(phase=phase, area=area),
            "next_phase": next_phase_targets(phase=phase, area=area, end_values=end_values),
        }


def report_snapshot(report: ReviewReport) -> dict:
    """The snapshot a report's documents are rendered from: the frozen one once issued,
    else one built now from its words and today's figures."""
    if report.is_issued:
        return report.snapshot
    return build_snapshot(
        phase=report.phase,
        area=report.area,
        year=report.year,
        approved_only=report.approved_only,
        words=report_words(report),
    )
