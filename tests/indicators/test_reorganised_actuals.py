"""DESIGN.md §4 rule 8 in the roll-up engine: figures across reorganisations, each counted
once, with hand-computed values (issue 16 point 3)."""

import datetime
from decimal import Decimal as D

import pytest

from indicators.actuals import Actuals
from indicators.models import Accumulation, Unit
from indicators.rules import TargetStatus
from indicators.selectors import indicator_progress, phase_scorecard
from programmes.reorganisations import NewUnit, area_merge, area_rename, area_split
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
REASON = "Nghị quyết 202/2025/QH15 (hư cấu)"


def actual(indicator, area, year):
    result = Actuals(indicators=[indicator], root=area, years=[year]).get(indicator, area, year)
    return result.value if result is not None else None


def figure(indicator, area, period, value, numerator=None, denominator=None):
    MeasurementFactory(
        indicator=indicator,
        area=area,
        period=period,
        value=D(value),
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )


@pytest.fixture
def merged():
    """Two fictional provinces merged into a third on 2025-07-01, and its 2021–2025 phase
    with a count (flow) and a share (stock, from numerators and denominators)."""
    east = AreaFactory(code="XD", name="Tỉnh Xuân Đông")
    west = AreaFactory(code="XT", name="Tỉnh Xuân Tây")
    province = area_merge(
        areas=[east, west],
        into_code="XH",
        into_name="Tỉnh Xuân Hòa",
        kind="",
        parent=None,
        on=REFORM,
        user=None,
        reason=REASON,
    )
    phase = PhaseFactory(
        programme=ProgrammeFactory(area=province), name="2021–2025", start_year=2021, end_year=2025
    )
    objective = ObjectiveFactory(phase=phase, number=1)
    trained = IndicatorFactory(
        objective=objective, code="1.1", unit=Unit.COUNT, accumulation=Accumulation.FLOW
    )
    share = IndicatorFactory(
        objective=objective, code="1.2", unit=Unit.PERCENT, accumulation=Accumulation.STOCK
    )
    east.refresh_from_db()
    west.refresh_from_db()
    return province, east, west, phase, trained, share


def test_a_merged_province_reviews_the_phase_from_its_predecessors_figures(
    merged, django_assert_max_num_queries
):
    province, east, west, phase, trained, share = merged
    for year, e, w in ((2021, 100, 50), (2022, 120, 60), (2023, 130, 70), (2024, 140, 80)):
        figure(trained, east, str(year), e)
        figure(trained, west, str(year), w)
    figure(share, east, "2024", "25", 30, 120)
    figure(share, west, "2024", "25", 45, 180)
    figure(share, east, "2023", "20", 20, 100)
    figure(share, west, "2023", "30", 60, 200)
    # The predecessors also sent their first half of 2025 before they closed; the new
    # province reported the whole year: its figures stand, the halves are not added.
    figure(trained, east, "2025S1", 70)
    figure(trained, west, "2025S1", 40)
    figure(share, east, "2025S1", "40", 48, 120)
    figure(trained, province, "2025", 260)
    figure(share, province, "2025", "32.5", 104, 320)
    TargetFactory(indicator=trained, area=province, year=2025, comparator="gte", value=D("250"))
    TargetFactory(indicator=share, area=province, year=2025, comparator="gte", value=D("30"))
    TargetFactory(indicator=share, area=province, year=2023, comparator="gte", value=D("28"))

    series = {p.period: p.actual for p in indicator_progress(indicator=trained).series}
    assert series == {
        "2021": D("150"),
        "2022": D("180"),
        "2023": D("200"),
        "2024": D("220"),
        "2025": D("260"),
    }
    # Shares from numerators and denominators: (20 + 60) / (100 + 200), (30 + 45) / 300.
    series = {p.period: p.actual for p in indicator_progress(indicator=share).series}
    assert series == {
        "2021": None,
        "2022": None,
        "2023": D("26.6667"),
        "2024": D("25.0000"),
        "2025": D("32.5"),
    }
    with django_assert_max_num_queries(5):
        card = phase_scorecard(phase=phase)
    assert [(line.indicator.code, line.actual, line.status) for line in card.lines] == [
        ("1.1", D("260"), TargetStatus.ACHIEVED),
        ("1.2", D("32.5"), TargetStatus.ACHIEVED),
    ]
    card = phase_scorecard(phase=phase, year=2023)
    assert [(line.indicator.code, line.actual, line.status) for line in card.lines] == [
        ("1.1", D("200"), TargetStatus.OFF_TRACK),
        ("1.2", D("26.6667"), TargetStatus.NOT_ACHIEVED),
    ]


