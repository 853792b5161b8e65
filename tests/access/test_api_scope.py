"""A data-entry officer's view of the API: own figures only, in JSON, CSV, bulk and read models."""

from decimal import Decimal

import pytest

from indicators.models import Measurement, MeasurementStatus
from indicators.services import APPROVE, SUBMIT, measurement_transition
from tests.access.support import build_world, figure_in
from tests.api_support import api_client, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_csv_of_a_data_entry_officer_holds_no_foreign_figure(world):
    figure_in(world, world.own_commune)
    client = api_client(world.users["data_entry"])

    response = client.get("/api/v1/measurements/", {"format": "csv"})

    lines = body(response).decode("utf-8-sig").splitlines()
    areas = sorted(line.split(",")[2] for line in lines[1:])
    assert areas == ["C1", "D1"]


def test_filtering_by_a_foreign_area_gives_an_empty_list(world):
    client = api_client(world.users["data_entry"])

    response = client.get("/api/v1/measurements/", {"area": "D2"})

    assert response.json()["count"] == 0


def test_a_bulk_with_one_foreign_row_is_refused_whole_with_that_rows_error(world):
    client = api_client(world.users["data_entry"])
    rows = [
        {"indicator": world.indicator.pk, "area": "D1", "period": "2018", "value": "1"},
        {"indicator": world.indicator.pk, "area": "C1", "period": "2018", "value": "1"},
        {"indicator": world.indicator.pk, "area": "D2", "period": "2018", "value": "1"},
    ]

    response = client.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "index": 2,
                "field": "area",
                "message": "You may only enter figures for your assigned areas; Huyện Hai is "
                "not one of them.",
            }
        ]
    }
    assert not Measurement.objects.filter(period="2018").exists()


def test_the_measurement_list_of_a_data_entry_officer_runs_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    for period in ("2016", "2017", "2018", "2019"):
        figure_in(world, world.own, period=period)
        figure_in(world, world.own_commune, period=period)
    client = api_client(world.users["data_entry"])

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/measurements/")

    assert response.json()["count"] == 9


def test_the_scorecard_can_count_approved_figures_only(world):
    submitter, officer = world.users["superuser"], world.users["provincial_officer"]
    province_figure = figure_in(world, world.province, period="2020")
    province_figure.value = Decimal("40")
    province_figure.save()
    client = api_client(world.users["viewer"])
    url = f"/api/v1/phases/{world.phase.pk}/scorecard/"

    every = client.get(url).json()
    official = client.get(url, {"figures": "approved"}).json()
    measurement_transition(transition=SUBMIT, measurement=province_figure, user=submitter)
    # Four eyes: the one who submitted is not the one who approves.
    measurement_transition(transition=APPROVE, measurement=province_figure, user=officer)
    approved = client.get(url, {"figures": "approved"}).json()

    assert (every["achieved"], every["no_data"]) == (1, 0)
    assert (official["achieved"], official["no_data"]) == (0, 1)
    assert (approved["achieved"], approved["no_data"]) == (1, 0)


def test_progress_can_count_approved_figures_only(world):
    figure_in(world, world.province, period="2020", status=MeasurementStatus.APPROVED)
    figure_in(world, world.province, period="2019")
    client = api_client(world.users["viewer"])
    url = f"/api/v1/indicators/{world.indicator.pk}/progress/"

    series = client.get(url, {"figures": "approved"}).json()["series"]

    assert [(p["period"], p["actual"]) for p in series[-2:]] == [("2019", None), ("2020", "10")]


def test_a_data_entry_officer_gets_the_scorecard_of_an_assigned_area_only(world):
    client = api_client(world.users["data_entry"])
    url = f"/api/v1/phases/{world.phase.pk}/scorecard/"

    assert client.get(url, {"area": "D1"}).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "You may only see figures of your assigned areas; Tỉnh Minh Hòa is not one."
    }


def test_a_user_without_a_role_reads_nothing():
    world = build_world()
    from tests.factories import UserFactory

    client = api_client(UserFactory(username="nobody"))

    assert client.get("/api/v1/measurements/").status_code == 403
    assert client.get("/api/v1/areas/").status_code == 403
    assert client.get(f"/api/v1/phases/{world.phase.pk}/scorecard/").status_code == 403
