"""Each dashboard page runs a fixed number of queries, whatever the number of objectives,
indicators, targets, areas and figures: the same ceiling holds at two sizes."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import Sex
from programmes.models import Area, AreaLevel
from programmes.roles import DATA_ENTRY
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

# Two for the session and the user, the rest the page's own. Each roll-up
# (`indicators.actuals.Actuals`) takes three: the tree, the database's sums, the rows.
# The area filter for a year takes two: the units the programme's area took over (their
# trees are offered too) and the predecessors of the units offered ("includes: …").
# Every page counts the figures behind it that are not approved yet in two more queries:
# the units behind it, then the counts kept per parent area with the tops' own figures.
HOME_QUERIES = 16  # with two phases: five of them are each phase's scorecard
# One finds the phase's issued review reports; one the indicators followed without a
# target against the previous phase; one the programme's owning departments; the
# monitoring indicators (without a target) take one, and a roll-up of three when any.
PHASE_QUERIES = 24
# One more finds the phase-end target whose baseline starts the chart's line to it.
INDICATOR_QUERIES = 15


def build_programme(size: int):
    """A programme with two phases, `size` objectives × `size` indicators each, and
    `size` districts × `size` communes, every commune with figures by sex."""
    province = AreaFactory(code="QP", name="Tỉnh Quy Mô")
    communes = []
    for d in range(size):
        district = AreaFactory(
            code=f"QP-{d}", name=f"Huyện {d}", parent=province, level=AreaLevel.DISTRICT
        )
        communes += [
            AreaFactory(
                code=f"QP-{d}-{c}", name=f"Xã {d}.{c}", parent=district, level=AreaLevel.COMMUNE
            )
            for c in range(size)
        ]
    programme = ProgrammeFactory(area=province)
    previous = PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020, previous=previous)
    indicators = []
    for o in range(1, size + 1):
        objective = ObjectiveFactory(phase=phase, number=o)
        earlier_objective = ObjectiveFactory(phase=previous, number=o)
        for i in range(1, size + 1):
            before = IndicatorFactory(objective=earlier_objective, code=f"{o}.{i}")
            TargetFactory(indicator=before, area=province, year=2015, value=D(20))
            MeasurementFactory(indicator=before, area=province, period="2015", value=D(20))
            indicator = IndicatorFactory(objective=objective, code=f"{o}.{i}", previous=before)
            TargetFactory(indicator=indicator, area=province, year=2018, value=D(25))
            TargetFactory(indicator=indicator, area=province, year=2020, value=D(30))
            for commune in communes:
                for year in (2019, 2020):
                    for sex, numerator, denominator in (
                        (Sex.FEMALE, 3, 8),
                        (Sex.MALE, 2, 8),
                        (Sex.TOTAL, 5, 16),
                    ):
                        MeasurementFactory(
                            indicator=indicator,
                            area=commune,
                            period=str(year),
                            sex=sex,
                            numerator=D(numerator),
                            denominator=D(denominator),
                            value=D(numerator) / D(denominator) * 100,
                        )
            indicators.append(indicator)
    return phase, indicators


def vi_url(name: str, *args) -> str:
    with translation.override("vi"):
        return reverse(name, args=args)


@pytest.mark.parametrize("size", [1, 3])
def test_home_queries_do_not_grow_with_targets_or_areas(
    admin_client, django_assert_max_num_queries, size
):
    build_programme(size)
    with django_assert_max_num_queries(HOME_QUERIES):
        response = admin_client.get(vi_url("dashboards:home"))
    assert f"{size * size}/{size * size}" in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_phase_queries_do_not_grow_with_targets_or_areas(
    admin_client, django_assert_max_num_queries, size
):
    phase, _indicators = build_programme(size)
    with django_assert_max_num_queries(PHASE_QUERIES):
        response = admin_client.get(vi_url("dashboards:phase", phase.pk))
    html = response.content.decode()
    assert html.count('class="target-row"') == size * size
    assert html.count("+11,25 điểm phần trăm") == size * size  # 31.25% against 20%


@pytest.mark.parametrize("size", [1, 3])
def test_indicator_queries_do_not_grow_with_areas_or_years(
    admin_client, django_assert_max_num_queries, size
):
    _phase, indicators = build_programme(size)
    url = vi_url("dashboards:indicator", indicators[-1].pk)
    with django_assert_max_num_queries(INDICATOR_QUERIES):
        response = admin_client.get(url + "?year=2020")
    html = response.content.decode()
    assert html.count("data-area=") == size  # every district, rolled up from its communes
    assert "37,5%" in html and "25,0%" in html  # female 3/8, male 2/8


# A data-entry officer of one district: the same pages, scoped, still in fixed counts.
# At most five more than an administrator: the permissions (two queries), the scope
# (two: groups and assigned paths) and the assigned areas themselves.
SCOPE_QUERIES = 5
OFFICER_HOME_QUERIES = HOME_QUERIES + SCOPE_QUERIES
OFFICER_PHASE_QUERIES = PHASE_QUERIES + SCOPE_QUERIES
OFFICER_INDICATOR_QUERIES = INDICATOR_QUERIES + SCOPE_QUERIES


@pytest.fixture
def officer(client):
    """A data-entry officer of district QP-0, once `build_programme` has made it."""

    def sign_in():
        client.force_login(user_in_role("entry-qp0", DATA_ENTRY, ["QP-0"], staff=False))
        return client

    return sign_in


@pytest.mark.parametrize("size", [1, 3])
def test_a_data_entry_officers_pages_do_not_grow_with_targets_or_areas(
    officer, django_assert_max_num_queries, size
):
    phase, indicators = build_programme(size)
    district = Area.objects.get(code="QP-0")
    for indicator in indicators:
        TargetFactory(indicator=indicator, area=district, year=2020, value=D(30))
    client = officer()
    with django_assert_max_num_queries(OFFICER_HOME_QUERIES):
        html = client.get(vi_url("dashboards:progress")).content.decode()
    assert "Huyện 0" in html  # the scorecards are the district's: 31.25% against 30%
    assert f"{size * size}/{size * size}" in html
    with django_assert_max_num_queries(OFFICER_PHASE_QUERIES):
        html = client.get(vi_url("dashboards:phase", phase.pk)).content.decode()
    assert html.count('class="target-row"') == size * size
    url = vi_url("dashboards:indicator", indicators[-1].pk)
    with django_assert_max_num_queries(OFFICER_INDICATOR_QUERIES):
        html = client.get(url + "?year=2020").content.decode()
    assert html.count("data-area=") == size  # the district's communes, no other
    assert "37,5%" in html and "25,0%" in html  # female 3/8, male 2/8
