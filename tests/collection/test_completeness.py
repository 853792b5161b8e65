"""Completeness and timeliness: expected, received and on-time (area, indicator) pairs."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from collection.completeness import completeness
from collection.models import ReportingDeadline
from indicators.models import Measurement, MeasurementStatus
from indicators.services import APPROVE, SUBMIT, measurement_transition
from programmes.models import Area, AreaLevel, Programme
from tests.api_support import api_client
from tests.collection.support import at, build_province, clerk, officer
from tests.factories import AreaFactory, MeasurementFactory, UserFactory

pytestmark = pytest.mark.django_db


def received_at(figures, moment: datetime.datetime) -> None:
    """Say the figures were sent for review at `moment` (their history's submission)."""
    for figure in figures:
        Measurement.history.filter(id=figure.pk, status__in=["submitted", "approved"]).update(
            history_date=moment
        )


def states(result) -> list[tuple]:
    return [(a.area.code, a.expected, a.received, a.on_time) for a in result.areas]


def test_expected_pairs_come_from_the_calendar_and_the_reporting_areas():
    world = build_province()
    year = completeness(programme=world.programme, period="2020", area=world.province)
    assert (year.due_on, year.expected, year.received, year.on_time) == (
        datetime.date(2021, 1, 31),
        6,
        0,
        0,
    )
    assert states(year) == [("D1", 4, 0, 0), ("D2", 2, 0, 0)]
    half = completeness(programme=world.programme, period="2020S1", area=world.province)
    assert (half.due_on, half.expected) == (datetime.date(2020, 7, 15), 2)
    assert states(half) == [("D1", 1, 0, 0), ("D2", 1, 0, 0)]
    # Before 2019, A is reported yearly by the districts.
    assert completeness(programme=world.programme, period="2018", area=world.province).expected == 8
    assert completeness(programme=world.programme, period="2020", area=world.c11).expected == 2
    assert completeness(programme=world.programme, period="2020", area=world.c11).areas == []


def test_received_counts_submitted_and_approved_pairs_and_on_time_by_the_first_submission():
    world = build_province()
    late, early = at(2021, 2, 1, 0), at(2021, 1, 31, 23)
    sent = [
        MeasurementFactory(indicator=world.count, area=world.c11, sex="total", status="submitted"),
        # A second sex of the same pair counts once.
        MeasurementFactory(indicator=world.count, area=world.c11, sex="female", status="submitted"),
        MeasurementFactory(indicator=world.rate, area=world.c12, status="approved"),
        MeasurementFactory(indicator=world.rate, area=world.c21, status="submitted"),
    ]
    received_at(sent[:2], early)
    received_at(sent[2:], late)
    # Not received: a draft, a figure returned for correction, a district's figure of a
    # commune indicator, and a figure of another period.
    MeasurementFactory(indicator=world.count, area=world.c12, status="draft")
    MeasurementFactory(indicator=world.count, area=world.c21, status="returned")
    MeasurementFactory(indicator=world.count, area=world.d1, status="submitted")
    MeasurementFactory(indicator=world.count, area=world.c12, period="2019", status="approved")

    result = completeness(programme=world.programme, period="2020", area=world.province)

    assert (result.expected, result.received, result.on_time) == (6, 3, 1)
    assert (result.rate_percent, result.on_time_percent) == (Decimal("50.0"), Decimal("16.7"))
    assert states(result) == [("D1", 4, 2, 1), ("D2", 2, 1, 0)]
    assert [(a.missing, a.rate_percent) for a in result.areas] == [
        (2, Decimal("50.0")),
        (1, Decimal("50.0")),
    ]


def test_a_deadline_of_its_own_moves_the_due_date():
    world = build_province()
    ReportingDeadline.objects.create(
        calendar=world.calendar, period="2020", due_on=datetime.date(2021, 2, 15)
    )
    figure = MeasurementFactory(indicator=world.rate, area=world.c12, status="submitted")
    received_at([figure], at(2021, 2, 10))
    result = completeness(programme=world.programme, period="2020", area=world.province)
    assert (result.due_on, result.received, result.on_time) == (datetime.date(2021, 2, 15), 1, 1)


def test_a_commune_closed_before_the_period_ends_is_not_expected():
    world = build_province()
    AreaFactory(
        code="C13",
        level=AreaLevel.COMMUNE,
        parent=world.d1,
        valid_to=datetime.date(2020, 6, 30),
    )
    assert completeness(programme=world.programme, period="2020", area=world.d1).expected == 4
    assert completeness(programme=world.programme, period="2019", area=world.d1).expected == 6


def test_completeness_takes_a_fixed_number_of_queries(django_assert_num_queries):
    world = build_province()
    for area in (world.c11, world.c12, world.c21):
        MeasurementFactory(indicator=world.count, area=area, status="submitted")
    for area in (world.province, world.d1, world.c11):
        with django_assert_num_queries(8):
            completeness(programme=world.programme, period="2020", area=area)


def test_the_api_answers_as_the_design_says():
    world = build_province()
    figure = MeasurementFactory(indicator=world.count, area=world.c11, status="submitted")
    received_at([figure], at(2021, 1, 5))
    response = api_client(officer()).get(
        "/api/v1/completeness/", {"programme": world.programme.pk, "period": "2020"}
    )
    assert response.json() == {
        "programme": world.programme.pk,
        "period": "2020",
        "area": "P",
        "due_on": "2021-01-31",
        "expected": 6,
        "received": 1,
        "on_time": 1,
        "rate_percent": "16.7",
        "on_time_percent": "16.7",
        "areas": [
            {
                "area": "D1",
                "name": "Huyện Một",
                "expected": 4,
                "received": 1,
                "on_time": 1,
                "rate_percent": "25",
                "on_time_percent": "25",
            },
            {
                "area": "D2",
                "name": "Huyện Hai",
                "expected": 2,
                "received": 0,
                "on_time": 0,
                "rate_percent": "0",
                "on_time_percent": "0",
            },
        ],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2020"}, "programme"),
        ({"programme": 0, "period": "2020"}, "programme"),
        ({"programme": "ours", "period": "2020H1"}, "period"),
        ({"programme": "ours", "period": "2031"}, "period"),
        ({"programme": "ours", "period": "2020", "area": "NOPE"}, "area"),
    ],
)
def test_bad_queries_are_400_with_the_field(params, field):
    world = build_province()
    if params.get("programme") == "ours":
        params = {**params, "programme": world.programme.pk}
    response = api_client(officer()).get("/api/v1/completeness/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_data_entry_officer_asks_only_for_their_areas():
    world = build_province()
    own = api_client(clerk(world.d1))
    query = {"programme": world.programme.pk, "period": "2020"}
    assert own.get("/api/v1/completeness/", {**query, "area": "D1"}).status_code == 200
    assert own.get("/api/v1/completeness/", {**query, "area": "D2"}).status_code == 403
    assert own.get("/api/v1/completeness/", query).status_code == 403


def test_the_demo_province_pinned_by_hand_on_time_and_late():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    programme = Programme.objects.get(code="MH-BVTE")
    province = Area.objects.get(code="MH")
    clerk_user = UserFactory(username="demo-clerk", is_superuser=True)
    reviewer = UserFactory(username="demo-reviewer", is_superuser=True)
    figures = Measurement.objects.filter(indicator__phase__programme=programme, period="2020")

    def submit(queryset, moment):
        sent = list(queryset)
        for figure in sent:
            measurement_transition(transition=SUBMIT, measurement=figure, user=clerk_user)
        received_at(sent, moment)
        return sent

    # Thành phố Minh Hòa: two communes report on 20 January, the third on 3 February.
    submit(figures.filter(area__code__in=["MH-01-01", "MH-01-02"]), at(2021, 1, 20))
    submit(figures.filter(area__code="MH-01-03"), at(2021, 2, 3))
    # Thị trấn Sơn Mây sends CP.3 on the due day, and the province approves it later.
    for figure in submit(
        figures.filter(area__code="MH-02-01", indicator__code="CP.3"), at(2021, 1, 31, 17)
    ):
        measurement_transition(transition=APPROVE, measurement=figure, user=reviewer)
    # Xã Bãi Lau Hồng sends CP.1, is asked to correct it and has not sent it back.
    returned = submit(figures.filter(area__code="MH-03-02", indicator__code="CP.1"), at(2021, 1, 2))
    Measurement.objects.filter(pk__in=[f.pk for f in returned]).update(
        status=MeasurementStatus.RETURNED
    )

    year = completeness(programme=programme, period="2020", area=province)

    # 12 communes × CP.1, CP.2, CP.3 (CP.4 is six-monthly by district from 2019).
    assert (year.due_on, year.expected, year.received, year.on_time) == (
        datetime.date(2021, 1, 31),
        36,
        10,
        7,
    )
    assert (year.rate_percent, year.on_time_percent) == (Decimal("27.8"), Decimal("19.4"))
    assert sorted(states(year)) == [
        ("MH-01", 9, 9, 6),
        ("MH-02", 9, 1, 1),
        ("MH-03", 12, 0, 0),
        ("MH-04", 6, 0, 0),
    ]
    half = completeness(programme=programme, period="2020S1", area=province)
    assert (half.due_on, half.expected, half.received) == (datetime.date(2020, 7, 15), 4, 0)
    gender = completeness(
        programme=Programme.objects.get(code="MH-BDG"), period="2020", area=province
    )
    # 2.2 by 12 communes, 4.1 and 6.2 by 4 districts, the 21 others by the province, and
    # the female workers given jobs (followed without a target) by the province too.
    assert gender.expected == 12 + 4 + 4 + 21 + 1
