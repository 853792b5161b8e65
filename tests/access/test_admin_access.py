"""The admin as each role sees it: scoped figures, workflow actions, a read-only history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Measurement, MeasurementStatus
from tests.access.support import build_world, figure_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_data_entry_officer_lists_only_the_figures_of_the_assigned_areas(client, world):
    figure_in(world, world.own_commune)
    signed_in(client, world.users["data_entry"])

    response = client.get(reverse("admin:indicators_measurement_changelist"))

    assert response.status_code == 200
    areas = {m.area.code for m in response.context["cl"].result_list}
    assert areas == {"D1", "C1"}


def test_a_data_entry_officer_cannot_open_a_foreign_figure_or_its_history(client, world):
    signed_in(client, world.users["data_entry"])
    pk = world.foreign_figure.pk

    change = client.get(reverse("admin:indicators_measurement_change", args=[pk]))
    history = client.get(reverse("admin:indicators_measurement_history", args=[pk]))

    assert change.status_code == 302  # Django's "does not exist" redirect to the index
    assert history.status_code == 404  # as for a figure that does not exist


def test_a_data_entry_officer_is_offered_only_assigned_areas(client, world):
    signed_in(client, world.users["data_entry"])

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "indicators", "model_name": "measurement", "field_name": "area"},
    )
    add = client.get(reverse("admin:indicators_measurement_add"))

    assert {row["text"] for row in response.json()["results"]} == {"Huyện Một", "Xã Một"}
    assert set(
        add.context["adminform"].form.fields["area"].queryset.values_list("code", flat=True)
    ) == {
        "D1",
        "C1",
    }


def test_a_data_entry_officer_cannot_post_a_figure_for_another_area(client, world):
    signed_in(client, world.users["data_entry"])

    response = client.post(
        reverse("admin:indicators_measurement_add"),
        {
            "indicator": world.indicator.pk,
            "area": world.foreign.pk,
            "period": "2019",
            "sex": "total",
            "value": "5",
        },
    )

    assert response.status_code == 200
    assert "area" in response.context["adminform"].form.errors
    assert not Measurement.objects.filter(period="2019").exists()


@pytest.mark.parametrize("role", ["data_entry", "provincial_officer", "viewer"])
def test_no_role_can_see_or_change_users_groups_or_assigned_areas(client, world, role):
    signed_in(client, world.users[role])

    for name in ("auth_user", "auth_group", "programmes_areaassignment"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:auth_user_change", args=[world.users[role].pk])).status_code
        == 403
    )


def test_the_admin_submits_and_approves_with_actions(client, world):
    changelist = reverse("admin:indicators_measurement_changelist")
    signed_in(client, world.users["data_entry"])
    submitted = client.post(
        changelist,
        {"action": "submit_figures", "_selected_action": [world.own_figure.pk]},
        follow=True,
    )
    assert [str(m) for m in submitted.context["messages"]] == ["1 figure(s) submitted for review."]
    signed_in(client, world.users["provincial_officer"])

    response = client.post(
        changelist,
        {"action": "approve_figures", "_selected_action": [world.own_figure.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 figure(s) approved."]
    world.own_figure.refresh_from_db()
    assert world.own_figure.status == MeasurementStatus.APPROVED


def test_returning_asks_for_the_reason_first(client, world):
    figure = figure_in(world, world.own, status=MeasurementStatus.SUBMITTED)
    changelist = reverse("admin:indicators_measurement_changelist")
    signed_in(client, world.users["provincial_officer"])
    selection = {"action": "return_figures", "_selected_action": [figure.pk]}

    asked = client.post(changelist, selection)
    blank = client.post(changelist, {**selection, "reason_given": "1", "reason": ""})
    done = client.post(changelist, {**selection, "reason_given": "1", "reason": "Sai mẫu số"})

    assert asked.templates[0].name == "admin/indicators/measurement/transition_reason.html"
    assert blank.context["form"].errors == {"reason": ["This field is required."]}
    assert done.status_code == 302
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.RETURNED
    assert figure.history.latest().history_change_reason == "Sai mẫu số"


def test_an_action_refused_for_one_figure_changes_none(client, world):
    draft = figure_in(world, world.own)
    submitted = figure_in(world, world.own, status=MeasurementStatus.SUBMITTED, period="2018")
    signed_in(client, world.users["provincial_officer"])

    response = client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "approve_figures", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was changed: The figure for Huyện Một, 2019, total is draft; only a "
        "submitted figure can be approved."
    ]
    submitted.refresh_from_db()
    assert submitted.status == MeasurementStatus.SUBMITTED


def test_the_admin_refuses_to_change_an_approved_figure(client, world):
    figure = figure_in(world, world.own, status=MeasurementStatus.APPROVED)
    signed_in(client, world.users["provincial_officer"])

    response = client.post(
        reverse("admin:indicators_measurement_change", args=[figure.pk]),
        {"value": "50", "numerator": "", "denominator": "", "note": "", "read_version": "1"},
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "The figure for Huyện Một, 2019, total is approved and locked; ask a provincial "
        "officer to reopen it."
    ]
    figure.refresh_from_db()
    assert figure.value == Decimal("10")
    assert figure.history.count() == 1


def test_the_history_page_shows_changes_but_cannot_revert(client, world):
    signed_in(client, world.users["superuser"])
    figure = world.own_figure
    record = figure.history.latest()

    page = client.get(reverse("admin:indicators_measurement_history", args=[figure.pk]))
    revert = client.post(
        reverse("admin:indicators_measurement_simple_history", args=[figure.pk, record.pk]),
        {"value": "99"},
    )

    assert page.status_code == 200
    assert revert.status_code == 403
    figure.refresh_from_db()
    assert figure.value == Decimal("10")
