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

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from care.models import CareModelReport
from dashboards.access import default_area
from dashboards.monitoring import MonitoringLine, monitoring_lines
from indicators.actuals import Actuals
from indicators.models import Indicator, Measurement, MeasurementStatus, Sex
from indicators.rules import Actual, Change, TargetStatus, change_between
from indicators.selectors import (
    ObjectiveScore,
    PreviousPhaseValue,
    Progress,
    Scorecard,
    ScorecardLine,
    indicator_progress,
    phase_scorecard,
)
from programmes.models import Area, Phase, Programme

# Home: every programme and phase with its scorecard


def unapproved_figures(
    *, area: Area, phases: Iterable[Phase] = (), indicator: Indicator | None = None
) -> dict[tuple[int, int], int]:
    """How many figures in `area`'s tree are not approved yet (draft, submitted or
    returned), by (phase id, year), for `phases` or one `indicator`; one query."""
    figures = Measurement.objects.for_area_tree(area).exclude(status=MeasurementStatus.APPROVED)
    if indicator is not None:
        figures = figures.filter(indicator=indicator)
    else:
        figures = figures.filter(indicator__phase__in=list(phases))
    rows = figures.order_by().values_list("indicator__phase", "year").annotate(n=Count("id"))
    return {(phase_id, year): n for phase_id, year, n in rows}


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


def programmes_overview(user=None, approved_only: bool = False) -> list[ProgrammeCard]:
    """Every programme with each phase's scorecard for the programme's area.

    With `approved_only` only approved figures count; each card says how many figures
    behind it are not approved yet either way.

    With a user bound to some areas (a data-entry officer), each programme's scorecards
    are for the top-most assigned area inside its area, and a programme with none is
    left out (`dashboards.access.default_area`). A fixed number of queries per phase
    (the scorecard's own), none per target, indicator or area.
    """
    programmes = list(
        Programme.objects.select_related("area").prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("start_year"))
        )
    )
    areas = {
        programme.pk: programme.area if user is None else default_area(user, programme.area)
        for programme in programmes
    }
    programmes = [programme for programme in programmes if areas[programme.pk] is not None]
    phases = [phase for programme in programmes for phase in programme.phases.all()]
    latest = latest_years_with_figures(phases, user=user)
    today = timezone.localdate()
    cards = []
    for programme in programmes:
        card = ProgrammeCard(programme=programme, area=areas[programme.pk])
        counts = unapproved_figures(area=card.area, phases=programme.phases.all())
        for phase in programme.phases.all():
            year = default_year(phase, latest, today)
            scorecard = phase_scorecard(
                phase=phase, area=card.area, year=year, approved_only=approved_only
            )
            unapproved = unapproved_until(counts, phase, year)
            card.phases.append(PhaseCard(phase=phase, scorecard=scorecard, unapproved=unapproved))
        cards.append(card)
    return cards


# Phase: objectives → targets, with the previous phase's figure


@dataclass
class ReviewLine:
    line: ScorecardLine
    previous: PreviousPhaseValue | None
    change: Change | None

    @property
    def target(self):
        return self.line.target

    @property
    def indicator(self) -> Indicator:
        return self.line.target.indicator

    @property
    def status_label(self) -> str:
        return TargetStatus(self.line.status).label


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


def previous_phase_values(
    indicators: Iterable[Indicator], area: Area, approved_only: bool = False
) -> dict[int, PreviousPhaseValue]:
    """For each indicator with a predecessor, its predecessor's figure in `area` at the
    end of the previous phase, keyed by the indicator's id (three queries)."""
    previous_ids = {i.previous_id for i in indicators if i.previous_id}
    if not previous_ids:
        return {}
    previous = {
        p.pk: p for p in Indicator.objects.filter(pk__in=previous_ids).select_related("phase")
    }
    actuals = Actuals(
        indicators=previous.values(),
        root=area,
        years={p.phase.end_year for p in previous.values()},
        approved_only=approved_only,
    )
    values = {}
    for indicator in indicators:
        before = previous.get(indicator.previous_id)
        if before is None:
            continue
        actual = actuals.get(before, area, before.phase.end_year)
        if actual is not None:
            values[indicator.pk] = PreviousPhaseValue(before, actual.value, before.phase.end_year)
    return values


