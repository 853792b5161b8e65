"""The work queue: a signed-in officer's home (issue #18 point 7).

For a data-entry officer, each reporting area of the assigned subtrees and each open
period of the programmes over them: what is due and by when, how many (area, indicator)
pairs are still missing, how many figures are draft, returned, awaiting review or
approved; the figures returned for correction with the reviewer's reason; links to the
grid and the Excel form of that area and period. For a provincial officer (no assigned
areas) the same by programme for its whole area, the review queue (the submitted figures
by area and period, with what the data-quality checks say of them) and each programme's
completeness by district.

Open periods: the periods the programme's reporting calendar collects (years and
half-years by its assignments; without a calendar, years and the half-years of indicators
reported six-monthly) in its two latest years up to
today that lie in a phase (a programme whose last phase has ended keeps its last two
years open), that have begun, newest first. A fixed number of queries whatever
the number of areas and figures: a few per programme and period, none per area.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery

from collection.calendar import Due, calendar_of, due_on, indicators_due
from collection.completeness import Completeness, completeness
from collection.models import Frequency, ReportingCalendar
from core.periods import period_bounds
from core.tree import in_subtree
from indicators.models import Indicator, IndicatorSource, Measurement, MeasurementStatus
from indicators.services.quality import quality_warnings
from programmes.models import Area, Phase, Programme
from programmes.roles import area_scope

DRAFT, RETURNED, SUBMITTED, APPROVED = (
    MeasurementStatus.DRAFT,
    MeasurementStatus.RETURNED,
    MeasurementStatus.SUBMITTED,
    MeasurementStatus.APPROVED,
)
# Enough to act on from a home page; the admin's lists hold the rest.
RETURNED_SHOWN = 100
REVIEWED_FIGURES = 500


@dataclass
class QueueRow:
    """One area and period of a programme: what is due and where it stands."""

    programme: Programme
    phase: Phase
    area: Area
    period: str
    due_on: datetime.date
    overdue: bool
    expected: int = 0
    received_pairs: int = 0
    draft: int = 0
    returned: int = 0
    submitted: int = 0
    approved: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.received_pairs

    @property
    def to_submit(self) -> int:
        """Figures "Gửi duyệt tất cả" would send: drafts and corrected returned ones."""
        return self.draft + self.returned

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def half(self) -> str:
        return self.period[4:]


@dataclass
class ReturnedFigure:
    measurement: Measurement
    reason: str
    returned_by: str
    returned_at: datetime.datetime | None


@dataclass
class ReviewGroup:
    """Submitted figures of one area and period, with what the checks say of them."""

    area: Area
    period: str
    figures: int
    since: datetime.datetime | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class WorkQueue:
    rows: list[QueueRow] = field(default_factory=list)
    returned: list[ReturnedFigure] = field(default_factory=list)
    review: list[ReviewGroup] | None = None
    completeness: list[Completeness] = field(default_factory=list)


def open_periods(
    calendar: ReportingCalendar | None, phases: list[Phase], today: datetime.date
) -> list[str]:
    """The periods of the two latest years the programme collects (in its calendar and
    a phase) up to today, that have begun, newest first."""
    if calendar is not None:
        frequencies = {a.frequency for a in calendar.assignments.all()}
    else:  # as the indicators say (`reporting_frequency`; one query)
        frequencies = {Frequency.YEAR} | set(
            Indicator.objects.filter(phase__in=phases, source=IndicatorSource.MANUAL)
            .values_list("reporting_frequency", flat=True)
            .distinct()
        )
    last = min(today.year, calendar.last_year) if calendar else today.year
    first = calendar.first_year if calendar else min((p.start_year for p in phases), default=last)
    years = [y for y in range(last, first - 1, -1) if any(p.contains_year(y) for p in phases)]
    periods = []
    for year in years[:2]:
        if Frequency.YEAR in frequencies:
            periods.append(str(year))
        if Frequency.HALF_YEAR in frequencies:
            periods += [f"{year}S2", f"{year}S1"]
    return [p for p in periods if period_bounds(p)[0] <= today]


def _roots(user, programmes: list[Programme]) -> list[Area]:
    """The areas the queue is about: the assigned ones, or the programmes' own."""
    scope = area_scope(user)
    if scope is None:
        return list({p.area.pk: p.area for p in programmes}.values())
    return list(Area.objects.filter(path__in=scope).order_by("path"))


def work_queue(*, user, today: datetime.date, review: bool) -> WorkQueue:
    """The queue of `user` on `today`; with `review`, the review queue and completeness."""
    queue = WorkQueue()
    scoped = area_scope(user) is not None
    programmes = list(Programme.objects.select_related("area").order_by("code"))
    roots = _roots(user, programmes)
    if not roots:
        return queue
    phases_of: dict[int, list[Phase]] = defaultdict(list)
    for phase in Phase.objects.filter(programme__in=programmes).order_by("start_year"):
        phases_of[phase.programme_id].append(phase)
    subtree = Q()
    for root in roots:
        subtree |= Q(path__startswith=root.path)
    areas = list(Area.objects.filter(subtree).order_by("path"))
    plans = []  # (programme, phase, period, dues, deadline)
    for programme in programmes:
        if not any(in_subtree(r.path, programme.area.path) for r in roots):
            continue
        calendar = calendar_of(programme)
        for period in open_periods(calendar, phases_of[programme.pk], today):
            year = int(period[:4])
            phase = next(p for p in phases_of[programme.pk] if p.contains_year(year))
            phase.programme = programme
            dues = indicators_due(phase=phase, period=period, calendar=calendar)
            if dues:
                plans.append((programme, phase, period, dues, due_on(calendar, period)))
    queue.rows = _rows(plans, roots, areas, scoped=scoped, today=today)
    queue.returned = _returned(user)
    if review:
        queue.review = _review_queue(user)
        queue.completeness = _completeness(plans, today)
    return queue


