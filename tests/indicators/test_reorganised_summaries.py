"""Issue 16, "Done when", through the summaries: a fictional province merged from two
predecessors on 2025-07-01 reviews 2021–2025 from commune figures entered by its
predecessors' communes for 2021–2024 and by its own communes for 2025. The roll-ups come
from `ChildSums` (rule 8 kept by the triggers), not from the figures row by row, and
equal a hand computation; 2025 is counted once; a split commune's figures go to its
principal successor."""

import datetime
from decimal import Decimal as D

import pytest

from indicators.actuals import Actuals
from indicators.models import Accumulation, ChildSums, Unit
from indicators.rules import TargetStatus
from indicators.selectors import phase_scorecard
from programmes.reorganisations import (
    NewUnit,
    area_merge,
    area_rename,
    area_reparent,
    area_split,
)
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)
from tests.indicators.summaries import assert_summaries_match

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
CLOSED = datetime.date(2025, 6, 30)
REASON = "Nghị quyết hư cấu về sắp xếp đơn vị hành chính"
YEARS = (2021, 2022, 2023, 2024, 2025)


def reorganise(service, **kwargs):
    services = {
        "merge": area_merge,
        "rename": area_rename,
        "split": area_split,
        "reparent": area_reparent,
    }
    return services[service](on=REFORM, user=None, reason=REASON, **kwargs)


@pytest.fixture
def reform():
    """Đông (districts Đ1: communes đ1, đ2; Đ2: commune đ3) and Tây (district T1:
    communes t1, t2) merge into Hòa on 2025-07-01; the districts end that day and the
    communes become Hòa's: đ1 + đ2 → h1, đ3 renamed h2, t1 split into h3 (principal) and
    h4, t2 renamed h5."""
    east = AreaFactory(code="DG", name="Tỉnh Đông", level="province")
    west = AreaFactory(code="TY", name="Tỉnh Tây", level="province")
    districts = {
        code: AreaFactory(code=code, name=f"Huyện {code}", level="district", parent=parent)
        for code, parent in (("D1", east), ("D2", east), ("T1", west))
    }
    old = {
        code: AreaFactory(code=code, name=f"Xã {code}", level="commune", parent=districts[d])
        for code, d in (("d1", "D1"), ("d2", "D1"), ("d3", "D2"), ("t1", "T1"), ("t2", "T1"))
    }
    province = reorganise(
        "merge",
        areas=[east, west],
        into_code="HH",
        into_name="Tỉnh Hòa",
        kind="",
        parent=None,
    )
    new = {
        "h1": reorganise(
            "merge",
            areas=[old["d1"], old["d2"]],
            into_code="h1",
            into_name="Xã h1",
            kind="",
            parent=province,
        )
    }
    for before, after in (("d3", "h2"), ("t2", "h5")):
        new[after] = reorganise("rename", area=old[before], name=f"Xã {after}", code=after)
        reorganise("reparent", area=new[after], parent=province)
    principal, other = reorganise(
        "split",
        area=old["t1"],
        into=[
            NewUnit("h3", "Xã h3", parent=province),
            NewUnit("h4", "Xã h4", parent=province),
        ],
        principal="h3",
    )
    new["h3"], new["h4"] = principal, other
    for district in districts.values():
        district.valid_to = CLOSED
        district.save()
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
    return province, (east, west), districts, old, new, phase, trained, share


def figure(indicator, area, period, value, numerator=None, denominator=None):
    MeasurementFactory(
        indicator=indicator,
        area=area,
        period=period,
        value=D(value),
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )


# Trained people per old commune and year (2021–2024), and per new commune in 2025.
OLD_TRAINED = {"d1": 10, "d2": 20, "d3": 30, "t1": 40, "t2": 50}
NEW_TRAINED = {"h1": 35, "h2": 36, "h3": 37, "h4": 38, "h5": 39}
# Households with clean water: (numerator, denominator) per old commune in 2024 and per
# new commune in 2025.
OLD_WATER = {"d1": (30, 100), "d2": (20, 100), "d3": (45, 150), "t1": (10, 50), "t2": (55, 100)}
NEW_WATER = {"h1": (80, 200), "h2": (60, 150), "h3": (20, 40), "h4": (10, 20), "h5": (70, 100)}


def enter_figures(old, new, districts, trained, share):
    for year in (2021, 2022, 2023, 2024):
        for code, value in OLD_TRAINED.items():
            figure(trained, old[code], str(year), value + year - 2021)
    for code, (numerator, denominator) in OLD_WATER.items():
        figure(share, old[code], "2024", D(100) * numerator / denominator, numerator, denominator)
    for code, value in NEW_TRAINED.items():
        figure(trained, new[code], "2025", value)
    for code, (numerator, denominator) in NEW_WATER.items():
        figure(share, new[code], "2025", D(100) * numerator / denominator, numerator, denominator)
    # Before they closed the old communes and a district sent their first half of 2025:
    # the units valid on 2025's last day count, so none of these is added.
    for code in OLD_TRAINED:
        figure(trained, old[code], "2025S1", 1000)
    figure(trained, districts["D1"], "2025S1", 5000)


