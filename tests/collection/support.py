"""A small province whose programme reports through a calendar, for the collection tests.

P (province) ─ D1 (district) ─ C11, C12 (communes)
             └ D2 (district) ─ C21 (commune)

Phase 2016–2020 with three indicators reported through the calendar:
- "C", children counted, by sex, by every commune, yearly;
- "R", a percentage (numerator / denominator), by every commune, yearly;
- "A", a count by sex, by every district, yearly until 2018, six-monthly from 2019.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from collection.models import Frequency, ReportingAssignment, ReportingCalendar
from indicators.models import Accumulation, Indicator, Unit
from programmes.models import Area, AreaLevel, Phase, Programme
from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER, VIEWER
from tests.access.support import user_in_role
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)


@dataclass
class Province:
    province: Area
    d1: Area
    d2: Area
    c11: Area
    c12: Area
    c21: Area
    programme: Programme
    phase: Phase
    calendar: ReportingCalendar
    count: Indicator  # "C"
    rate: Indicator  # "R"
    abused: Indicator  # "A"


def build_province() -> Province:
    province = AreaFactory(code="P", name="Tỉnh Thử")
    d1 = AreaFactory(code="D1", name="Huyện Một", level=AreaLevel.DISTRICT, parent=province)
    d2 = AreaFactory(code="D2", name="Huyện Hai", level=AreaLevel.DISTRICT, parent=province)
    c11 = AreaFactory(code="C11", name="Xã Một Một", level=AreaLevel.COMMUNE, parent=d1)
    c12 = AreaFactory(code="C12", name="Xã Một Hai", level=AreaLevel.COMMUNE, parent=d1)
    c21 = AreaFactory(code="C21", name="Xã Hai Một", level=AreaLevel.COMMUNE, parent=d2)
    programme = ProgrammeFactory(code="BVTE", name="Bảo vệ trẻ em", area=province)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020)
    objective = ObjectiveFactory(phase=phase, number=1)
    count = IndicatorFactory(
        objective=objective,
        code="C",
        name="Số trẻ em",
        unit=Unit.COUNT,
        accumulation=Accumulation.STOCK,
    )
    rate = IndicatorFactory(objective=objective, code="R", name="Tỷ lệ", unit=Unit.PERCENT)
    abused = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase, number=2),
        code="A",
        name="Số trẻ em bị xâm hại",
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
    )
    calendar = ReportingCalendar.objects.create(
        programme=programme, first_year=2016, last_year=2025, half_year_due_days=15
    )
    for indicator, frequency, level, by_sex, first, last in (
        (count, Frequency.YEAR, AreaLevel.COMMUNE, True, None, None),
        (rate, Frequency.YEAR, "", False, None, None),
        (abused, Frequency.YEAR, AreaLevel.DISTRICT, True, None, 2018),
        (abused, Frequency.HALF_YEAR, AreaLevel.DISTRICT, True, 2019, None),
    ):
        ReportingAssignment.objects.create(
            calendar=calendar,
            indicator=indicator,
            frequency=frequency,
            level=level,
            by_sex=by_sex,
            first_year=first,
            last_year=last,
        )
    return Province(
        province, d1, d2, c11, c12, c21, programme, phase, calendar, count, rate, abused
    )


def officer():
    return user_in_role("officer", PROVINCIAL_OFFICER)


def clerk(*areas: Area):
    return user_in_role("clerk", DATA_ENTRY, [area.code for area in areas])


def viewer():
    return user_in_role("viewer", VIEWER)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    """An aware moment in the project's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
