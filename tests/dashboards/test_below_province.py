"""The phase page for a district or commune (issue #14 point 5): the area's actuals against
the province's targets, labelled so, and per indicator its child areas ranked best first by
the indicator's direction, with the indicator's decimals; a fixed number of queries."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from dashboards.below_province import below_province
from indicators.models import Direction, Unit
from programmes.models import AreaLevel
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
# The phase page's own (the district's empty scorecard and its monitoring indicators
# included) and, below the province, the province's targets, one roll-up of three
# (`indicators.actuals.Actuals`), the rows of the leaf communes for the year and their
# names: the same at 3 and 8 communes.
BELOW_QUERIES = 27


def build(communes: int = 3):
    """Tỉnh Lam Sơn (fictional): district LS-1 with `communes` communes, district LS-2.
    1.1 a rate (increase, one decimal, target ≥ 30%); 1.2 a count (decrease, ≤ 10)."""
    province = AreaFactory(code="LS", name="Tỉnh Lam Sơn")
    district = AreaFactory(code="LS-1", name="Huyện Một", parent=province, level=AreaLevel.DISTRICT)
    AreaFactory(code="LS-2", name="Huyện Hai", parent=province, level=AreaLevel.DISTRICT)
    places = [
        AreaFactory(code=f"LS-1-{n}", name=f"Xã {n}", parent=district, level=AreaLevel.COMMUNE)
        for n in range(1, communes + 1)
    ]
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2016, end_year=2020)
    objective = ObjectiveFactory(phase=phase, number=1)
    rate = IndicatorFactory(
        objective=objective, code="1.1", unit=Unit.PERCENT, decimals=1, name="Tỷ lệ"
    )
    count = IndicatorFactory(
        objective=objective,
        code="1.2",
        unit=Unit.COUNT,
        direction=Direction.DECREASE,
        name="Số trẻ em bị xâm hại",
    )
    TargetFactory(indicator=rate, area=province, year=2020, comparator="gte", value=D(30))
    TargetFactory(indicator=count, area=province, year=2020, comparator="lte", value=D(10))
    for place, (num, den) in zip(places[:2], [(3, 10), (1, 4)], strict=True):
        MeasurementFactory(
            indicator=rate,
            area=place,
            numerator=D(num),
            denominator=D(den),
            value=D(num) / D(den) * 100,
        )
    counts = [4, 2, 2] + [1] * (communes - 3)
    for place, value in zip(places, counts, strict=True):
        MeasurementFactory(indicator=count, area=place, value=D(value))
    return phase, province, district


def vi(name: str, *args) -> str:
    with translation.override("vi"):
        return reverse(name, args=args)


def test_a_district_is_judged_against_the_provinces_targets_with_its_communes_ranked():
    phase, _province, district = build()

    with translation.override("vi"):
        below = below_province(phase=phase, area=district, year=2020)
        lines = [
            (
                line.indicator.code,
                line.actual_text,
                line.status,
                [(c.rank, c.area.name, c.text) for c in line.children],
            )
            for line in below.lines
        ]

    assert lines == [
        # 4 of 14: 28,6% < 30%; Xã 3 has no figure and is not ranked.
        (
            "1.1",
            "28,6%",
            "not_achieved",
            [(1, "Xã 1", "30,0%"), (2, "Xã 2", "25,0%"), (None, "Xã 3", "–")],
        ),
        # 8 ≤ 10; fewer is better: the two communes with 2 share the first place.
        ("1.2", "8", "achieved", [(1, "Xã 2", "2"), (1, "Xã 3", "2"), (3, "Xã 1", "4")]),
    ]


def test_the_province_itself_keeps_its_scorecard():
    phase, province, _district = build()

    assert below_province(phase=phase, area=province, year=2020) is None


@pytest.mark.parametrize("communes", [3, 8])
def test_the_district_page_says_the_targets_are_the_provinces_in_fixed_queries(
    admin_client, django_assert_max_num_queries, communes
):
    phase, _province, _district = build(communes)

    with django_assert_max_num_queries(BELOW_QUERIES):
        response = admin_client.get(
            vi("dashboards:phase", phase.pk), {"area": "LS-1", "year": "2020"}
        )

    page = response.content.decode()
    assert response.context["below"].area.code == "LS-1"
    assert "Huyện Một so với chỉ tiêu của tỉnh (Tỉnh Lam Sơn)" in page
    assert "1. Xã 1: 30,0%" in page
    assert "0/0" not in page


def test_a_district_with_targets_of_its_own_keeps_its_scorecard(admin_client):
    phase, _province, district = build()
    rate = phase.objectives.get().indicators.get(code="1.1")
    TargetFactory(indicator=rate, area=district, year=2020, comparator="gte", value=D(25))

    response = admin_client.get(vi("dashboards:phase", phase.pk), {"area": "LS-1", "year": "2020"})

    assert response.context["below"] is None
    assert "1/1" in response.content.decode()