def test_the_merged_provinces_review_comes_from_the_summaries_and_matches_the_hand_sums(
    reform, django_assert_max_num_queries
):
    province, _olds, districts, old, new, phase, trained, share = reform
    enter_figures(old, new, districts, trained, share)
    TargetFactory(indicator=trained, area=province, year=2025, comparator="gte", value=D("180"))
    TargetFactory(indicator=share, area=province, year=2025, comparator="gte", value=D("45"))

    # By hand: 2021 = 10 + 20 + 30 + 40 + 50 = 150, then 5 more a year (one per commune);
    # 2025 = 35 + 36 + 37 + 38 + 39 = 185, the halves of 2025 (5,000 and 5 × 1,000) not
    # added. Water 2024: (30 + 20 + 45 + 10 + 55) / (100 + 100 + 150 + 50 + 100) = 32 %;
    # 2025: (80 + 60 + 20 + 10 + 70) / (200 + 150 + 40 + 20 + 100) = 240 / 510.
    expected_trained = {2021: D(150), 2022: D(155), 2023: D(160), 2024: D(165), 2025: D(185)}
    with django_assert_max_num_queries(3):
        actuals = Actuals(indicators=[trained, share], root=province, years=YEARS)
    got = {year: actuals.get(trained, province, year).value for year in YEARS}
    assert got == expected_trained
    assert actuals.get(share, province, 2024).value == D("32.0000")
    water = actuals.get(share, province, 2025)
    assert (water.value, water.numerator, water.denominator) == (D("47.0588"), 240, 510)
    assert actuals.get(share, province, 2023) is None

    # Through the summaries: each district's and Hòa's roll-up is read from ChildSums,
    # and the trained people of no year had to be read figure by figure (the share has
    # no figure at all before 2024: its communes are then read, and found empty).
    d1, d2, t1 = (districts[code] for code in ("D1", "D2", "T1"))
    assert {(trained.pk, d.pk, year) for d in (d1, d2, t1) for year in range(2021, 2025)} <= (
        actuals.summed
    )
    assert (trained.pk, province.pk, 2025) in actuals.summed
    assert (share.pk, province.pk, 2025) in actuals.summed
    assert actuals.by_row == {(share.pk, year) for year in (2021, 2022, 2023)}
    # The sums themselves: Hòa's 2025 row holds its five communes' figures only; Đ1's
    # 2025 row nothing (its communes passed their figures on), and 2024 the two of them.
    assert ChildSums.objects.get(indicator=trained, parent=province, year=2025).figures == 5
    assert ChildSums.objects.get(indicator=trained, parent=province, year=2025).value_sum == 185
    assert not ChildSums.objects.filter(indicator=trained, parent=d1, year=2025, figures__gt=0)
    assert ChildSums.objects.get(indicator=trained, parent=d1, year=2024).value_sum == 36
    assert_summaries_match()

    with django_assert_max_num_queries(5):
        card = phase_scorecard(phase=phase)
    assert [(line.indicator.code, line.actual, line.status) for line in card.lines] == [
        ("1.1", D("185"), TargetStatus.ACHIEVED),
        ("1.2", D("47.0588"), TargetStatus.ACHIEVED),
    ]


def test_a_split_communes_figures_go_to_its_principal_successor_through_the_sums(reform):
    province, _olds, _districts, old, new, _phase, trained, _share = reform
    # The split commune t1 reports 2025's first half, then its successors nothing: the
    # principal successor h3 takes t1's figures, h4 none; Hòa adds h3's 7 once.
    figure(trained, old["t1"], "2025S1", 7)
    for code in ("h1", "h2", "h5"):
        figure(trained, new[code], "2025", NEW_TRAINED[code])
    for year in (2021, 2024):
        figure(trained, old["t1"], str(year), 40)

    actuals = Actuals(indicators=[trained], root=province, years=YEARS)

    assert actuals.get(trained, new["h3"], 2025).value == D(7)
    assert actuals.get(trained, new["h4"], 2025) is None
    assert actuals.get(trained, province, 2025).value == D(35 + 36 + 39 + 7)
    # Before the split: h3, asked for 2024, is t1; h4, of which t1 is not the principal
    # predecessor, has nothing.
    assert actuals.get(trained, new["h3"], 2024).value == D(40)
    assert actuals.get(trained, new["h4"], 2024) is None
    assert_summaries_match()


def test_a_reorganisation_after_the_figures_sums_the_parents_again(reform):
    """Figures first, then a commune moved and another merged: the summaries follow in
    the reorganisation's transaction, as the rebuild would write them."""
    province, _olds, districts, old, new, _phase, trained, _share = reform
    enter_figures(old, new, districts, trained, _share)
    assert ChildSums.objects.get(indicator=trained, parent=province, year=2025).figures == 5

    area_merge(
        areas=[new["h4"], new["h5"]],
        into_code="h6",
        into_name="Xã h6",
        kind="",
        parent=province,
        on=datetime.date(2025, 10, 1),
        user=None,
        reason=REASON,
    )

    # h4 and h5 closed on 2025-09-30 and pass their figures to h6, which has none: Hòa's
    # sums count h1, h2, h3 (35 + 36 + 37), and h6 takes h4's and h5's (38 + 39).
    row = ChildSums.objects.get(indicator=trained, parent=province, year=2025)
    assert (row.figures, row.value_sum) == (3, 108)
    assert_summaries_match()
    actuals = Actuals(indicators=[trained], root=province, years=[2025])
    assert actuals.get(trained, province, 2025).value == D(185)