def _rows(plans, roots, areas, *, scoped: bool, today: datetime.date) -> list[QueueRow]:
    """A row per reporting area (data entry) or per programme area (others) and period,
    with its figures counted in one query."""
    rows: dict[tuple[int, int, str], QueueRow] = {}
    pairs = Q()
    # (area id, period, programme id) -> the rows its figures count towards
    owner: dict[tuple[int, str, int], list[QueueRow]] = defaultdict(list)
    for programme, phase, period, dues, deadline in plans:
        last_day = period_bounds(period)[1]
        by_level: dict[str, list[Due]] = defaultdict(list)
        for due in dues:
            by_level[due.level].append(due)
        for area in areas:
            if area.level not in by_level or not area.is_valid_between(last_day, last_day):
                continue
            if not in_subtree(area.path, programme.area.path):
                continue
            row_area = area if scoped else programme.area
            key = (programme.pk, row_area.pk, period)
            if key not in rows:
                rows[key] = QueueRow(
                    programme, phase, row_area, period, deadline, overdue=deadline < today
                )
            rows[key].expected += len(by_level[area.level])
            owner[(area.pk, period, programme.pk)].append(rows[key])
        for level, level_dues in by_level.items():
            pairs |= Q(
                period=period,
                area__level=level,
                indicator_id__in=[d.indicator.pk for d in level_dues],
            )
    if not rows:
        return []
    area_ids = {key[0] for key in owner}
    counted = (
        Measurement.objects.filter(pairs, area_id__in=area_ids)
        .values("area_id", "period", "indicator__phase__programme_id")
        .annotate(
            indicators=Count("indicator_id", distinct=True),
            **{
                status: Count("pk", filter=Q(status=status))
                for status in (DRAFT, RETURNED, SUBMITTED, APPROVED)
            },
        )
        .order_by()
    )
    for counts in counted:
        key = (counts["area_id"], counts["period"], counts["indicator__phase__programme_id"])
        for row in owner.get(key, ()):
            row.received_pairs += counts["indicators"]
            row.draft += counts[DRAFT]
            row.returned += counts[RETURNED]
            row.submitted += counts[SUBMITTED]
            row.approved += counts[APPROVED]
    return sorted(rows.values(), key=lambda r: (r.programme.code, -_order(r.period), r.area.path))


def _order(period: str) -> int:
    """Newest first: a year after its half-years."""
    return int(period[:4]) * 10 + {"": 3, "S2": 2, "S1": 1}[period[4:]]


def _returned(user) -> list[ReturnedFigure]:
    """Figures returned for correction, newest return first, with the reviewer's reason."""
    returns = Measurement.history.model.objects.filter(id=OuterRef("pk"), status=RETURNED).order_by(
        "-history_date", "-history_id"
    )
    figures = (
        Measurement.objects.visible_to(user)
        .filter(status=RETURNED)
        .select_related("indicator__phase", "area")
        .annotate(
            reason=Subquery(returns.values("history_change_reason")[:1]),
            returned_by=Subquery(returns.values("history_user__username")[:1]),
            returned_at=Subquery(returns.values("history_date")[:1]),
        )
        .order_by(F("returned_at").desc(nulls_last=True), "pk")[:RETURNED_SHOWN]
    )
    return [ReturnedFigure(m, m.reason or "", m.returned_by or "", m.returned_at) for m in figures]


def _review_queue(user) -> list[ReviewGroup]:
    """Submitted figures by area and period, oldest first, each with its warnings."""
    submitted = Measurement.objects.visible_to(user).filter(status=SUBMITTED)
    groups = list(
        submitted.values("area_id", "period")
        .annotate(figures=Count("pk"), since=Min("updated_at"), latest=Max("updated_at"))
        .order_by("since", "area_id", "period")
    )
    if not groups:
        return []
    areas = Area.objects.in_bulk({g["area_id"] for g in groups})
    review = {
        (areas[g["area_id"]].code, g["period"]): ReviewGroup(
            areas[g["area_id"]], g["period"], g["figures"], g["since"]
        )
        for g in groups
    }
    warnings = quality_warnings(list(submitted.order_by("updated_at", "pk")[:REVIEWED_FIGURES]))
    for item in (*warnings.violations, *warnings.outliers):
        group = review.get((item["area"], item["period"]))
        if group is not None:
            group.warnings.append(item["message"])
    return list(review.values())


def _completeness(plans, today: datetime.date) -> list[Completeness]:
    """Each programme's newest period whose figures were due by now (else its newest
    open one), by district."""
    newest: dict[int, tuple] = {}
    for programme, _phase, period, _dues, _deadline in sorted(
        plans, key=lambda plan: (plan[4] >= today, -_order(plan[2]))
    ):
        newest.setdefault(programme.pk, (programme, period))
    return [
        completeness(programme=programme, period=period, area=programme.area)
        for programme, period in newest.values()
    ]