def phase_review(
    *,
    phase: Phase,
    area: Area | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> PhaseReview:
    """The phase's scorecard grouped by objective, each target with the previous phase's
    figure and the change on it (rule 4) in its unit; `approved_only` as the scorecard's."""
    scorecard = phase_scorecard(phase=phase, area=area, year=year, approved_only=approved_only)
    indicators = [line.indicator for line in scorecard.lines]
    before = previous_phase_values(indicators, scorecard.area, approved_only)
    by_objective: dict[int, list[ReviewLine]] = defaultdict(list)
    for line in scorecard.lines:
        previous = before.get(line.indicator.pk)
        change = None
        if previous is not None and line.actual is not None:
            change = change_between(
                unit=line.indicator.unit, previous=previous.value, current=line.actual
            )
        by_objective[line.indicator.objective_id].append(ReviewLine(line, previous, change))
    monitoring = monitoring_lines(
        phase=phase,
        area=scorecard.area,
        year=scorecard.year,
        targeted={indicator.pk for indicator in indicators},
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
    return PhaseReview(scorecard=scorecard, objectives=objectives)


# Indicator: actual against target by year, by sex, and by child area


def actuals_by_sex(
    *, indicator: Indicator, root: Area, years: Iterable[int], approved_only: bool = False
) -> tuple[dict[str, Actuals], dict[int | None, list[Area]]]:
    """Actuals of `indicator` for total, female and male in `root`'s tree (two queries),
    and the tree itself (children by parent id); `approved_only`: approved figures only."""
    years = set(years)
    children: dict[int | None, list[Area]] = defaultdict(list)
    for area in Area.objects.in_tree_of(root).only(
        "id", "code", "name", "level", "parent_id", "path", "valid_from", "valid_to"
    ):
        children[area.parent_id].append(area)
    figures: dict[str, dict] = {sex: defaultdict(dict) for sex in Sex.values}
    figures_read = Measurement.objects.for_area_tree(root).filter(
        indicator=indicator, year__in=years
    )
    if approved_only:
        figures_read = figures_read.filter(status=MeasurementStatus.APPROVED)
    rows = figures_read.values_list(
        "sex", "area_id", "year", "period", "value", "numerator", "denominator"
    )
    for sex, area_id, year, period, value, numerator, denominator in rows:
        figures[sex][(indicator.pk, area_id, year)][period] = Actual(value, numerator, denominator)
    actuals = {
        # Rule 1 over one sex's figures: the engine's own roll-up, fed these rows.
        sex: Actuals.from_rows(
            indicator=indicator, root=root, years=years, children=children, figures=figures[sex]
        )
        for sex in Sex.values
    }
    return actuals, children


def _value(actual: Actual | None) -> Decimal | None:
    return actual.value if actual is not None else None


@dataclass
class YearRow:
    year: int
    actual: Decimal | None
    target: Decimal | None
    female: Decimal | None
    male: Decimal | None


@dataclass
class ChildRow:
    area: Area
    total: Decimal | None
    female: Decimal | None
    male: Decimal | None
    rolled_up_from: int  # 0: the area's own figure; n: added up from n areas below it


@dataclass
class IndicatorDetail:
    progress: Progress
    years: list[YearRow]
    has_sex: bool
    year: int
    children: list[ChildRow]

    @property
    def latest(self) -> YearRow | None:
        with_actual = [row for row in self.years if row.actual is not None]
        return with_actual[-1] if with_actual else None


def indicator_detail(
    *,
    indicator: Indicator,
    area: Area | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> IndicatorDetail:
    """Actual against target for every year of the phase, female and male where they
    exist, the change on the previous phase, and every child area's figure for `year`
    (default: the latest year with an actual)."""
    phase = indicator.phase
    area = area or phase.programme.area
    progress = indicator_progress(indicator=indicator, area=area, approved_only=approved_only)
    years = list(range(phase.start_year, phase.end_year + 1))
    by_sex, children = actuals_by_sex(
        indicator=indicator, root=area, years=years, approved_only=approved_only
    )
    rows = []
    for point, y in zip(progress.series, years, strict=True):
        rows.append(
            YearRow(
                year=y,
                actual=point.actual,
                target=point.target,
                female=_value(by_sex[Sex.FEMALE].get(indicator, area, y)),
                male=_value(by_sex[Sex.MALE].get(indicator, area, y)),
            )
        )
    has_sex = any(row.female is not None or row.male is not None for row in rows)
    if year is None:
        with_actual = [row.year for row in rows if row.actual is not None]
        year = with_actual[-1] if with_actual else phase.end_year
    child_rows = []
    for child in sorted(children.get(area.pk, []), key=lambda a: a.code):
        if not child.is_valid_in_year(year):
            continue
        total = by_sex[Sex.TOTAL].get(indicator, child, year)
        child_rows.append(
            ChildRow(
                area=child,
                total=_value(total),
                female=_value(by_sex[Sex.FEMALE].get(indicator, child, year)),
                male=_value(by_sex[Sex.MALE].get(indicator, child, year)),
                rolled_up_from=total.child_areas if total is not None else 0,
            )
        )
    return IndicatorDetail(
        progress=progress, years=rows, has_sex=has_sex, year=year, children=child_rows
    )
