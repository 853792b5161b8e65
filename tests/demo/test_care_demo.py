"""The demo's care models: the summary endpoint's exact numbers and the fed indicator CP.5.

Every expected number below is written by hand from the tables in demo/care.py.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from care.models import CareModel, CareModelReport, Contribution, Partner
from indicators.models import Indicator
from indicators.selectors import indicator_progress
from tests.api_support import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def admin_api(superuser):
    return api_client(superuser)


def kind(name, running, reports, girls, boys, state, mobilised, contributions, outcomes):
    return {
        "kind": name,
        "models_running": running,
        "reports": reports,
        "beneficiaries_female": girls,
        "beneficiaries_male": boys,
        "beneficiaries_total": girls + boys,
        "state_budget_vnd": state,
        "mobilised_vnd": mobilised,
        "contributions_vnd": contributions,
        "outcomes": outcomes,
    }


def test_the_province_summary_for_2020(demo, admin_api):
    response = admin_api.get("/api/v1/care-models/summary/", {"year": 2020, "area": "MH"})

    assert response.status_code == 200
    assert response.json() == {
        "year": 2020,
        "area": "MH",
        "kinds": [
            kind(
                "community_rehabilitation",
                3, 3, 29, 37, 198_000_000, 88_000_000, 18_000_000,
                {"function_improved": 30},
            ),
            kind(
                "foster_care",
                2, 2, 9, 9, 108_000_000, 30_000_000, 15_000_000,
                {"placements_active": 15, "children_reintegrated": 5},
            ),
            kind(
                "vocational_training",
                2, 2, 16, 22, 155_000_000, 125_000_000, 60_000_000,
                {"trained": 38, "completed": 33, "employed": 26},
            ),
            kind(
                "psychotherapy",
                1, 1, 9, 7, 52_000_000, 32_000_000, 0,
                {"sessions": 192, "condition_improved": 11},
            ),
            kind("other", 0, 0, 0, 0, 0, 0, 0, {}),
        ],
    }  # fmt: skip


def test_the_city_summary_for_2020(demo, admin_api):
    data = admin_api.get("/api/v1/care-models/summary/", {"year": 2020, "area": "MH-01"}).json()

    assert [
        (k["kind"], k["models_running"], k["beneficiaries_total"], k["mobilised_vnd"])
        for k in data["kinds"]
    ] == [
        ("community_rehabilitation", 0, 0, 0),
        ("foster_care", 1, 10, 18_000_000),
        ("vocational_training", 1, 24, 95_000_000),
        ("psychotherapy", 1, 16, 32_000_000),
        ("other", 0, 0, 0),
    ]


def test_models_running_follow_their_dates(demo, admin_api):
    def running(year):
        data = admin_api.get("/api/v1/care-models/summary/", {"year": year}).json()
        return [k["models_running"] for k in data["kinds"]]

    # The second vocational model opens in September 2018; psychotherapy closes in 2020.
    assert running(2016) == [3, 2, 1, 1, 0]
    assert running(2018) == [3, 2, 2, 1, 0]
    assert running(2021) == [3, 2, 2, 0, 0]


def test_cp5_is_fed_by_the_rehabilitation_reports_and_rolls_up(demo):
    indicator = Indicator.objects.get(phase__programme__code="MH-BVTE", code="CP.5")

    progress = indicator_progress(indicator=indicator)

    assert indicator.source == "care_models"
    assert [point.actual for point in progress.series] == [
        Decimal(46),
        Decimal(51),
        Decimal(56),
        Decimal(61),
        Decimal(66),
    ]
    assert indicator.measurements.filter(year=2020, sex="female").count() == 3


def test_the_demo_records_counts_only(demo):
    assert CareModel.objects.count() == 8
    assert CareModelReport.objects.count() == 38
    assert Partner.objects.count() == 6
    assert Contribution.objects.count() == 19
    assert all(p.name.endswith("(minh họa)") for p in Partner.objects.all())
