"""Completeness and timeliness of reporting for a programme, period and area (DESIGN §6).

expected: the (area, indicator) pairs due from the reporting areas under `area` (itself
included) by the programme's calendar; received: those with a submitted or approved
figure (any sex); on time: those received by the end of the due day.

When a figure was received is read from its history: the first time it entered
`submitted` (or `approved`, for a figure approved without a separate submission). A
figure returned for correction and sent again keeps its first submission's time: the
area met the deadline, and the correction was asked for afterwards.

Everything is counted in the database, grouped by the child of `area` each reporting
area lies under: a fixed number of queries whatever the number of areas.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat, StrIndex, Substr
from django.utils import timezone

from collection.calendar import Due, calendar_of, due_on, indicators_due, phase_for
from core.periods import period_bounds
from indicators.models import Measurement, MeasurementStatus
from programmes.models import Area, Programme

RECEIVED = (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED)


class _Rates:
    """The rates of a dataclass that counts expected, received and on-time pairs."""

    expected: int
    received: int
    on_time: int

    @property
    def rate_percent(self) -> Decimal | None:
        return _percent(self.received, self.expected)

    @property
    def on_time_percent(self) -> Decimal | None:
        return _percent(self.on_time, self.expected)


@dataclass
class AreaCompleteness(_Rates):
    area: Area
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.received


@dataclass
class Completeness(_Rates):
    programme: Programme
    period: str
    area: Area
    due_on: datetime.date
    expected: int = 0
    received: int = 0
    on_time: int = 0
    areas: list[AreaCompleteness] = field(default_factory=list)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _child_path(area: Area, path: str):
    """The path of the child of `area` that the row's area (its path in the field `path`)
    lies under; `area`'s own path for `area` itself."""
    rest = Substr(path, len(area.path) + 1)
    return Substr(path, 1, Value(len(area.path)) + StrIndex(rest, Value("/")))


def _received_by_child(
    area: Area, by_level: dict[str, list[Due]], *, period: str, deadline: datetime.date
):
    """Per child of `area`: the (area, indicator) pairs due that have a figure submitted or
    approved for `period`, and those of them that were so by the end of `deadline`."""
    last_day = period_bounds(period)[1]
    due_end = timezone.make_aware(
        datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time())
    )
    history = Measurement.history.model.objects.filter(
        id=OuterRef("pk"), status__in=RECEIVED, history_date__lt=due_end
    )
    pairs = Q()
    for level, level_dues in by_level.items():
        pairs |= Q(area__level=level, indicator_id__in=[d.indicator.pk for d in level_dues])
    pair = Concat(F("area_id"), Value(":"), F("indicator_id"), output_field=CharField())
    return (
        Measurement.objects.filter(pairs, period=period, status__in=RECEIVED)
        .filter(area__path__startswith=area.path)
        .filter(Q(area__valid_to__isnull=True) | Q(area__valid_to__gte=last_day))
        .filter(Q(area__valid_from__isnull=True) | Q(area__valid_from__lte=last_day))
        .annotate(child=_child_path(area, "area__path"), in_time=Exists(history))
        .values("child")
        .annotate(
            received=Count(pair, distinct=True),
            on_time=Count(pair, distinct=True, filter=Q(in_time=True)),
        )
        .order_by()
    )


def completeness(*, programme: Programme, period: str, area: Area) -> Completeness:
    """Expected, received and on-time pairs under `area`, in total and per child area."""
    phase = phase_for(programme, period)
    phase.programme = programme  # already read: spare indicators_due a query
    calendar = calendar_of(programme)
    dues = indicators_due(phase=phase, period=period, calendar=calendar)
    deadline = due_on(calendar, period)
    result = Completeness(programme=programme, period=period, area=area, due_on=deadline)
    last_day = period_bounds(period)[1]
    children = list(area.children.valid_between(last_day, last_day).order_by("path"))
    rows = {child.path: AreaCompleteness(child) for child in children}
    result.areas = list(rows.values())
    by_level: dict[str, list[Due]] = {}
    for due in dues:
        by_level.setdefault(due.level, []).append(due)
    if not by_level:
        return result

    reporting = (
        Area.objects.in_tree_of(area)
        .valid_between(last_day, last_day)
        .filter(level__in=by_level)
        .annotate(child=_child_path(area, "path"))
        .values("child", "level")
        .annotate(areas=Count("id"))
    )
    for row in reporting:
        expected = row["areas"] * len(by_level[row["level"]])
        result.expected += expected
        if row["child"] in rows:
            rows[row["child"]].expected += expected

    received = _received_by_child(area, by_level, period=period, deadline=deadline)
    for row in received:
        result.received += row["received"]
        result.on_time += row["on_time"]
        if row["child"] in rows:
            rows[row["child"]].received += row["received"]
            rows[row["child"]].on_time += row["on_time"]
    return result
