"""A figure's change form offers the workflow steps its user may take (issue #14 point 7):
submit for the data-entry officer, approve and return for a provincial officer who did
not enter it (four eyes), reopen of an approved figure; returning asks for the reason,
which the person who entered the figure then reads on the form and in the list."""

import pytest
from django.urls import reverse

from indicators.models import MeasurementStatus
from tests.access.support import build_world, figure_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def change_url(figure) -> str:
    return reverse("admin:indicators_measurement_change", args=[figure.pk])


def step_url(figure, step: str) -> str:
    return reverse("admin:indicators_measurement_step", args=[figure.pk, step])


def offered(client, user, figure, django_assert_max_num_queries) -> list[str]:
    client.force_login(user)
    with django_assert_max_num_queries(14):
        response = client.get(change_url(figure))
    assert response.status_code == 200
    return [name for name, _label in response.context.get("workflow_steps", [])]


@pytest.mark.parametrize(
    ("role", "status", "steps"),
    [
        ("data_entry", MeasurementStatus.DRAFT, ["submit"]),
        ("data_entry", MeasurementStatus.RETURNED, ["submit"]),
        ("data_entry", MeasurementStatus.SUBMITTED, []),
        ("provincial_officer", MeasurementStatus.SUBMITTED, ["approve", "return"]),
        ("provincial_officer", MeasurementStatus.APPROVED, ["reopen"]),
        ("viewer", MeasurementStatus.SUBMITTED, []),
    ],
)
def test_the_change_form_offers_the_steps_of_the_role_and_status(
    client, world, role, status, steps, django_assert_max_num_queries
):
    figure = figure_in(world, world.own, status=status)

    assert offered(client, world.users[role], figure, django_assert_max_num_queries) == steps


def test_an_officer_who_entered_a_figure_is_not_offered_to_approve_it(
    client, world, settings, django_assert_max_num_queries
):
    settings.FOUR_EYES_SELF_APPROVAL_ALLOWED = False
    officer = world.users["provincial_officer"]
    figure = figure_in(world, world.own, status=MeasurementStatus.SUBMITTED)
    figure.updated_by = officer
    figure.save(update_fields=["updated_by"])

    assert offered(client, officer, figure, django_assert_max_num_queries) == ["return"]


def test_the_submit_button_submits_the_figure(client, world):
    figure = figure_in(world, world.own)
    client.force_login(world.users["data_entry"])

    response = client.post(step_url(figure, "submit"), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["1 figure(s) submitted for review."]
    assert response.redirect_chain == [(change_url(figure), 302)]
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.SUBMITTED


def test_the_return_button_asks_for_the_reason_shown_then_to_the_data_entry_officer(client, world):
    figure = figure_in(world, world.own, status=MeasurementStatus.SUBMITTED)
    client.force_login(world.users["provincial_officer"])

    asked = client.post(step_url(figure, "return"))
    blank = client.post(step_url(figure, "return"), {"reason_given": "1", "reason": ""})
    figure.refresh_from_db()
    status_after_blank = figure.status
    done = client.post(step_url(figure, "return"), {"reason_given": "1", "reason": "Sai mẫu số"})

    assert asked.templates[0].name == "admin/indicators/measurement/transition_reason.html"
    assert blank.context["form"].errors == {"reason": ["This field is required."]}
    assert status_after_blank == MeasurementStatus.SUBMITTED
    assert done.status_code == 302
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.RETURNED
    client.force_login(world.users["data_entry"])
    form = client.get(change_url(figure))
    listed = client.get(reverse("admin:indicators_measurement_changelist"))
    assert "Sai mẫu số" in form.content.decode()
    assert [m.return_reason for m in listed.context["cl"].result_list if m.pk == figure.pk] == [
        "Sai mẫu số"
    ]


def test_a_data_entry_officer_cannot_approve_through_the_button(client, world):
    figure = figure_in(world, world.own, status=MeasurementStatus.SUBMITTED)
    client.force_login(world.users["data_entry"])

    response = client.post(step_url(figure, "approve"), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was changed: You are not allowed to approve figures."
    ]
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.SUBMITTED


def test_an_unknown_step_or_a_foreign_figure_is_not_found(client, world):
    client.force_login(world.users["data_entry"])

    unknown = client.post(step_url(world.own_figure, "delete"))
    foreign = client.post(step_url(world.foreign_figure, "submit"))

    assert (unknown.status_code, foreign.status_code) == (404, 404)
    world.foreign_figure.refresh_from_db()
    assert world.foreign_figure.status == MeasurementStatus.DRAFT
