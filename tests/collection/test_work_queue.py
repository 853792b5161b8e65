"""The work queue, an officer's home (issue #18 point 7): what is due, missing, draft,
returned (and why) and awaiting review per area and open period; "Gửi duyệt tất cả";
for a provincial officer the review queue and completeness by district."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from collection.models import ValidationRule
from collection.work_queue import open_periods, work_queue
from indicators.models import Measurement, MeasurementStatus
from indicators.services import RETURN, SUBMIT, measurements_transition
from tests.collection.support import build_province, clerk, officer, viewer
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2020, 8, 1)
REASON = "Thiếu mẫu số: ghi rõ tổng số trẻ em của xã"
PAGE_QUERIES = {"clerk": 27, "officer": 48}


@pytest.fixture
def world():
    world = build_province()
    world.clerk = clerk(world.d1)
    world.officer = officer()
    MeasurementFactory(indicator=world.count, area=world.c11, period="2020", value=Decimal(10))
    MeasurementFactory(
        indicator=world.count, area=world.c11, period="2020", sex="female", value=Decimal(6)
    )
    rate = MeasurementFactory(
        indicator=world.rate,
        area=world.c11,
        period="2020",
        value=Decimal(50),
        numerator=Decimal(5),
        denominator=Decimal(10),
    )
    measurements_transition(measurements=[rate], user=world.clerk, transition=SUBMIT)
    measurements_transition(
        measurements=[rate], user=world.officer, transition=RETURN, reason=REASON
    )
    world.returned = rate
    MeasurementFactory(
        indicator=world.abused,
        area=world.d1,
        period="2020S1",
        value=Decimal(3),
        status=MeasurementStatus.SUBMITTED,
    )
    MeasurementFactory(
        indicator=world.count,
        area=world.c12,
        period="2019",
        value=Decimal(4),
        status=MeasurementStatus.APPROVED,
    )
    # Another district's figures: never in the clerk's queue.
    MeasurementFactory(indicator=world.count, area=world.c21, period="2020", value=Decimal(9))
    return world


def rows(queue) -> list[tuple]:
    return [
        (
            r.area.code,
            r.period,
            r.expected,
            r.missing,
            r.draft,
            r.returned,
            r.submitted,
            r.approved,
        )
        for r in queue.rows
    ]


def test_the_open_periods_are_the_two_latest_years_begun_newest_first(world):
    assert open_periods(world.calendar, [world.phase], TODAY) == [
        "2020",
        "2020S2",
        "2020S1",
        "2019",
        "2019S2",
        "2019S1",
    ]
    assert open_periods(None, [world.phase], datetime.date(2020, 1, 1)) == ["2020", "2019"]
    # Without a calendar, the half-years of an indicator reported six-monthly.
    world.abused.reporting_frequency = "half_year"
    world.abused.save()
    assert open_periods(None, [world.phase], datetime.date(2020, 7, 1)) == [
        "2020",
        "2020S2",
        "2020S1",
        "2019",
        "2019S2",
        "2019S1",
    ]
    # The phase ended in 2020: its last two years stay open after it.
    assert open_periods(world.calendar, [world.phase], datetime.date(2026, 12, 6))[:2] == [
        "2020",
        "2020S2",
    ]


def test_a_data_entry_officers_queue_counts_each_reporting_area_and_open_period(world):
    queue = work_queue(user=world.clerk, today=TODAY, review=False)

    # area, period, expected, missing, draft, returned, submitted, approved
    assert rows(queue) == [
        ("C11", "2020", 2, 0, 2, 1, 0, 0),
        ("C12", "2020", 2, 2, 0, 0, 0, 0),
        ("D1", "2020S2", 1, 1, 0, 0, 0, 0),
        ("D1", "2020S1", 1, 0, 0, 0, 1, 0),
        ("C11", "2019", 2, 2, 0, 0, 0, 0),
        ("C12", "2019", 2, 1, 0, 0, 0, 1),
        ("D1", "2019S2", 1, 1, 0, 0, 0, 0),
        ("D1", "2019S1", 1, 1, 0, 0, 0, 0),
    ]
    assert [r.due_on for r in queue.rows[:3]] == [
        datetime.date(2021, 1, 31),
        datetime.date(2021, 1, 31),
        datetime.date(2021, 1, 15),
    ]
    assert queue.rows[4].overdue is True and queue.rows[0].overdue is False
    assert queue.review is None


def test_the_queue_says_what_was_returned_by_whom_and_why(world):
    queue = work_queue(user=world.clerk, today=TODAY, review=False)

    [item] = queue.returned
    assert (item.measurement, item.reason, item.returned_by) == (world.returned, REASON, "officer")


def test_a_provincial_officers_queue_adds_the_review_queue_and_completeness_by_district(world):
    ValidationRule.objects.create(
        phase=world.phase, name="Không quá số trẻ em", left="A", operator="lte", right="C"
    )
    queue = work_queue(user=world.officer, today=TODAY, review=True)

    assert rows(queue)[:2] == [("P", "2020", 6, 3, 3, 1, 0, 0), ("P", "2020S2", 2, 2, 0, 0, 0, 0)]
    assert [(g.area.code, g.period, g.figures) for g in queue.review] == [("D1", "2020S1", 1)]
    [result] = queue.completeness
    # The newest period due by 1 August 2020 is 2020S1 (due 15 July): D1 sent its one figure.
    assert result.period == "2020S1"
    assert [(a.area.code, a.expected, a.received) for a in result.areas] == [
        ("D1", 1, 1),
        ("D2", 1, 0),
    ]


def test_the_queue_takes_a_fixed_number_of_queries(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            work_queue(user=world.clerk, today=TODAY, review=False)
        return len(queries.captured_queries)

    few = count()
    for area in (world.c11, world.c12):
        for period in ("2016", "2017", "2018", "2019"):
            MeasurementFactory(indicator=world.rate, area=area, period=period, value=Decimal(1))
    MeasurementFactory(indicator=world.abused, area=world.d1, period="2019S2", value=Decimal(2))
    assert count() == few <= 21


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr("collection.work_queue_views.today", lambda: TODAY)


def test_the_home_page_of_a_data_entry_officer_is_the_work_queue(client, world, on_today):
    client.force_login(world.clerk)

    response = client.get("/")

    assert response.templates[0].name == "collection/work_queue.html"
    html = response.content.decode()
    assert REASON in html
    grid = reverse("admin:indicators_measurement_grid")
    assert f"{grid}?phase={world.phase.pk}&amp;area={world.c11.pk}&amp;year=2020&amp;half=" in html
    assert f"/api/v1/phases/{world.phase.pk}/entry-form/?area=C11&amp;period=2020" in html
    assert client.get("/progress/").templates[0].name == "dashboards/home.html"


def test_a_viewers_home_is_still_the_progress_overview(client, world):
    client.force_login(viewer())

    assert client.get("/").templates[0].name == "dashboards/home.html"
    assert client.get(reverse("collection:work_queue")).status_code == 403


def test_submit_all_sends_the_drafts_and_returned_figures_of_one_area_and_period(client, world):
    client.force_login(world.clerk)
    with translation.override("en"):
        url = reverse("collection:submit_all")

    response = client.post(url, {"phase": world.phase.pk, "area": "C11", "period": "2020"})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "3 figure(s) submitted for review."
    ]
    statuses = Measurement.objects.filter(area=world.c11, period="2020").values_list(
        "status", flat=True
    )
    assert set(statuses) == {MeasurementStatus.SUBMITTED}
    # Only that area and period.
    assert Measurement.objects.get(area=world.c21).status == MeasurementStatus.DRAFT


def test_submit_all_refused_for_one_figure_submits_none(client, world):
    # A figure of the clerk's area they may not submit: already approved is not a draft,
    # so take the viewer, who may not submit at all.
    client.force_login(viewer())
    with translation.override("en"):
        url = reverse("collection:submit_all")

    response = client.post(url, {"phase": world.phase.pk, "area": "C11", "period": "2020"})

    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Nothing was submitted: You are not allowed to submit figures."
    assert set(
        Measurement.objects.filter(area=world.c11, period="2020").values_list("status", flat=True)
    ) == {MeasurementStatus.DRAFT, MeasurementStatus.RETURNED}


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_the_work_queue_page_takes_a_fixed_number_of_queries(client, world, on_today, who):
    client.force_login(getattr(world, who))
    url = reverse("collection:work_queue")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    def more(periods) -> None:
        for area in (world.c11, world.c12, world.c21):
            for period in periods:
                MeasurementFactory(
                    indicator=world.rate,
                    area=area,
                    period=period,
                    value=Decimal(1),
                    status=MeasurementStatus.SUBMITTED,
                )

    few = count()
    more(["2019"])
    some = count()
    more(["2016", "2017", "2018"])
    # The data-quality checks read a figure's neighbours once there are any: one query.
    assert few <= some == count() == PAGE_QUERIES[who]
