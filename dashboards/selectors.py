"""Reads the dashboards need on top of the indicators app's read models.

The rules (actuals, statuses, scorecard, change on the previous phase) stay in
`indicators.selectors`; this module only gathers what a page shows, in a fixed number
of queries whatever the number of targets, indicators or areas.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Sum, Value

from care.models import CareModelReport

# The indicator page's reads, in their own module; importable from here as before.
from dashboards.indicator_detail import (  # noqa: F401
    ChildRow,
    IndicatorDetail,
    YearRow,
    actuals_by_sex,
    indicator_detail,
)
from dashboards.monitoring import MonitoringLine, monitoring_lines
from indicators.actuals import Actuals
from indicators.models import (
    Indicator,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    PhaseAggregate,
    Sex,
)
from indicators.rules import Change, TargetStatus, target_phrase
from indicators.selectors import (
    ObjectiveScore,
    PreviousPhaseValue,
    Scorecard,
    ScorecardLine,
    comparison_years,
    phase_change,
    phase_changes_by_sex,
    phase_scorecard,
)
from programmes.models import Area, Phase, Programme
from programmes.succession import lineage_ids

# Home: every programme and phase with its scorecard


def unapproved_figures(
    *, area: Area, phases: Iterable[Phase] = (), indicator: Indicator | None = None
) -> dict[tuple[int, int], int]:
    """How many figures behind `area`'s numbers are not approved yet (draft, submitted or
    returned), by (phase id, year), for `phases` or one `indicator`; two queries. Behind
    them are the figures of its tree and, by succession (rule 8), of the units it or its
    units took over and of their trees (`unapproved_rows`)."""
    units = dict(Area.objects.filter(pk__in=lineage_ids(area)).values_list("pk", "parent_id"))
    which = {"indicator": indicator} if indicator is not None else {"indicator__phase__in": phases}
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for _own, phase_id, _area, year, n in unapproved_rows(units, tree_tops(units), **which):
        counts[(phase_id, year)] += n
    return dict(counts)


def tree_tops(units: dict[int, int | None]) -> set[int]:
    """The units (id → parent id) whose parent is not among them: the tops of their trees."""
    return {pk for pk, parent_id in units.items() if parent_id not in units}


def unapproved_rows(parents: Iterable[int], tops: Iterable[int], **which) -> list[tuple]:
    """The figures not approved yet in whole trees, of the indicators `which` selects
    (`indicator=…` or `indicator__phase__in=…`), in one query: rows (own, phase id, area
    id, year, n) — the counts the database keeps per parent area (`MeasurementCount`)
    under each of `parents` (own False, the area being the parent), and the figures of
    each of `tops` itself (own True).

    Every child of a unit of a whole tree is in the tree too: the counts of its units as
    parents give all its figures but its top's, which are counted one by one — a few
    rows, where counting every figure of a province took 20–36 ms at national scale."""
    below = MeasurementCount.objects.filter(parent_key__in=list(parents), **which)
    own = Measurement.objects.filter(area_id__in=list(tops), **which)
    key = ("indicator__phase", "area", "year")
    below = below.annotate(own=Value(False), area=F("parent_key")).values_list("own", *key)
    own = own.annotate(own=Value(True)).values_list("own", "indicator__phase", "area_id", "year")
    approved = MeasurementStatus.APPROVED
    below = below.exclude(status=approved).order_by().annotate(n=Sum("figures"))
    own = own.exclude(status=approved).order_by().annotate(n=Count("id"))
    return list(below.union(own, all=True))


def unapproved_until(counts: dict[tuple[int, int], int], phase: Phase, year: int) -> int:
    """The figures not approved yet behind `phase` judged on `year`: its years up to it."""
    return sum(n for (phase_id, y), n in counts.items() if phase_id == phase.pk and y <= year)


@dataclass
class PhaseCard:
    phase: Phase
    scorecard: Scorecard
    unapproved: int = 0  # figures behind the scorecard not approved yet

    @property
    def judged_before_end(self) -> bool:
        """True when the phase is judged on a year before its end (a running phase)."""
        return self.scorecard.year < self.phase.end_year

    @property
    def done(self) -> int:
        """Targets achieved, or on track when the phase is still running."""
        return self.scorecard.achieved + self.scorecard.on_track


@dataclass
class ProgrammeCard:
    programme: Programme
    area: Area  # the area the scorecards are for
    phases: list[PhaseCard] = field(default_factory=list)


def latest_years_with_figures(phases: Iterable[Phase], user=None) -> dict[int, int]:
    """For each phase, the latest year within it that has any figure `user` may see
    (every figure without a user); one query."""
    phases = list(phases)
    if not phases:
        return {}
    spans = {phase.pk: (phase.start_year, phase.end_year) for phase in phases}
    figures = Measurement.objects.all() if user is None else Measurement.objects.visible_to(user)
    rows = (
        figures.filter(indicator__phase__in=phases)
        .order_by()
        .values_list("indicator__phase", "year")
        .distinct()
    )
    latest: dict[int, int] = {}
    for phase_id, year in rows:
        start, end = spans[phase_id]
        if start <= year <= end and year > latest.get(phase_id, 0):
            latest[phase_id] = year
    return latest


def default_year(phase: Phase, latest: dict[int, int], today: datetime.date) -> int:
    """The year a phase is judged on by default.

    A phase that has ended is judged on its end year (missing figures show as no data);
    a running phase on the latest year that has figures, so its targets read as on
    track or off track instead of all "no data".
    """
    if phase.end_year < today.year:
        return phase.end_year
    return latest.get(phase.pk, phase.end_year)


def latest_care_model_year(user, today: datetime.date) -> int:
    """The latest year before this one with a care-model report `user` may see, else the
    last full year: a leader opening the page sees figures, not an empty year."""
    latest = (
        CareModelReport.objects.visible_to(user)
        .filter(year__lt=today.year)
        .aggregate(latest=Max("year"))["latest"]
    )
    return latest or today.year - 1


# Phase: objectives → targets, with the previous phase's figure


@dataclass
class ReviewLine:
    line: ScorecardLine
    previous: PreviousPhaseValue | None
    change: Change | None
    # A target judged by sex: each sex's change on the previous phase ("female"/"male").
    change_by_sex: dict[str, Change] = field(default_factory=dict)

    @property
    def changes_by_sex(self) -> list[tuple[str, Change]]:
        """(the sex's name, its change), women first, for the page."""
        return [
            (Sex(sex).label, self.change_by_sex[sex])
            for sex in ("female", "male")
            if sex in self.change_by_sex
        ]

    @property
    def target(self):
        return self.line.target

    @property
    def indicator(self) -> Indicator:
        return self.line.target.indicator

    @property
    def status_label(self) -> str:
        return TargetStatus(self.line.status).label

    @property
    def target_text(self) -> str:
        """The target in words, each sex's part of a target by sex: "trên 35%"."""
        return "; ".join(target_phrase(part.target) for part in self.line.parts)

    @property
    def previous_period(self) -> str:
        """ "2015", or "2011–2015" where the whole previous phase is summed up."""
        if self.previous.aggregate == PhaseAggregate.END_VALUE:
            return str(self.previous.year)
        return f"{self.previous.start_year}–{self.previous.year}"


@dataclass
class ObjectiveReview:
    score: ObjectiveScore
    lines: list[ReviewLine]
    monitoring: list[MonitoringLine] = field(default_factory=list)  # indicators without target

    @property
    def shown(self) -> bool:
        """Whether the page has a section for the objective (an anchor to link to)."""
        return bool(self.lines or self.monitoring)


@dataclass
class PhaseReview:
    scorecard: Scorecard
    objectives: list[ObjectiveReview]
    tracked: list["TrackedLine"] = field(default_factory=list)


def phase_changes(
    judged: list[tuple[Indicator, int]], phase: Phase, area: Area, approved_only: bool = False
) -> dict[int, tuple[PreviousPhaseValue | None, Change | None]]:
    """For each (indicator, judged year) with a predecessor, the previous phase summed up
    by its `phase_aggregate` and the change on it (rule 4), keyed by the indicator's id
    (four queries); `approved_only`: approved figures only, on both sides."""
    previous_ids = {i.previous_id for i, _year in judged if i.previous_id}
    if not previous_ids:
        return {}
    previous = {
        p.pk: p for p in Indicator.objects.filter(pk__in=previous_ids).select_related("phase")
    }
    for indicator, _year in judged:
        indicator.phase = phase
        if indicator.previous_id:
            indicator.previous = previous[indicator.previous_id]
    with_previous = [i for i, _year in judged if i.previous_id]
    actuals = Actuals(
        indicators=[*with_previous, *previous.values()],
        root=area,
        years=comparison_years(with_previous),
        approved_only=approved_only,
    )
    return {
        indicator.pk: phase_change(indicator, actuals, area, year)
        for indicator, year in judged
        if indicator.previous_id
    }


@dataclass
class TrackedLine:
    """An indicator followed without a target ("lao động nữ được tạo việc làm"), shown with
    its phase total against the previous phase's."""

    indicator: Indicator
    previous: PreviousPhaseValue
    change: Change | None

    @property
    def phase_value(self) -> Decimal | None:
        return None if self.change is None else self.previous.value + self.change.absolute


def phase_review(
    *,
    phase: Phase,
    area: Area | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> PhaseReview:
    """The phase's scorecard grouped by objective, each target with the previous phase
    summed up by the indicator's `phase_aggregate` and the change on it (rule 4); the
    indicators followed without a target that continue one of the previous phase, with
    their phase totals; and, per objective, the other indicators followed without a target
    (monitoring indicators) with their actuals. `approved_only` as the scorecard's."""
    scorecard = phase_scorecard(phase=phase, area=area, year=year, approved_only=approved_only)
    judged = [(line.indicator, line.year) for line in scorecard.lines]
    indicators = [indicator for indicator, _year in judged]
    tracked = list(
        Indicator.objects.filter(phase=phase, previous__isnull=False)
        .exclude(pk__in=[indicator.pk for indicator in indicators])
        .order_by("objective__number", "code")
    )
    changes = phase_changes(
        [*judged, *((i, scorecard.year) for i in tracked)],
        phase,
        scorecard.area,
        approved_only,
    )
    # Targets by sex (no total to compare): each sex's change, for all of them at once.
    by_sex = phase_changes_by_sex(
        [(line.indicator, line.year) for line in scorecard.lines if line.parts],
        area=scorecard.area,
        approved_only=approved_only,
    )
    by_objective: dict[int, list[ReviewLine]] = defaultdict(list)
    for line in scorecard.lines:
        previous, change = changes.get(line.indicator.pk, (None, None))
        by_objective[line.indicator.objective_id].append(
            ReviewLine(line, previous, change, by_sex.get(line.indicator.pk, {}))
        )
    monitoring = monitoring_lines(
        phase=phase,
        area=scorecard.area,
        year=scorecard.year,
        # Those followed against the previous phase are shown with it, not twice.
        targeted={indicator.pk for indicator in [*indicators, *tracked]},
        approved_only=approved_only,
    )
    objectives = [
        ObjectiveReview(
            score=score,
            lines=by_objective.get(score.objective.pk, []),
            monitoring=monitoring.get(score.objective.pk, []),
        )
        for score in scorecard.objectives
    ]
    tracked_lines = [
        TrackedLine(indicator, *changes[indicator.pk])
        for indicator in tracked
        if changes.get(indicator.pk, (None, None))[0] is not None
    ]
    return PhaseReview(scorecard=scorecard, objectives=objectives, tracked=tracked_lines)
