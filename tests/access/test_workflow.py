"""The review workflow, the approval lock, the audit trail and the area scope of writes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from indicators.db_guards import reopening_all
from indicators.models import Measurement, MeasurementStatus
from indicators.services import (
    APPROVE,
    AREA_NOT_ASSIGNED,
    REASON_REQUIRED,
    REOPEN,
    RETURN,
    SUBMIT,
    FigureInput,
    FigureLocked,
    FigureUnderReview,
    TransitionRefused,
    measurement_delete,
    measurement_transition,
    measurements_save,
)
from tests.access.support import build_world, figure_in
from tests.api_support import api_client
from tests.factories import AreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED, APPROVED, RETURNED = (
    MeasurementStatus.DRAFT,
    MeasurementStatus.SUBMITTED,
    MeasurementStatus.APPROVED,
    MeasurementStatus.RETURNED,
)


@pytest.fixture
def world():
    return build_world()


def history(figure) -> list[tuple]:
    return [
        (
            h.history_type,
            h.status,
            h.history_user.username if h.history_user else None,
            h.history_change_reason,
        )
        for h in figure.history.order_by("history_date", "history_id")
    ]


def test_a_figure_is_submitted_approved_and_every_step_is_recorded(world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    measurements_save(
        figures=[FigureInput(world.indicator, world.own, "2019", value=Decimal("12"))],
        user=entry,
    )
    figure = Measurement.objects.get(area=world.own, period="2019")

    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)
    measurement_transition(transition=APPROVE, measurement=figure, user=officer)

    figure.refresh_from_db()
    assert (figure.status, figure.version) == (APPROVED, 3)
    assert history(figure) == [
        ("+", DRAFT, "entry", None),
        ("~", SUBMITTED, "entry", None),
        ("~", APPROVED, "officer", None),
    ]


def test_a_returned_figure_carries_the_reason_and_can_be_corrected_and_resubmitted(world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    figure = figure_in(world, world.own, status=SUBMITTED)

    measurement_transition(
        transition=RETURN, measurement=figure, user=officer, reason="Thiếu mẫu số"
    )
    measurements_save(
        figures=[FigureInput(world.indicator, world.own, "2019", value=Decimal("11"), version=2)],
        user=entry,
    )
    figure.refresh_from_db()
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)

    figure.refresh_from_db()
    assert (figure.status, figure.value) == (SUBMITTED, Decimal("11"))
    assert [row[1:] for row in history(figure)[1:]] == [
        (RETURNED, "officer", "Thiếu mẫu số"),
        (RETURNED, "entry", None),
        (SUBMITTED, "entry", None),
    ]


def test_reopening_an_approved_figure_needs_a_reason_and_makes_it_a_draft(world):
    officer = world.users["provincial_officer"]
    figure = figure_in(world, world.own, status=APPROVED)

    with pytest.raises(ValidationError) as refused:
        measurement_transition(transition=REOPEN, measurement=figure, user=officer, reason="  ")
    assert refused.value.message_dict == {"reason": [str(REASON_REQUIRED)]}
    figure.refresh_from_db()
    assert figure.status == APPROVED
    assert figure.history.count() == 1  # its creation

    measurement_transition(
        transition=REOPEN, measurement=figure, user=officer, reason="Số liệu điều tra bổ sung"
    )
    figure.refresh_from_db()
    assert figure.status == DRAFT
    assert history(figure)[1:] == [("~", DRAFT, "officer", "Số liệu điều tra bổ sung")]


def test_returning_needs_a_reason(world):
    figure = figure_in(world, world.own, status=SUBMITTED)

    with pytest.raises(ValidationError):
        measurement_transition(
            transition=RETURN, measurement=figure, user=world.users["provincial_officer"], reason=""
        )

    figure.refresh_from_db()
    assert figure.status == SUBMITTED


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (SUBMITTED, SUBMIT),
        (APPROVED, SUBMIT),
        (DRAFT, APPROVE),
        (RETURNED, APPROVE),
        (APPROVED, APPROVE),
        (DRAFT, RETURN),
        (APPROVED, RETURN),
        (DRAFT, REOPEN),
        (SUBMITTED, REOPEN),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_and_nothing_changes(world, status, step):
    figure = figure_in(world, world.own, status=status)

    with pytest.raises(TransitionRefused):
        measurement_transition(
            transition=step, measurement=figure, user=world.users["superuser"], reason="lý do"
        )

    figure.refresh_from_db()
    assert (figure.status, figure.version) == (status, 1)
    assert figure.history.count() == 1  # its creation


def test_the_refusal_says_what_the_status_allows(world):
    figure = figure_in(world, world.own, status=DRAFT)

    with pytest.raises(TransitionRefused) as refused:
        measurement_transition(
            transition=APPROVE, measurement=figure, user=world.users["provincial_officer"]
        )

    assert str(refused.value) == (
        "The figure for Huyện Một, 2019, total is draft; only a submitted figure can be approved."
    )


def test_a_data_entry_officer_cannot_approve_and_an_officer_cannot_submit(world):
    submitted = figure_in(world, world.own, status=SUBMITTED)
    draft = figure_in(world, world.own, period="2018")

    with pytest.raises(PermissionDenied):
        measurement_transition(
            transition=APPROVE, measurement=submitted, user=world.users["data_entry"]
        )
    with pytest.raises(PermissionDenied):
        measurement_transition(
            transition=SUBMIT, measurement=draft, user=world.users["provincial_officer"]
        )
    with pytest.raises(PermissionDenied):
        measurement_transition(transition=SUBMIT, measurement=draft, user=world.users["viewer"])


def test_a_data_entry_officer_cannot_submit_a_figure_of_another_area(world):
    with pytest.raises(PermissionDenied):
        measurement_transition(
            transition=SUBMIT, measurement=world.foreign_figure, user=world.users["data_entry"]
        )

    world.foreign_figure.refresh_from_db()
    assert world.foreign_figure.status == DRAFT


def test_a_data_entry_officer_cannot_change_a_figure_under_review(world):
    figure = figure_in(world, world.own, status=SUBMITTED)

    with pytest.raises(FigureUnderReview):
        measurements_save(
            figures=[FigureInput(world.indicator, world.own, "2019", value=Decimal("50"))],
            user=world.users["data_entry"],
        )

    figure.refresh_from_db()
    assert figure.value == Decimal("10")


def test_a_data_entry_officer_writes_below_the_assigned_area_but_not_beside_it(world):
    entry = world.users["data_entry"]
    commune = FigureInput(world.indicator, world.own_commune, "2019", value=Decimal("1"))
    foreign = FigureInput(world.indicator, world.foreign, "2019", value=Decimal("2"))

    measurements_save(figures=[commune], user=entry)
    with pytest.raises(ValidationError) as refused:
        measurements_save(
            figures=[FigureInput(world.indicator, world.own, "2018", value=Decimal("3")), foreign],
            user=entry,
        )

    assert refused.value.row_errors == {
        1: {"area": [str(AREA_NOT_ASSIGNED % {"area": "Huyện Hai"})]}
    }
    assert set(Measurement.objects.values_list("area__code", "period")) == {
        ("D1", "2020"),
        ("D2", "2020"),
        ("C1", "2019"),
    }


# The approval lock, through every door


@pytest.fixture
def approved(world):
    return figure_in(world, world.own, status=APPROVED)


def test_an_approved_figure_refuses_the_service_and_its_history_stays(world, approved):
    with pytest.raises(FigureLocked):
        measurements_save(
            figures=[FigureInput(world.indicator, world.own, "2019", value=Decimal("50"))],
            user=world.users["provincial_officer"],
        )
    with pytest.raises(FigureLocked):
        measurement_delete(measurement=approved, user=world.users["superuser"])

    approved.refresh_from_db()
    assert (approved.value, approved.version) == (Decimal("10"), 1)
    assert approved.history.count() == 1  # its creation


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_an_approved_figure_answers_409_through_the_api_and_nothing_changes(
    world, approved, method
):
    client = api_client(world.users["provincial_officer"])
    url = f"/api/v1/measurements/{approved.pk}/"
    shape = client.get(url).json()

    response = getattr(client, method)(url, {**shape, "value": "50"}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The figure for Huyện Một, 2019, total is approved and locked; "
        "ask a provincial officer to reopen it."
    }
    approved.refresh_from_db()
    assert (approved.value, approved.status) == (Decimal("10"), APPROVED)
    assert approved.history.count() == 1  # its creation


def test_an_approved_figure_answers_409_through_the_bulk_api(world, approved):
    client = api_client(world.users["provincial_officer"])
    rows = [
        {"indicator": world.indicator.pk, "area": "D1", "period": "2018", "value": "1"},
        {"indicator": world.indicator.pk, "area": "D1", "period": "2019", "value": "50"},
    ]

    response = client.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert response.status_code == 409
    assert not Measurement.objects.filter(period="2018").exists()
    approved.refresh_from_db()
    assert approved.value == Decimal("10")


def test_the_database_refuses_to_change_or_delete_an_approved_figure(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=approved.pk).update(value=Decimal("50"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=approved.pk).update(status=DRAFT, note="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=approved.pk).delete()

    approved.refresh_from_db()
    assert (approved.value, approved.note, approved.status) == (Decimal("10"), "", APPROVED)


def test_the_database_lets_a_figure_leave_approved_only_through_the_reopen_path(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=approved.pk).update(status=DRAFT)
    with reopening_all(Measurement):
        Measurement.objects.filter(pk=approved.pk).update(status=DRAFT)

    approved.refresh_from_db()
    assert approved.status == DRAFT


# Bulk writes keep the audit trail


def test_a_bulk_of_10000_figures_writes_one_history_row_each(world):
    areas = [
        AreaFactory(code=f"X{n:02d}", level="district", parent=world.province) for n in range(20)
    ]
    indicators = [IndicatorFactory(objective=world.objective, code=f"5.{n}") for n in range(12)]
    periods = [f"{y}{h}" for y in range(2016, 2021) for h in ("", "S1", "S2")]
    figures = [
        FigureInput(indicator, area, period, sex=sex, value=Decimal("1"))
        for indicator in indicators
        for area in areas
        for period in periods
        for sex in ("total", "female", "male")
    ][:10_000]
    officer = world.users["provincial_officer"]

    result = measurements_save(figures=figures, user=officer)
    for figure in figures:
        figure.value = Decimal("2")
    again = measurements_save(figures=figures, user=officer)

    assert (result.created, again.updated) == (10_000, 10_000)
    history = Measurement.history.filter(area__code__startswith="X")
    assert history.filter(history_type="+", history_user=officer).count() == 10_000
    assert history.filter(history_type="~", value=Decimal("2"), version=2).count() == 10_000


# The history endpoint


def test_the_history_endpoint_lists_who_changed_what_when_and_why(world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    client = api_client(entry)
    created = client.post(
        "/api/v1/measurements/",
        {"indicator": world.indicator.pk, "area": "D1", "period": "2019", "value": "12"},
        format="json",
    ).json()
    client.patch(
        f"/api/v1/measurements/{created['id']}/",
        {"value": "12.5", "version": 1},
        format="json",
    )
    client.post(f"/api/v1/measurements/{created['id']}/submit/", {}, format="json")
    api_client(officer).post(
        f"/api/v1/measurements/{created['id']}/return/", {"reason": "Kiểm tra lại"}, format="json"
    )

    response = api_client(world.users["viewer"]).get(
        f"/api/v1/measurements/{created['id']}/history/"
    )

    assert response.status_code == 200
    entries = response.json()
    for entry_row in entries:
        assert entry_row.pop("history_id") > 0
        assert entry_row.pop("at")
    assert entries == [
        {
            "user": "entry",
            "type": "created",
            "status": "draft",
            "value": "12",
            "numerator": None,
            "denominator": None,
            "note": "",
            "reason": None,
            "changes": {
                "indicator": [None, world.indicator.pk],
                "area": [None, "D1"],
                "period": [None, "2019"],
                "sex": [None, "total"],
                "value": [None, "12"],
                "status": [None, "draft"],
            },
        },
        {
            "user": "entry",
            "type": "changed",
            "status": "draft",
            "value": "12.5",
            "numerator": None,
            "denominator": None,
            "note": "",
            "reason": None,
            "changes": {"value": ["12", "12.5"]},
        },
        {
            "user": "entry",
            "type": "changed",
            "status": "submitted",
            "value": "12.5",
            "numerator": None,
            "denominator": None,
            "note": "",
            "reason": None,
            "changes": {"status": ["draft", "submitted"]},
        },
        {
            "user": "officer",
            "type": "changed",
            "status": "returned",
            "value": "12.5",
            "numerator": None,
            "denominator": None,
            "note": "",
            "reason": "Kiểm tra lại",
            "changes": {"status": ["submitted", "returned"]},
        },
    ]


def test_the_history_of_a_figure_is_read_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    officer = world.users["superuser"]
    figure = world.own_figure
    for reason in ("một", "hai", "ba"):
        measurement_transition(transition=SUBMIT, measurement=figure, user=officer)
        measurement_transition(transition=RETURN, measurement=figure, user=officer, reason=reason)
    client = api_client(officer)

    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/measurements/{figure.pk}/history/")

    assert len(response.json()) == 7


def test_history_cannot_be_written_through_the_api(world):
    client = api_client(world.users["superuser"])
    url = f"/api/v1/measurements/{world.own_figure.pk}/history/"

    assert [client.post(url).status_code, client.delete(url).status_code] == [405, 405]
