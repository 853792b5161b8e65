"""Issued reports against today's figures: which targets moved since a report was issued.

An issued report keeps the numbers it was issued with; the figures behind them can still
be corrected (a figure reopened and changed). These reads compare the frozen actuals and
statuses with the scorecard as it stands, so an officer knows when a report no longer
says what the tracker says.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.selectors import phase_scorecard
from programmes.models import Area, Phase
from reports.formats import decimal_or_none, number_text
from reports.models import ReportStatus, ReviewReport
from reports.services import ReportNotIssued


def target_changes(report: ReviewReport) -> list[dict]:
    """Targets whose actual or status differs between the report's snapshot and today:
    [{"indicator_code", "issued_actual", "current_actual", "issued_status",
    "current_status"}], in the report's order (targets set since come last). A target
    set or removed since issue shows None on the side where it is missing. The
    scorecard's queries, with the report's area, year and choice of figures."""
    if not report.is_issued:
        raise ReportNotIssued(report)
    scorecard = phase_scorecard(
        phase=report.phase,
        area=report.area,
        year=report.year,
        approved_only=report.approved_only,
    )
    current = {line.target.pk: line for line in scorecard.lines}
    issued = {row["target"]: row for row in report.snapshot["results"]["targets"]}
    changes = []
    for target_id in [*issued, *(pk for pk in current if pk not in issued)]:
        before, now = issued.get(target_id), current.get(target_id)
        issued_actual = decimal_or_none(before["actual"]) if before else None
        current_actual = now.actual if now else None
        issued_status = before["status"] if before else None
        current_status = str(now.status) if now else None
        if _same(issued_actual, current_actual) and issued_status == current_status:
            continue
        changes.append(
            {
                "indicator_code": before["indicator_code"] if before else now.indicator.code,
                "issued_actual": number_text(issued_actual),
                "current_actual": number_text(current_actual),
                "issued_status": issued_status,
                "current_status": current_status,
            }
        )
    return changes


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is not None and b is not None else a is b


@dataclass
class IssuedReportNotice:
    report: ReviewReport
    changes: list[dict]

    @property
    def changed_codes(self) -> str:
        return ", ".join(change["indicator_code"] for change in self.changes)


def issued_report_notices(*, phase: Phase, area: Area) -> list[IssuedReportNotice]:
    """The phase's issued reports for `area`, newest first, each with the targets that
    moved since: one query, then the scorecard's for each report (a phase has one or
    two reports per area)."""
    reports = ReviewReport.objects.filter(
        phase=phase, area=area, status=ReportStatus.ISSUED
    ).select_related("phase__programme__area", "area")
    return [
        IssuedReportNotice(report=report, changes=target_changes(report))
        for report in reports.order_by("-issued_on", "-pk")
    ]
