"""What a programme's reporting calendar says is due: which indicators, from which areas,
by when, for a period.

A programme without a calendar collects every indicator of the phase as the indicator
says (`reporting_frequency`, `by_sex`: yearly and not split unless set), from the lowest
level of its area tree (DESIGN.md §6 `entry-form/`). With a calendar, an assignment says
how often and from which level; an indicator reported by sex is split whatever its
assignment says (the indicator is the source of truth, the assignment's `by_sex` can only
add the split for its years). The
areas that report for a period are those valid on its last day (rule 8).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from collection.models import Frequency, ReportingAssignment, ReportingCalendar
from core.periods import is_period, period_bounds, period_year
from indicators.models import Indicator, IndicatorSource
from programmes.models import Area, AreaLevel, Phase, Programme

# Days after a period ends that its figures are due, for a programme without a calendar.
DEFAULT_DUE_DAYS = {Frequency.HALF_YEAR: 15, Frequency.YEAR: 31}
LEVEL_DEPTH = {AreaLevel.PROVINCE: 0, AreaLevel.DISTRICT: 1, AreaLevel.COMMUNE: 2}

PERIOD_MALFORMED = _(
    'Write the period as a year ("2020") or a half-year ("2020S1" or "2020S2"); got "%(period)s".'
)
NO_PHASE_FOR_PERIOD = _("%(programme)s has no phase that covers %(year)s.")
PERIOD_OUTSIDE_PHASE = _(
    "The period %(period)s lies outside the phase %(phase)s (%(start)s–%(end)s)."
)


@dataclass(frozen=True)
class Due:
    """One indicator due in a period, and how it is reported."""

    indicator: Indicator
    frequency: str
    level: str
    by_sex: bool


def frequency_of(period: str) -> str:
    """A year is reported yearly, a half-year six-monthly."""
    return Frequency.YEAR if len(period) == 4 else Frequency.HALF_YEAR


def check_period(period: str) -> str:
    """`period` if well formed; a ValidationError on `period` otherwise."""
    if not is_period(period):
        raise ValidationError({"period": [PERIOD_MALFORMED % {"period": period}]})
    return period


def previous_period(period: str) -> str:
    """The period of the same kind before `period`: 2020 → 2019, 2020S1 → 2019S2."""
    year = period_year(period)
    if period.endswith("S2"):
        return f"{year}S1"
    if period.endswith("S1"):
        return f"{year - 1}S2"
    return str(year - 1)


def phase_for(programme: Programme, period: str) -> Phase:
    """The programme's phase that covers the period's year (one query)."""
    year = period_year(check_period(period))
    phase = (
        Phase.objects.filter(programme=programme, start_year__lte=year, end_year__gte=year)
        .order_by("start_year")
        .first()
    )
    if phase is None:
        message = NO_PHASE_FOR_PERIOD % {"programme": programme.name, "year": year}
        raise ValidationError({"period": [message]})
    return phase


def calendar_of(programme: Programme) -> ReportingCalendar | None:
    """The programme's calendar with its deadlines, or None (two queries)."""
    return (
        ReportingCalendar.objects.filter(programme=programme).prefetch_related("deadlines").first()
    )


def due_on(calendar: ReportingCalendar | None, period: str) -> datetime.date:
    """The day a period's figures are due: its deadline, else the calendar's days after it."""
    if calendar is not None:
        for deadline in calendar.deadlines.all():
            if deadline.period == period:
                return deadline.due_on
        days = (
            calendar.year_due_days
            if frequency_of(period) == Frequency.YEAR
            else calendar.half_year_due_days
        )
    else:
        days = DEFAULT_DUE_DAYS[frequency_of(period)]
    return period_bounds(period)[1] + datetime.timedelta(days=days)


def lowest_level(root: Area, on: datetime.date) -> str:
    """The deepest level of areas valid on `on` in `root`'s tree (one query)."""
    levels = set(
        Area.objects.in_tree_of(root)
        .valid_between(on, on)
        .values_list("level", flat=True)
        .distinct()
    )
    return max(levels or {root.level}, key=LEVEL_DEPTH.__getitem__)


def indicators_due(*, phase: Phase, period: str, calendar: ReportingCalendar | None) -> list[Due]:
    """The indicators of `phase` due in `period`, each with its frequency, level and split.

    With a calendar: its assignments of the phase's indicators for the period's kind
    that cover the year, within the calendar's years. Without one: every indicator
    entered by hand whose `reporting_frequency` is the period's kind. Indicators derived from care-model reports are never due.
    """
    year = period_year(check_period(period))
    if not phase.contains_year(year):
        message = PERIOD_OUTSIDE_PHASE % {
            "period": period,
            "phase": phase.name,
            "start": phase.start_year,
            "end": phase.end_year,
        }
        raise ValidationError({"period": [message]})
    frequency = frequency_of(period)
    programme_area = phase.programme.area
    lowest = lowest_level(programme_area, period_bounds(period)[1])
    if calendar is None:
        indicators = Indicator.objects.filter(
            phase=phase, source=IndicatorSource.MANUAL, reporting_frequency=frequency
        )
        return [Due(indicator, frequency, lowest, indicator.by_sex) for indicator in indicators]
    if not calendar.first_year <= year <= calendar.last_year:
        return []
    assignments = (
        ReportingAssignment.objects.filter(
            calendar=calendar, indicator__phase=phase, frequency=frequency
        )
        .exclude(indicator__source=IndicatorSource.CARE_MODELS)
        .select_related("indicator")
        .order_by("indicator__objective__number", "indicator__code")
    )
    return [
        Due(a.indicator, a.frequency, a.level or lowest, a.by_sex or a.indicator.by_sex)
        for a in assignments
        if a.covers(year)
    ]


def reporting_areas(*, root: Area, levels: set[str], period: str) -> list[Area]:
    """The areas at `levels` in `root`'s tree (itself included) valid on the period's
    last day, in tree order (one query)."""
    if not levels:
        return []
    last_day = period_bounds(period)[1]
    return list(
        Area.objects.in_tree_of(root)
        .valid_between(last_day, last_day)
        .filter(level__in=levels)
        .order_by("path")
    )
