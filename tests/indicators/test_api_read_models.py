"""API v1 read models: the scorecard and progress on the previous phase."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import (
    Unit,
)
from indicators.services import (
    YEAR_OUTSIDE_PHASE,
)
from tests.api_support import seed_like_story
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


# Scorecard


def test_the_scorecard_tells_the_seed_like_story(admin_api):
    story = seed_like_story()

    response = admin_api.get(f"/api/v1/phases/{story.phase.pk}/scorecard/")

    payload = response.json()
    assert response.status_code == 200
    assert {
        key: value for key, value in payload.items() if key not in ("objectives", "targets")
    } == {
        "phase": story.phase.pk,
        "area": "35",
        "year": 2020,
        "targets_total": 24,
        "achieved": 18,
        "not_achieved": 4,
        "no_data": 2,
        "on_track": 0,
        "off_track": 0,
    }
    assert [(o["number"], o["targets_total"], o["achieved"]) for o in payload["objectives"]] == [
        (1, 4, 4),
        (2, 4, 4),
        (3, 3, 3),
        (4, 3, 3),
        (5, 4, 4),
        (6, 3, 0),
        (7, 3, 0),
    ]
    female_owners = next(t for t in payload["targets"] if t["indicator_code"] == "2.2")
    target = story.female_owners.targets.get()
    assert female_owners == {
        "target": target.pk,
        "indicator": story.female_owners.pk,
        "indicator_code": "2.2",
        "objective": story.female_owners.objective_id,
        "comparator": "gte",
        "target_value": "30",
        "actual": "32.9",
        "status": "achieved",
        "explanation": "In 2020: 32.9%, exceeding the target of at least 30%.",
        "sex": "total",
        "value_max": None,
        "parts": [
            {
                "target": target.pk,
                "sex": "total",
                "comparator": "gte",
                "target_value": "30",
                "value_max": None,
                "actual": "32.9",
                "status": "achieved",
                "explanation": "In 2020: 32.9%, exceeding the target of at least 30%.",
            }
        ],
    }
    assert [t["indicator_code"] for t in payload["targets"]][:6] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
    ]


def test_the_scorecard_is_exact_for_one_objective(admin_api, indicator):
    target = TargetFactory(indicator=indicator, value=Decimal("30"))
    MeasurementFactory(indicator=indicator, value=Decimal("28"))

    response = admin_api.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/")

    objective = indicator.objective
    assert response.json() == {
        "phase": indicator.phase_id,
        "area": "35",
        "year": 2020,
        "targets_total": 1,
        "achieved": 0,
        "not_achieved": 1,
        "no_data": 0,
        "on_track": 0,
        "off_track": 0,
        "objectives": [
            {
                "id": objective.pk,
                "number": 2,
                "title": objective.title,
                "targets_total": 1,
                "achieved": 0,
                "not_achieved": 1,
                "no_data": 0,
                "on_track": 0,
                "off_track": 0,
            }
        ],
        "targets": [
            {
                "target": target.pk,
                "indicator": indicator.pk,
                "indicator_code": "2.2",
                "objective": objective.pk,
                "comparator": "gte",
                "target_value": "30",
                "actual": "28",
                "status": "not_achieved",
                "explanation": "In 2020: 28%, short of the target of at least 30%.",
                "sex": "total",
                "value_max": None,
                "parts": [
                    {
                        "target": target.pk,
                        "sex": "total",
                        "comparator": "gte",
                        "target_value": "30",
                        "value_max": None,
                        "actual": "28",
                        "status": "not_achieved",
                        "explanation": "In 2020: 28%, short of the target of at least 30%.",
                    }
                ],
            }
        ],
    }


def test_the_scorecard_before_the_target_year_is_on_or_off_track(admin_api, indicator):
    district = AreaFactory(code="347", parent=indicator.phase.programme.area)
    TargetFactory(
        indicator=indicator,
        area=district,
        baseline_value=Decimal("20"),
        baseline_year=2015,
        value=Decimal("30"),
    )
    MeasurementFactory(indicator=indicator, area=district, period="2018", value=Decimal("27"))

    response = admin_api.get(
        f"/api/v1/phases/{indicator.phase_id}/scorecard/", {"area": "347", "year": 2018}
    )

    payload = response.json()
    assert (payload["area"], payload["year"], payload["on_track"]) == ("347", 2018, 1)
    assert payload["targets"][0]["status"] == "on_track"
    assert payload["targets"][0]["explanation"] == (
        "In 2018: 27%, on course for the 2020 target of at least 30% (expected 26%)."
    )


def test_the_scorecard_answers_in_vietnamese_without_accept_language(superuser, indicator):
    TargetFactory(indicator=indicator, value=Decimal("30"))
    MeasurementFactory(indicator=indicator, value=Decimal("32.9"))
    client = APIClient()
    client.force_authenticate(superuser)

    response = client.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/")

    assert response["Content-Language"] == "vi"
    assert "32,9%" in response.json()["targets"][0]["explanation"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"area": "NOPE"}, lambda: {"area": ["Object with code=NOPE does not exist."]}),
        ({"year": "soon"}, lambda: {"year": ["A valid integer is required."]}),
        (
            {"year": 2021},
            lambda: {
                "year": [
                    str(
                        YEAR_OUTSIDE_PHASE
                        % {"year": 2021, "phase": "2016–2020", "start": 2016, "end": 2020}
                    )
                ]
            },
        ),
    ],
)
def test_a_bad_scorecard_query_is_a_400(admin_api, indicator, query, errors):
    response = admin_api.get(f"/api/v1/phases/{indicator.phase_id}/scorecard/", query)

    assert response.status_code == 400
    assert response.json() == errors()


def test_the_scorecard_of_an_unknown_phase_is_a_404(admin_api):
    assert admin_api.get("/api/v1/phases/999/scorecard/").status_code == 404


def _phase_with_targets(count: int):
    phase = PhaseFactory(programme__area=AreaFactory(code=f"P{count}"))
    objectives = ObjectiveFactory.create_batch(5, phase=phase)
    for number in range(count):
        indicator = IndicatorFactory(objective=objectives[number % 5], code=f"9.{number}")
        TargetFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator, value=Decimal(number))
    return phase


def test_the_scorecard_runs_the_same_queries_for_5_and_for_50_targets(
    admin_api, django_assert_num_queries
):
    small, large = _phase_with_targets(5), _phase_with_targets(50)

    # the phase, then the scorecard's: its objectives with their targets (one query for
    # the API's rows), the units and the figures (an area without children has no sums)
    with django_assert_num_queries(4):
        small_card = admin_api.get(f"/api/v1/phases/{small.pk}/scorecard/").json()
    with django_assert_num_queries(4):
        large_card = admin_api.get(f"/api/v1/phases/{large.pk}/scorecard/").json()
    assert (small_card["targets_total"], large_card["targets_total"]) == (5, 50)


# Progress


def test_progress_gives_the_change_on_the_previous_phase(admin_api):
    story = seed_like_story()
    indicator = story.female_owners

    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/")

    assert response.status_code == 200
    assert response.json() == {
        "indicator": indicator.pk,
        "area": "35",
        "series": [
            {"period": "2016", "actual": None, "target": None},
            {"period": "2017", "actual": None, "target": None},
            {"period": "2018", "actual": None, "target": None},
            {"period": "2019", "actual": None, "target": None},
            {"period": "2020", "actual": "32.9", "target": "30"},
        ],
        "previous_phase": {
            "indicator": indicator.previous_id,
            "value": "25.2",
            "year": 2015,
            "start_year": 2011,
            "aggregate": "end_value",
        },
        "change": {
            "absolute": "7.7",
            "relative_percent": "30.56",
            "headline": "percentage_points",
            "aggregate": "end_value",
            "series_break": False,
        },
        "change_by_sex": {"female": None, "male": None},
    }


def test_progress_of_an_indicator_by_sex_gives_each_sex_s_change(
    admin_api, judged_by_sex, django_assert_num_queries
):
    """Quyết định 2351/QĐ-TTg chỉ tiêu 2.1 ("ít nhất 40% cho mỗi giới") is judged by sex and
    has no total: the change on the previous phase is each sex's (rule 4, percentage
    points for a share), women 38% → 41.5% and men 62% → 58.5%."""
    indicator = judged_by_sex

    # the 4 of any progress, then each sex's units and figures
    with django_assert_num_queries(6):
        response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/")

    body = response.json()
    assert (body["previous_phase"], body["change"]) == (None, None)  # no total figures
    assert body["change_by_sex"] == {
        "female": {
            "absolute": "3.5",
            "relative_percent": "9.21",
            "headline": "percentage_points",
            "aggregate": "end_value",
            "series_break": False,
        },
        "male": {
            "absolute": "-3.5",
            "relative_percent": "-5.65",
            "headline": "percentage_points",
            "aggregate": "end_value",
            "series_break": False,
        },
    }


def test_progress_of_a_count_headlines_the_percent_change(admin_api, indicator):
    old = IndicatorFactory(
        objective__phase=PhaseFactory(
            programme=indicator.phase.programme, start_year=2011, end_year=2015
        ),
        unit=Unit.COUNT,
    )
    indicator.unit, indicator.previous = Unit.COUNT, old
    indicator.save()
    MeasurementFactory(indicator=old, period="2015", value=Decimal("200"))
    MeasurementFactory(indicator=indicator, period="2019", value=Decimal("250"))

    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/", {"area": "35"})

    assert response.json()["change"] == {
        "absolute": "50",
        "relative_percent": "25",
        "headline": "percent",
        "aggregate": "end_value",
        "series_break": False,
    }


def test_progress_without_a_previous_phase_has_no_change(admin_api, indicator):
    response = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/")

    assert (response.json()["previous_phase"], response.json()["change"]) == (None, None)


def test_a_bad_progress_query_is_a_400_or_404(admin_api, indicator):
    unknown_area = admin_api.get(f"/api/v1/indicators/{indicator.pk}/progress/", {"area": "X"})

    assert unknown_area.status_code == 400
    assert unknown_area.json() == {"area": ["Object with code=X does not exist."]}
    assert admin_api.get("/api/v1/indicators/999/progress/").status_code == 404


def test_progress_runs_a_fixed_number_of_queries(admin_api, django_assert_num_queries):
    story = seed_like_story()

    # the indicator, its units, its figures (a province without districts has no sums),
    # its targets
    with django_assert_num_queries(4):
        response = admin_api.get(f"/api/v1/indicators/{story.female_owners.pk}/progress/")
    assert response.status_code == 200
