"""Writes of review reports and their rules: drafts change freely, an issued report never.

The admin, the API and tests all write through these functions. Issuing checks that
the report is ready to sign (number, date, place, addressees, signer, the officer's six
sections), stores the snapshot of every number the document shows and makes the report
read-only: any later change, deletion or second issue is refused with `ReportLocked`,
which the API answers with 409.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict
from core.text import nfc
from programmes.models import Area, Phase
from reports.models import (
    RECIPIENT_KEYS,
    SECTION_KEYS,
    SECTION_LABELS,
    ReportStatus,
    ReviewReport,
)
from reports.snapshot import DOCUMENT_LANGUAGE, build_snapshot, default_words, report_words

REPORT_LOCKED = _(
    "The report %(number)s is issued: it and its numbers are frozen and cannot change. "
    "Write a new report if the review must be corrected."
)
REPORT_NOT_ISSUED = _(
    "This report is still a draft: it has no frozen numbers to compare with today's yet."
)
NUMBER_TAKEN = _("%(issuer)s has already issued a report numbered %(number)s in %(year)s.")
NEEDED_TO_ISSUE = _("Fill this in before issuing the report.")
ADDRESSEE_NEEDED = _('Name at least one addressee ("Kính gửi") before issuing the report.')
SECTIONS_NEEDED = _("Write these sections before issuing the report: %(sections)s.")

# The report's own words: what an officer may write while the report is a draft.
WORD_FIELDS = (
    "number",
    "place",
    "issued_on",
    "recipients",
    "parent_body",
    "issuing_body",
    "signer_name",
    "signer_title",
    "sections",
)
FRAME_FIELDS = ("phase", "area", "year", "figures")
TEXT_FIELDS = ("number", "place", "parent_body", "issuing_body", "signer_name", "signer_title")


class ReportConflict(Conflict):
    """A write the report's state refuses; the API answers 409, the admin shows the message."""

    message = REPORT_LOCKED

    def __init__(self, report: ReviewReport) -> None:
        self.report = report
        super().__init__(str(self.message % {"number": report.number or report.pk}))


class ReportLocked(ReportConflict):
    """The report is issued: nothing about it may change."""

    message = REPORT_LOCKED


class ReportNotIssued(ReportConflict):
    """Only an issued report has frozen numbers to compare."""

    message = REPORT_NOT_ISSUED


def _apply(report: ReviewReport, fields: dict) -> None:
    """Set the given fields, normalised: NFC text, the decree's number, the sections merged
    into the six (keys not given keep their text). A value of the wrong shape is set as
    it is, for `clean()` to refuse with its message."""
    for name, value in fields.items():
        if name not in WORD_FIELDS + FRAME_FIELDS:
            raise TypeError(f"ReviewReport has no writable field {name!r}.")
        if name in TEXT_FIELDS:
            value = nfc((value or "").strip())
        if name == "sections" and _is_texts(value, SECTION_KEYS, str):
            value = {
                key: nfc(value.get(key, report.sections.get(key, "")).strip())
                for key in SECTION_KEYS
            }
        if name == "recipients" and _is_texts(value, RECIPIENT_KEYS, list):
            value = {
                key: [nfc(str(line).strip()) for line in value.get(key, []) if str(line).strip()]
                for key in RECIPIENT_KEYS
            }
        setattr(report, name, value)


def _is_texts(value, keys: tuple[str, ...], kind: type) -> bool:
    return isinstance(value, dict) and all(
        k in keys and isinstance(v, kind) for k, v in value.items()
    )


@transaction.atomic
def review_report_create(
    *, phase: Phase, area: Area | None = None, year: int | None = None, **fields
) -> ReviewReport:
    """A new draft; the area defaults to the programme's, the year to the phase's end,
    and the header (parent and issuing body, place) to the department's."""
    with translation.override(DOCUMENT_LANGUAGE):
        defaults = default_words(phase)
    report = ReviewReport(
        phase=phase,
        area=area or phase.programme.area,
        year=year or phase.end_year,
        parent_body=defaults["parent_body"],
        issuing_body=defaults["issuing_body"],
        place=defaults["place"],
    )
    # An empty header field keeps the department's default.
    _apply(report, {name: value for name, value in fields.items() if value not in (None, "")})
    report.full_clean()
    report.save()
    return report


def _locked_copy(report: ReviewReport) -> ReviewReport:
    """The report re-read under a row lock, refused if it is issued meanwhile."""
    current = (
        ReviewReport.objects.select_for_update()
        .select_related("phase__programme__area", "area")
        .get(pk=report.pk)
    )
    if current.is_issued:
        raise ReportLocked(current)
    return current


@transaction.atomic
def review_report_update(*, report: ReviewReport, **fields) -> ReviewReport:
    """Change a draft's frame (phase, area, year, figures) or words; an issued report is
    refused (`ReportLocked`) and nothing is written."""
    current = _locked_copy(report)
    _apply(current, fields)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def review_report_delete(*, report: ReviewReport) -> None:
    """Delete a draft; an issued report is part of the record and stays."""
    _locked_copy(report).delete()


def _readiness_errors(report: ReviewReport) -> dict[str, list]:
    """What a report still lacks before it can be signed."""
    errors: dict[str, list] = {}
    for name in ("number", "place", "issued_on", "signer_name", "signer_title"):
        if not getattr(report, name):
            errors[name] = [NEEDED_TO_ISSUE]
    if not report.recipients.get("to"):
        errors["recipients"] = [ADDRESSEE_NEEDED]
    missing = [str(SECTION_LABELS[key]) for key in SECTION_KEYS if not report.sections.get(key)]
    if missing:
        errors["sections"] = [SECTIONS_NEEDED % {"sections": ", ".join(missing)}]
    if report.number and report.issued_on:
        taken = ReviewReport.objects.filter(
            status=ReportStatus.ISSUED,
            issuing_body=report.issuing_body,
            number=report.number,
            issued_on__year=report.issued_on.year,
        ).exclude(pk=report.pk)
        if taken.exists():
            errors.setdefault("number", []).append(
                NUMBER_TAKEN
                % {
                    "issuer": report.issuing_body,
                    "number": report.number,
                    "year": report.issued_on.year,
                }
            )
    return errors


@transaction.atomic
def review_report_issue(*, report: ReviewReport, user=None) -> ReviewReport:
    """Freeze every number the document shows and make the report read-only.

    Refused with a ValidationError naming what is missing when the report is not ready
    to sign, and with `ReportLocked` when it is already issued; nothing is written then.
    """
    current = _locked_copy(report)
    errors = _readiness_errors(current)
    if errors:
        raise ValidationError(errors)
    words = {**report_words(current), "status": ReportStatus.ISSUED.value}
    current.snapshot = build_snapshot(
        phase=current.phase,
        area=current.area,
        year=current.year,
        approved_only=current.approved_only,
        words=words,
    )
    current.status = ReportStatus.ISSUED
    current.issued_at = timezone.now()
    current.issued_by = user if user is not None and user.is_authenticated else None
    current.full_clean()
    current.save()
    return current
