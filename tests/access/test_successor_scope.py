"""An officer of a commune formed by reorganisations reads the figures its predecessors
entered, through any number of reorganisations, and writes only its own."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from indicators.models import Measurement
from programmes.models import Area, AreaSuccession
from programmes.roles import DATA_ENTRY, area_scope, read_scope
from tests.api_support import api_client
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def commune(code: str, parent: Area, valid_from=None, valid_to=None) -> Area:
    return AreaFactory(
        code=code,
        name=f"Xã {code}",
        level="commune",
        parent=parent,
        valid_from=valid_from or datetime.date(2000, 1, 1),
        valid_to=valid_to,
    )


@pytest.fixture
def world():
    """Old communes X → (2019) A; A + B → (2025) N; and a stranger S."""
    province = AreaFactory(code="TP", name="Tỉnh Thử")
    old = AreaFactory(code="TD", name="Huyện Cũ", level="district", parent=province)
    x = commune("X", old, valid_to=datetime.date(2018, 12, 31))
    a = commune("A", old, valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2025, 6, 30))
    b = commune("B", old, valid_to=datetime.date(2025, 6, 30))
    s = commune("S", old)
    n = commune("N", province, valid_from=REFORM)
    AreaSuccession.objects.create(predecessor=x, successor=a, date=datetime.date(2019, 1, 1))
    AreaSuccession.objects.create(predecessor=a, successor=n, date=REFORM)
    AreaSuccession.objects.create(predecessor=b, successor=n, date=REFORM)
    programme = ProgrammeFactory(area=province)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2025)
    indicator = IndicatorFactory(objective=ObjectiveFactory(phase=phase, number=1), code="1.1")
    figures = {
        code: MeasurementFactory(indicator=indicator, area=area, period=period)
        for code, area, period in [
            ("X", x, "2018"),
            ("A", a, "2024"),
            ("B", b, "2023"),
            ("N", n, "2025"),
            ("S", s, "2024"),
        ]
    }
    officer = UserFactory(username="entry-n", is_staff=True)
    officer.groups.add(Group.objects.get(name=DATA_ENTRY))
    officer.area_assignments.create(area=n)
    return {"officer": officer, "indicator": indicator, "figures": figures, "areas": locals()}


def test_the_scope_of_reading_adds_the_predecessors_and_writing_keeps_the_assigned_area(
    world, django_assert_num_queries
):
    officer = world["officer"]
    paths = {code: Area.objects.get(code=code).path for code in ("X", "A", "B", "N")}

    with django_assert_num_queries(2):  # the groups, then one walk through the successions
        read = read_scope(officer)
        write = area_scope(officer)

    assert read == sorted(paths.values())
    assert write == [paths["N"]]


def test_the_officer_lists_the_predecessors_figures_and_not_a_strangers(
    world, django_assert_max_num_queries
):
    client = api_client(world["officer"])

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/measurements/", {"ordering": "period"})

    rows = response.json()["results"]
    assert sorted((row["area"], row["period"]) for row in rows) == [
        ("A", "2024"),
        ("B", "2023"),
        ("N", "2025"),
        ("X", "2018"),
    ]


def test_the_officer_reads_a_predecessors_figure_but_cannot_change_it(world):
    client = api_client(world["officer"])
    figure = world["figures"]["A"]
    before = figure.value

    read = client.get(f"/api/v1/measurements/{figure.pk}/")
    patched = client.patch(
        f"/api/v1/measurements/{figure.pk}/", {"value": "99", "version": 1}, format="json"
    )
    deleted = client.delete(f"/api/v1/measurements/{figure.pk}/")

    assert read.status_code == 200 and read.json()["area"] == "A"
    assert (patched.status_code, deleted.status_code) == (400, 403)
    assert patched.json() == {
        "area": ["You may only enter figures for your assigned areas; Xã A is not one of them."]
    }
    assert Measurement.objects.get(pk=figure.pk).value == before


def test_the_officer_cannot_enter_a_figure_for_a_predecessor(world):
    client = api_client(world["officer"])
    row = {"indicator": world["indicator"].pk, "area": "B", "period": "2024", "value": "1"}

    created = client.post("/api/v1/measurements/", row, format="json")
    own = client.post(
        "/api/v1/measurements/",
        {**row, "area": "N", "period": "2025", "sex": "female"},
        format="json",
    )

    assert created.status_code == 400
    assert created.json() == {
        "area": ["You may only enter figures for your assigned areas; Xã B is not one of them."]
    }
    assert not Measurement.objects.filter(area__code="B", period="2024").exists()
    assert own.status_code == 201
    assert Measurement.objects.get(area__code="N", sex="female").value == Decimal("1")


def test_a_stranger_figure_stays_hidden(world):
    client = api_client(world["officer"])

    response = client.get(f"/api/v1/measurements/{world['figures']['S'].pk}/")

    assert response.status_code == 404
