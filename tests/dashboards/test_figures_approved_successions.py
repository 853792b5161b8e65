"""The count of figures not approved behind a page includes those of the units the page's
numbers come from by succession (DESIGN §4 rule 8): a merged province's 2021–2024 come
from its predecessors' figures, so their drafts are behind its pages too."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from dashboards.selectors import unapproved_figures, unapproved_until
from indicators.models import Accumulation, Measurement, MeasurementStatus, Unit
from programmes.models import AreaSuccession
from reports.selectors.results import figures_not_approved
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2025, 6, 30)
OPENED = datetime.date(2025, 7, 1)


@pytest.fixture
def merged():
    """Đông and Tây (a commune each) merged into Đông Tây on 2025-07-01, whose commune
    Hòa took over Đông's commune; a neighbouring province Bắc, untouched."""
    east = AreaFactory(code="DG", name="Tỉnh Đông", valid_to=CLOSED)
    east_commune = AreaFactory(code="DG-X", level="commune", parent=east, valid_to=CLOSED)
    west = AreaFactory(code="TY", name="Tỉnh Tây", valid_to=CLOSED)
    province = AreaFactory(code="DT", name="Tỉnh Đông Tây", valid_from=OPENED)
    hoa = AreaFactory(code="DT-HOA", level="commune", parent=province, valid_from=OPENED)
    north = AreaFactory(code="BC", name="Tỉnh Bắc")
    for old, new in ((east, province), (west, province), (east_commune, hoa)):
        AreaSuccession.objects.create(predecessor=old, successor=new, date=OPENED)
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2021, end_year=2025)
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase), unit=Unit.COUNT, accumulation=Accumulation.FLOW
    )

    def figure(area, period, status=MeasurementStatus.DRAFT):
        MeasurementFactory(indicator=indicator, area=area, period=period, value=D(1), status=status)

    figure(east_commune, "2023")  # a draft of a predecessor's tree
    figure(east_commune, "2024")
    figure(west, "2024")  # a draft of the other predecessor itself
    figure(west, "2023", MeasurementStatus.APPROVED)  # approved: not counted
    figure(hoa, "2025")  # a draft of the province's own tree
    figure(north, "2024")  # another province's draft: not behind this page
    return phase, indicator, province, hoa


def test_the_drafts_of_the_predecessors_are_behind_the_merged_provinces_numbers(merged):
    phase, indicator, province, hoa = merged

    counts = unapproved_figures(area=province, phases=[phase])

    assert counts == {(phase.pk, 2023): 1, (phase.pk, 2024): 2, (phase.pk, 2025): 1}
    assert unapproved_figures(area=province, indicator=indicator) == counts
    # A new commune's numbers: its own 2025, before that the commune it took over's.
    assert unapproved_figures(area=hoa, phases=[phase]) == {
        (phase.pk, 2023): 1,
        (phase.pk, 2024): 1,
        (phase.pk, 2025): 1,
    }
    assert figures_not_approved(phase=phase, area=province) == 4
    assert Measurement.objects.exclude(status=MeasurementStatus.APPROVED).count() == 5


def test_the_phase_page_of_a_merged_province_counts_its_predecessors_drafts(admin_client, merged):
    phase, _indicator, _province, _hoa = merged

    response = admin_client.get(reverse("dashboards:phase", args=[phase.pk]), {"year": "2024"})

    assert response.status_code == 200
    # Up to 2024: the three drafts of Đông's commune and of Tây.
    assert response.context["figures"]["unapproved"] == 3
    assert "Includes 3 figures not approved yet." in response.content.decode()


def test_the_counts_kept_per_parent_give_what_counting_the_figures_gives():
    """Figures at every level of a three-level tree (the province's own, a district's own,
    communes'), yearly and half-yearly, in every status: the count from the summaries
    kept per parent area plus the tops' own figures equals counting them one by one."""
    province = AreaFactory(code="P")
    district = AreaFactory(code="P-D", level="district", parent=province)
    communes = [AreaFactory(code=f"P-D-{n}", level="commune", parent=district) for n in (1, 2)]
    other = AreaFactory(code="Q-C", level="commune", parent=AreaFactory(code="Q"))
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2021, end_year=2025)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase), unit=Unit.COUNT)
    statuses = list(MeasurementStatus)
    for n, (area, period) in enumerate(
        (area, period)
        for area in (province, district, *communes, other)
        for period in ("2022", "2023S1", "2023S2", "2023", "2024")
    ):
        MeasurementFactory(
            indicator=indicator, area=area, period=period, value=D(n), status=statuses[n % 4]
        )

    def counted(areas):
        figures = Measurement.objects.filter(area__in=areas).exclude(
            status=MeasurementStatus.APPROVED
        )
        found = {}
        for year in (2022, 2023, 2024):
            if n := figures.filter(year=year).count():
                found[(phase.pk, year)] = n
        return found

    expected = counted([province, district, *communes])
    assert sum(expected.values()) == 15  # 20 figures, every fourth approved
    assert unapproved_figures(area=province, phases=[phase]) == expected
    assert unapproved_figures(area=district, indicator=indicator) == counted([district, *communes])
    assert unapproved_figures(area=communes[0], phases=[phase]) == counted([communes[0]])


def test_the_overview_counts_the_predecessors_drafts_as_the_phase_page_does(merged):
    """The overview counts every phase's drafts at once: a merged province's include its
    predecessors' (rule 8), as its phase page's do; a commune's page, beside it, keeps its
    own tree's (the province's own figures are not behind a commune)."""
    from dashboards.overview import unapproved_by_phase
    from dashboards.setwise import lineages_around

    phase, indicator, province, hoa = merged
    MeasurementFactory(indicator=indicator, area=province, period="2025", value=D(1))
    judged = [(phase, province, 2024), (phase, province, 2025)]
    assert unapproved_by_phase(judged[:1], lineages_around([province])) == {phase.pk: 3}
    assert unapproved_by_phase(judged[1:], lineages_around([province])) == {phase.pk: 5}
    other = PhaseFactory(programme=ProgrammeFactory(area=hoa), start_year=2021, end_year=2025)
    MeasurementFactory(
        indicator=IndicatorFactory(objective=ObjectiveFactory(phase=other), unit=Unit.COUNT),
        area=hoa,
        period="2024",
        value=D(2),
    )
    both = [(phase, province, 2025), (other, hoa, 2025)]
    assert unapproved_by_phase(both, lineages_around([province, hoa])) == {
        phase.pk: 5,
        other.pk: 1,
    }
    assert unapproved_until(unapproved_figures(area=province, phases=[phase]), phase, 2025) == 5
