"""The dashboards' own reads: the default year, figures by sex."""

import datetime
from decimal import Decimal as D

import pytest

from dashboards.overview import programmes_overview
from dashboards.selectors import (
    default_year,
    indicator_detail,
    latest_years_with_figures,
)
from indicators.models import Sex
from programmes.models import AreaLevel
from programmes.reorganisations import area_merge
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)


@pytest.mark.django_db
def test_a_running_phase_is_judged_on_its_latest_year_with_figures():
    today = datetime.date(2024, 6, 1)
    phase = PhaseFactory(start_year=2021, end_year=2025)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase))
    for period in ("2021", "2023S1"):
        MeasurementFactory(indicator=indicator, period=period)
    latest = latest_years_with_figures([phase])
    assert latest == {phase.pk: 2023}
    assert default_year(phase, latest, today) == 2023
    # Once the phase is over, its end year: missing figures show as no data.
    assert default_year(phase, latest, datetime.date(2026, 1, 1)) == 2025
    # A running phase without any figure is judged on its end year.
    assert default_year(PhaseFactory(start_year=2024, end_year=2028), latest, today) == 2028


@pytest.mark.django_db
def test_the_overview_counts_a_running_phase_on_track(monkeypatch):
    monkeypatch.setattr("dashboards.overview.timezone.localdate", lambda: datetime.date(2024, 6, 1))
    phase = PhaseFactory(start_year=2021, end_year=2025)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase))
    TargetFactory(
        indicator=indicator, year=2025, value=D(50), baseline_value=D(30), baseline_year=2020
    )
    MeasurementFactory(indicator=indicator, period="2023", value=D(45))  # line: 42 in 2023
    (card,) = programmes_overview()
    (phase_card,) = card.phases
    assert (phase_card.scorecard.year, phase_card.scorecard.on_track) == (2023, 1)
    assert (phase_card.done, phase_card.judged_before_end) == (1, True)


@pytest.mark.django_db
def test_female_and_male_roll_up_from_child_areas_through_their_ratios():
    province = AreaFactory(code="P")
    districts = [
        AreaFactory(code=f"P-{n}", parent=province, level=AreaLevel.DISTRICT) for n in (1, 2)
    ]
    phase = PhaseFactory(programme=ProgrammeFactory(area=province))
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase))
    for district, (women, of_women, men, of_men) in zip(
        districts, [(3, 4, 1, 4), (1, 4, 1, 2)], strict=True
    ):
        for sex, numerator, denominator in (
            (Sex.FEMALE, women, of_women),
            (Sex.MALE, men, of_men),
            (Sex.TOTAL, women + men, of_women + of_men),
        ):
            MeasurementFactory(
                indicator=indicator,
                area=district,
                sex=sex,
                numerator=D(numerator),
                denominator=D(denominator),
                value=D(numerator) / D(denominator) * 100,
            )
    detail = indicator_detail(indicator=indicator)
    row = detail.years[-1]
    assert (row.year, row.actual, row.female, row.male) == (
        2020,
        D("42.8571"),
        D("50"),
        D("33.3333"),
    )
    assert detail.has_sex and detail.year == 2020
    assert [(c.area.code, c.female, c.male, c.rolled_up_from) for c in detail.children] == [
        ("P-1", D("75"), D("25"), 0),
        ("P-2", D("25"), D("50"), 0),
    ]


@pytest.mark.django_db
def test_a_merged_province_shows_its_predecessors_figures_by_sex_and_its_children_of_the_year():
    """Rule 8 on the indicator page: before the merger the predecessors' figures by sex,
    in 2025 the children valid on its last day only."""
    east, west = AreaFactory(code="XD"), AreaFactory(code="XT")
    old_commune = AreaFactory(code="XD-1", parent=east, level=AreaLevel.COMMUNE)
    province = area_merge(
        areas=[east, west],
        into_code="XH",
        into_name="Tỉnh Xuân Hòa",
        kind="",
        parent=None,
        on=datetime.date(2025, 7, 1),
        user=None,
        reason="Nghị quyết (hư cấu)",
    )
    old_commune.refresh_from_db()
    old_commune.valid_to = datetime.date(2025, 6, 30)
    old_commune.save()
    new_commune = AreaFactory(
        code="XH-1", parent=province, level=AreaLevel.COMMUNE, valid_from=datetime.date(2025, 7, 1)
    )
    phase = PhaseFactory(programme=ProgrammeFactory(area=province), start_year=2024, end_year=2025)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase), unit="count")
    for area, period, sex, value in (
        (east, "2024", Sex.FEMALE, 3),
        (west, "2024", Sex.FEMALE, 4),
        (old_commune, "2025S1", Sex.FEMALE, 9),
        (new_commune, "2025", Sex.FEMALE, 5),
        (new_commune, "2025", Sex.TOTAL, 11),
    ):
        MeasurementFactory(indicator=indicator, area=area, period=period, sex=sex, value=D(value))
    detail = indicator_detail(indicator=indicator, year=2025)
    assert [(row.year, row.female) for row in detail.years] == [(2024, D("7")), (2025, D("5"))]
    assert [(c.area.code, c.total, c.female) for c in detail.children] == [
        ("XH-1", D("11"), D("5"))
    ]


@pytest.mark.django_db
def test_the_phase_review_shows_each_sex_s_change_for_a_target_by_sex(client, django_user_model):
    """Quyết định 2351/QĐ-TTg chỉ tiêu 2.1 ("ít nhất 40% cho mỗi giới"), judged by sex with
    no total: the phase page gives each sex's change on the previous phase (rule 4),
    women 38% → 41,5% (+3,5 điểm phần trăm), men 62% → 58,5% (−3,5)."""
    from django.urls import reverse
    from django.utils import translation

    from dashboards.selectors import phase_review

    programme = ProgrammeFactory()
    before = IndicatorFactory(
        objective=ObjectiveFactory(
            phase=PhaseFactory(programme=programme, start_year=2011, end_year=2015)
        ),
        code="2.1",
    )
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase), code="2.1")
    indicator.previous = before
    indicator.save()
    for sex in ("female", "male"):
        TargetFactory(indicator=indicator, sex=sex, comparator="gte", value=D("40"))
    for of, period, female, male in [
        (before, "2015", "38", "62"),
        (indicator, "2020", "41.5", "58.5"),
    ]:
        MeasurementFactory(indicator=of, period=period, sex="female", value=D(female))
        MeasurementFactory(indicator=of, period=period, sex="male", value=D(male))

    review = phase_review(phase=phase)

    (line,) = review.objectives[0].lines
    assert line.change is None  # no total figures
    assert {sex: (c.absolute, c.headline) for sex, c in line.change_by_sex.items()} == {
        "female": (D("3.5"), "percentage_points"),
        "male": (D("-3.5"), "percentage_points"),
    }
    user = django_user_model.objects.create_superuser("boss", password="x")
    client.force_login(user)
    with translation.override("vi"):
        page = client.get(reverse("dashboards:phase", args=[phase.pk])).content.decode()
    assert '<span class="change-by-sex">Nữ: +3,5 điểm phần trăm</span><br>' in page
    assert '<span class="change-by-sex">Nam: −3,5 điểm phần trăm</span>' in page
