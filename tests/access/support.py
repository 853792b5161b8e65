"""A small province with two districts and users of every role, for the access tests."""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator, Measurement, MeasurementStatus
from programmes.models import Area, AreaLevel, Objective, Phase, Programme
from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER, VIEWER
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
    UserFactory,
)
from tests.users import user_in_role


@dataclass
class World:
    province: Area
    own: Area  # the data-entry officer's district
    own_commune: Area
    foreign: Area  # another district
    programme: Programme
    phase: Phase
    objective: Objective
    indicator: Indicator
    own_figure: Measurement
    foreign_figure: Measurement
    users: dict


def build_world() -> World:
    province = AreaFactory(code="P", name="Tỉnh Minh Hòa")
    own = AreaFactory(code="D1", name="Huyện Một", level=AreaLevel.DISTRICT, parent=province)
    own_commune = AreaFactory(code="C1", name="Xã Một", level=AreaLevel.COMMUNE, parent=own)
    foreign = AreaFactory(code="D2", name="Huyện Hai", level=AreaLevel.DISTRICT, parent=province)
    programme = ProgrammeFactory(code="BDG", area=province)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020)
    objective = ObjectiveFactory(phase=phase, number=1)
    indicator = IndicatorFactory(objective=objective, code="1.1")
    TargetFactory(indicator=indicator, area=province, year=2020, value=Decimal("30"))
    own_figure = MeasurementFactory(indicator=indicator, area=own, period="2020")
    foreign_figure = MeasurementFactory(indicator=indicator, area=foreign, period="2020")
    users = {
        "viewer": user_in_role("viewer", VIEWER),
        "data_entry": user_in_role("entry", DATA_ENTRY, [own.code]),
        "provincial_officer": user_in_role("officer", PROVINCIAL_OFFICER),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    return World(
        province,
        own,
        own_commune,
        foreign,
        programme,
        phase,
        objective,
        indicator,
        own_figure,
        foreign_figure,
        users,
    )


def figure_in(world: World, area: Area, status=MeasurementStatus.DRAFT, period="2019"):
    return MeasurementFactory(indicator=world.indicator, area=area, period=period, status=status)
