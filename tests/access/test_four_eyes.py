"""Four eyes (DESIGN.md §4 rule 6, issue #20 point 7): nobody approves a figure they
entered or last changed, nor one derived from care-model reports they entered or last
changed; superusers included, unless FOUR_EYES_SELF_APPROVAL_ALLOWED is on, and then the
history records the self-approval. One test per way in (service, API, admin action,
grid, bulk) and per way of becoming an author."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from core.four_eyes import SELF_APPROVAL_RECORDED, four_eyes_check
from indicators.models import (
    Accumulation,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
    Unit,
)
from indicators.services import (
    APPROVE,
    SUBMIT,
    FigureInput,
    measurement_change,
    measurement_transition,
    measurements_save,
)
from indicators.services.plans import plan_authors
from indicators.services.workflow import (
    SELF_APPROVAL_OF_REPORTS_REFUSED,
    SELF_APPROVAL_REFUSED,
)
from tests.access.support import build_world
from tests.api_support import api_client
from tests.factories import CareModelFactory, IndicatorFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db
SUBMITTED, APPROVED = MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED


@pytest.fixture
def world():
    return build_world()


def names(figure: Measurement) -> dict:
    return {"area": figure.area.name, "period": figure.period, "sex": figure.get_sex_display()}


def refused(message, figure: Measurement) -> str:
    with translation.override("en"):
        return str(message % names(figure))


def entered_by(world, user, period="2019") -> Measurement:
    measurements_save(
        figures=[FigureInput(world.indicator, world.own, period, value=Decimal("12"))],
        user=user,
    )
    return Measurement.objects.get(area=world.own, period=period)


def state(figure: Measurement) -> tuple:
    figure.refresh_from_db()
    return figure.status, figure.version, figure.history.count()


def test_the_officer_who_entered_a_figure_cannot_approve_it(world):
    officer = world.users["provincial_officer"]
    figure = entered_by(world, officer)
    measurement_transition(transition=SUBMIT, measurement=figure, user=world.users["data_entry"])
    before = state(figure)

    with translation.override("en"), pytest.raises(PermissionDenied) as error:
        measurement_transition(transition=APPROVE, measurement=figure, user=officer)

    assert str(error.value) == refused(SELF_APPROVAL_REFUSED, figure)
    assert state(figure) == before == (SUBMITTED, 2, 2)


def test_another_officer_approves_and_nothing_is_noted_in_the_history(world):
    entry = world.users["data_entry"]
    figure = entered_by(world, entry)
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)

    measurement_transition(
        transition=APPROVE, measurement=figure, user=world.users["provincial_officer"]
    )

    figure.refresh_from_db()
    assert figure.status == APPROVED
    assert figure.history.latest("history_date").history_change_reason is None


def test_a_superuser_who_changed_a_submitted_figure_through_the_api_cannot_approve_it(world):
    entry, root = world.users["data_entry"], world.users["superuser"]
    figure = entered_by(world, entry)
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)
    api = api_client(root)
    url = f"/api/v1/measurements/{figure.pk}/"
    changed = api.patch(url, {"value": "77", "version": 2}, format="json")
    assert changed.status_code == 200
    before = state(figure)

    response = api.post(url + "approve/", {}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": refused(SELF_APPROVAL_REFUSED, figure)}
    assert state(figure) == before == (SUBMITTED, 3, 3)
    other = api_client(world.users["provincial_officer"])
    assert other.post(url + "approve/", {}, format="json").status_code == 200


def test_the_admin_action_approves_none_of_a_selection_holding_the_approvers_own_figure(
    client, world
):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    others = entered_by(world, entry, period="2018")
    own = entered_by(world, entry, period="2019")
    for figure in (others, own):
        measurement_transition(transition=SUBMIT, measurement=figure, user=entry)
    # A reviewer corrects a submitted figure: now they last changed it.
    measurement_change(measurement=own, user=officer, version=2, changes={"value": Decimal("13")})
    client.force_login(officer)

    with translation.override("en"):
        changelist = reverse("admin:indicators_measurement_changelist")
    response = client.post(
        changelist,
        {"action": "approve_figures", "_selected_action": [others.pk, own.pk]},
    )

    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Nothing was changed: " + refused(SELF_APPROVAL_REFUSED, own)
    assert {m.status for m in Measurement.objects.filter(pk__in=[others.pk, own.pk])} == {SUBMITTED}


def test_an_officer_who_corrected_a_figure_in_the_grid_cannot_approve_it(client, world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    figure = world.own_figure
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)
    client.force_login(officer)
    query = {"phase": world.phase.pk, "area": world.own.pk, "year": 2020, "half": ""}
    grid = f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"
    saved = client.post(grid, {f"indicator-{world.indicator.pk}-total_value": "15"})
    assert saved.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.updated_by) == (Decimal("15"), officer)

    response = api_client(officer).post(
        f"/api/v1/measurements/{figure.pk}/approve/", {}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": refused(SELF_APPROVAL_REFUSED, figure)}
    figure.refresh_from_db()
    assert figure.status == SUBMITTED


def test_an_officer_who_uploaded_a_figure_in_bulk_cannot_approve_it(world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    api = api_client(officer)
    row = {
        "indicator": world.indicator.pk,
        "area": world.own.code,
        "period": "2018",
        "sex": "total",
        "value": "5",
    }
    uploaded = api.post("/api/v1/measurements/bulk/", {"measurements": [row]}, format="json")
    assert uploaded.status_code == 200
    figure = Measurement.objects.get(area=world.own, period="2018")
    # Submitted by the commune officer: still entered by the provincial officer.
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)

    response = api.post(f"/api/v1/measurements/{figure.pk}/approve/", {}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": refused(SELF_APPROVAL_REFUSED, figure)}
    figure.refresh_from_db()
    assert figure.status == SUBMITTED


def test_nobody_approves_a_figure_derived_from_a_care_model_report_they_entered(world):
    entry, officer = world.users["data_entry"], world.users["provincial_officer"]
    fed = IndicatorFactory(
        objective=world.objective,
        code="1.9",
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        source=IndicatorSource.CARE_MODELS,
        care_model_kind="community_rehabilitation",
        care_model_measure="beneficiaries",
    )
    model = CareModelFactory(area=world.own, programme=world.programme)
    report = {
        "care_model": model.pk,
        "period": "2019",
        "beneficiaries_female": 4,
        "beneficiaries_male": 6,
    }
    created = api_client(officer).post("/api/v1/care-model-reports/", report, format="json")
    assert created.status_code == 201
    figure = Measurement.objects.get(indicator=fed, area=world.own, period="2019", sex="total")
    assert (figure.value, figure.created_by, figure.updated_by) == (Decimal("10"), None, None)
    measurement_transition(transition=SUBMIT, measurement=figure, user=entry)
    url = f"/api/v1/measurements/{figure.pk}/approve/"

    response = api_client(officer).post(url, {}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": refused(SELF_APPROVAL_OF_REPORTS_REFUSED, figure)}
    figure.refresh_from_db()
    assert figure.status == SUBMITTED
    second = user_in_role("officer2", "provincial_officer")
    assert api_client(second).post(url, {}, format="json").status_code == 200


def test_a_one_person_department_may_approve_its_own_figure_and_the_history_says_so(
    world, settings
):
    settings.FOUR_EYES_SELF_APPROVAL_ALLOWED = True
    officer = world.users["superuser"]
    figure = entered_by(world, officer)
    measurement_transition(transition=SUBMIT, measurement=figure, user=officer)

    with translation.override("en"):
        measurement_transition(transition=APPROVE, measurement=figure, user=officer)

    figure.refresh_from_db()
    assert figure.status == APPROVED
    latest = figure.history.latest("history_date")
    with translation.override("en"):
        assert latest.history_change_reason == str(SELF_APPROVAL_RECORDED)
    assert latest.history_user == officer


def test_the_check_lets_a_command_without_a_user_through():
    assert four_eyes_check(approver=None, authors={1, None}, refusal="no") == ""


def test_the_plans_authors_are_who_entered_or_last_changed_its_targets(world):
    entered, changed = world.users["provincial_officer"], world.users["superuser"]
    target = world.indicator.targets.get()
    target.value = Decimal("31")
    target._history_user = changed
    target.save()
    first = target.history.earliest("history_date")
    first.history_user = entered
    first.save()

    assert plan_authors(phase_id=world.phase.pk) == {entered.pk, changed.pk}
    assert plan_authors(phase_id=world.phase.pk + 1) == set()