def test_a_merged_province_without_its_own_2025_figure_takes_its_predecessors_halves(merged):
    province, east, west, _phase, trained, share = merged
    figure(trained, east, "2025S1", 70)
    figure(trained, west, "2025S1", 40)
    figure(share, east, "2025S1", "40", 48, 120)
    figure(share, west, "2025S1", "20", 36, 180)
    assert actual(trained, province, 2025) == D("110")
    assert actual(share, province, 2025) == D("28.0000")


@pytest.fixture
def communes():
    """A fictional province whose districts end on 2025-06-30, their communes merged into
    new communes directly under the province from 2025-07-01."""
    province = AreaFactory(code="MH", name="Tỉnh Minh Hòa")
    one = AreaFactory(code="MH-1", level="district", parent=province)
    two = AreaFactory(code="MH-2", level="district", parent=province)
    old = {
        code: AreaFactory(code=code, level="commune", parent=district)
        for code, district in (("c1", one), ("c2", one), ("c3", two))
    }
    first = area_merge(
        areas=[old["c1"], old["c2"]],
        into_code="N1",
        into_name="Xã Hòa Một",
        kind="",
        parent=province,
        on=REFORM,
        user=None,
        reason=REASON,
    )
    second = area_rename(
        area=old["c3"], name="Xã Hòa Hai", code="N2", on=REFORM, user=None, reason=REASON
    )
    second.parent = province
    second.save()
    for district in (one, two):
        district.valid_to = datetime.date(2025, 6, 30)
        district.save()
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2021, end_year=2025)
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase), unit=Unit.COUNT, accumulation=Accumulation.FLOW
    )
    return province, (one, two), old, (first, second), indicator


def test_the_year_of_the_reform_counts_the_units_valid_on_its_last_day_once(communes):
    province, (one, _two), old, (first, second), indicator = communes
    figure(indicator, old["c1"], "2025S1", 10)
    figure(indicator, old["c2"], "2025S1", 20)
    figure(indicator, old["c3"], "2025S1", 5)
    figure(indicator, one, "2025S1", 30)
    figure(indicator, first, "2025", 75)
    # Hòa Một reported its whole year (75); Hòa Hai none, so the commune it took over
    # passes its figure on (5); the districts, closed, count no more: 80, not 145.
    assert actual(indicator, province, 2025) == D("80")
    assert actual(indicator, second, 2025) == D("5")
    figure(indicator, old["c1"], "2024", 11)
    figure(indicator, old["c2"], "2024", 22)
    figure(indicator, old["c3"], "2024", 33)
    # Before the reform the districts count, and a new commune sums its predecessors.
    assert actual(indicator, province, 2024) == D("66")
    assert actual(indicator, first, 2024) == D("33")
    assert actual(indicator, second, 2024) == D("33")


def test_a_split_communes_figures_go_to_its_principal_successor():
    province = AreaFactory(code="SP", name="Tỉnh Sơn Phú")
    commune = AreaFactory(code="S0", level="commune", parent=province)
    neighbour = AreaFactory(code="S9", level="commune", parent=province)
    other, principal = area_split(
        area=commune,
        into=[NewUnit("S1", "Xã Sơn Một", parent=province), neighbour],
        principal="S1",
        on=datetime.date(2023, 7, 1),
        user=None,
        reason=REASON,
    )
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(
            phase=PhaseFactory(programme=ProgrammeFactory(area=province), end_year=2023)
        ),
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
    )
    figure(indicator, commune, "2022", 40)
    figure(indicator, neighbour, "2022", 6)
    figure(indicator, commune, "2023S1", 10)
    figure(indicator, neighbour, "2023", 5)
    assert actual(indicator, principal, 2022) == D("40")
    assert actual(indicator, other, 2022) == D("6")
    assert actual(indicator, province, 2022) == D("46")
    assert actual(indicator, principal, 2023) == D("10")
    assert actual(indicator, province, 2023) == D("15")
    figure(indicator, principal, "2023", 18)
    # The principal successor's own figure for the year stands: 18 + 5, the split
    # commune's half-year not added again.
    assert actual(indicator, province, 2023) == D("23")
