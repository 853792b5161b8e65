"""The progress overview at national scale (issue #21 point 2): every programme's
scorecards in a fixed number of queries, equal to the scorecards one at a time, a page of
programmes at a time."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dashboards.overview import (
    PROGRAMMES_PER_PAGE,
    lineages_around,
    programmes_overview,
    unapproved_by_phase,
    visible_programmes,
)
from dashboards.selectors import unapproved_figures, unapproved_until
from indicators.models import MeasurementStatus, Sex
from indicators.selectors import phase_scorecard
from programmes.models import AreaLevel, AreaSuccession
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


def build_province(n: int):
    """Province n with two districts of two communes, a programme of two phases, three
    indicators (one with a target by sex) and figures: complete, missing or draft."""
    province = AreaFactory(code=f"T{n}", name=f"Tỉnh {n}")
    communes = []
    for d in range(2):
        district = AreaFactory(code=f"T{n}-{d}", parent=province, level=AreaLevel.DISTRICT)
        communes += [
            AreaFactory(code=f"T{n}-{d}-{c}", parent=district, level=AreaLevel.COMMUNE)
            for c in range(2)
        ]
    programme = ProgrammeFactory(area=province, code=f"PR{n}")
    previous = PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020, previous=previous)
    for number, the_phase in enumerate((previous, phase), start=1):
        objective = ObjectiveFactory(phase=the_phase, number=number)
        for i in range(3):
            indicator = IndicatorFactory(objective=objective, code=f"{number}.{i}")
            TargetFactory(indicator=indicator, value=D(20 + 10 * i))
            if i == 2:
                for sex in (Sex.FEMALE, Sex.MALE):
                    TargetFactory(indicator=indicator, sex=sex, value=D(15))
            for k, commune in enumerate(communes):
                if i == 1 and k == 3:
                    continue  # a commune without a figure: rolled up row by row
                for sex in (Sex.TOTAL, Sex.FEMALE, Sex.MALE):
                    MeasurementFactory(
                        indicator=indicator,
                        area=commune,
                        period=str(the_phase.end_year),
                        sex=sex,
                        value=D(5 * (k + n + i) + (3 if sex == Sex.FEMALE else 0)),
                        status=(MeasurementStatus.DRAFT if k == 0 else MeasurementStatus.APPROVED),
                    )
    return programme, communes


def progress_url() -> str:
    with translation.override("vi"):
        return reverse("dashboards:progress")


def queries_of_the_page(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(progress_url()).content.decode()
    return len(queries), html


def test_the_overview_runs_as_many_queries_for_five_programmes_as_for_two(admin_client):
    for n in range(2):
        build_province(n)
    two, html = queries_of_the_page(admin_client)
    assert html.count('class="phase-card"') == 4
    for n in range(2, 5):
        build_province(n)
    five, html = queries_of_the_page(admin_client)
    assert html.count('class="phase-card"') == 10
    assert two == five


def test_set_wise_scorecards_equal_the_scorecards_one_at_a_time(monkeypatch):
    monkeypatch.setattr("dashboards.overview.timezone.localdate", lambda: datetime.date(2026, 6, 1))
    for n in range(3):
        build_province(n)
    # A reorganisation (rule 8): province 0's first district took over the second in 2019.
    taken_over = AreaFactory(code="T0-1")
    taken_over.valid_to = datetime.date(2019, 6, 30)
    taken_over.save()
    AreaSuccession.objects.create(
        predecessor=taken_over,
        successor=AreaFactory(code="T0-0"),
        date=datetime.date(2019, 7, 1),
        principal=True,
    )
    for approved_only in (False, True):
        cards = programmes_overview(approved_only=approved_only)
        assert len(cards) == 3
        for card in cards:
            for phase_card in card.phases:
                alone = phase_scorecard(
                    phase=phase_card.phase,
                    area=card.area,
                    year=phase_card.scorecard.year,
                    approved_only=approved_only,
                )
                got = phase_card.scorecard
                assert [(line.target.pk, line.actual, line.status) for line in got.lines] == [
                    (line.target.pk, line.actual, line.status) for line in alone.lines
                ]
                assert [(o.objective.pk, o.achieved, o.not_achieved) for o in got.objectives] == [
                    (o.objective.pk, o.achieved, o.not_achieved) for o in alone.objectives
                ]
                assert [part.actual for line in got.lines for part in line.parts] == [
                    part.actual for line in alone.lines for part in line.parts
                ]


def test_figures_not_approved_yet_are_counted_from_the_summaries_as_from_the_figures():
    programmes = [build_province(n)[0] for n in range(2)]
    # A figure of the province itself, not approved: counted too.
    indicator = programmes[0].phases.order_by("start_year").last().indicators.first()
    MeasurementFactory(indicator=indicator, area=programmes[0].area, period="2019")
    judged = [
        (phase, programme.area, year)
        for programme in programmes
        for phase in programme.phases.all()
        for year in (phase.end_year,)
    ]
    counted = unapproved_by_phase(judged, lineages_around([area for _p, area, _y in judged]))
    expected = {
        phase.pk: unapproved_until(unapproved_figures(area=area, phases=[phase]), phase, year)
        for phase, area, year in judged
    }
    assert counted == expected
    assert counted[indicator.phase_id] == 3 * 3 + 1  # three indicators × three sexes, + 1


def test_the_overview_shows_a_page_of_programmes_at_a_time(admin_client):
    for n in range(PROGRAMMES_PER_PAGE + 2):
        ProgrammeFactory(area=AreaFactory(code=f"Q{n:02d}"), code=f"Q{n:02d}")
    per_page, total = PROGRAMMES_PER_PAGE, PROGRAMMES_PER_PAGE + 2
    assert len(visible_programmes()) == total
    first = admin_client.get(progress_url()).content.decode()
    assert first.count('<section class="programme"') == per_page
    assert f"Chương trình 1–{per_page} trên tổng số {total}" in first
    second = admin_client.get(progress_url() + "?page=2&figures=approved").content.decode()
    assert second.count('<section class="programme"') == 2
    assert f"Chương trình {per_page + 1}–{total} trên tổng số {total}" in second
    assert 'href="?figures=approved&amp;page=1"' in second
