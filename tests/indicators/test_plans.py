"""A phase's plan agreed, then fixed: approved targets are locked on every path until the
plan is reopened with a reason (`phase_plan_approve`, `phase_plan_reopen`)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from core.four_eyes import SELF_APPROVAL_RECORDED
from indicators.models import Target
from indicators.services import (
    PlanLocked,
    phase_plan_approve,
    phase_plan_reopen,
    target_delete,
    target_save,
)
from indicators.services.plans import (
    PLAN_LOCKED,
    PLAN_REASON_REQUIRED,
    PLAN_SELF_APPROVAL_REFUSED,
    PLAN_WITHOUT_TARGETS,
)
from programmes.models import Phase
from tests.api_support import api_client
from tests.factories import IndicatorFactory, PhaseFactory, TargetFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return user_in_role("officer", "provincial_officer")


@pytest.fixture
def target():
    return TargetFactory(
        indicator=IndicatorFactory(objective__phase=PhaseFactory(name="2021–2025")),
        year=2020,
        value=D("60"),
    )


@pytest.fixture
def approved(target, officer):
    phase_plan_approve(phase=target.indicator.phase, user=officer)
    target.refresh_from_db()
    return target


def locked_message(target: Target) -> str:
    return str(PLAN_LOCKED % {"phase": str(target.indicator.phase)})


def test_a_plan_starts_as_a_draft_and_an_officer_approves_it(target, officer):
    phase = target.indicator.phase
    assert phase.plan_status == "draft"

    response = api_client(officer).post(f"/api/v1/phases/{phase.pk}/plan/approve/")

    assert response.status_code == 200
    assert response.json()["plan_status"] == "approved"
    phase.refresh_from_db()
    assert phase.plan_status == "approved"
    assert phase.history.first().history_user == officer


@pytest.mark.parametrize("role", ["viewer", "data_entry"])
def test_only_provincial_officers_approve_a_plan(target, role):
    user = user_in_role("someone", role, [target.area.code] if role == "data_entry" else [])
    phase = target.indicator.phase

    response = api_client(user).post(f"/api/v1/phases/{phase.pk}/plan/approve/")

    assert response.status_code == 403
    phase.refresh_from_db()
    assert phase.plan_status == "draft"


def test_a_plan_without_targets_is_not_approved(officer):
    phase = PhaseFactory()

    response = api_client(officer).post(f"/api/v1/phases/{phase.pk}/plan/approve/")

    assert response.status_code == 409
    assert response.json() == {"detail": str(PLAN_WITHOUT_TARGETS % {"phase": str(phase)})}
    phase.refresh_from_db()
    assert phase.plan_status == "draft"


def test_an_approved_target_refuses_a_change_through_the_api_with_409(approved, officer):
    response = api_client(officer).patch(
        f"/api/v1/targets/{approved.pk}/", {"value": "70"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {"detail": locked_message(approved)}
    approved.refresh_from_db()
    assert approved.value == D("60")


def test_an_approved_plan_refuses_a_new_target_and_a_deletion_with_409(approved, officer):
    client = api_client(officer)
    new = {
        "indicator": approved.indicator_id,
        "area": approved.area.code,
        "year": 2019,
        "comparator": "gte",
        "value": "50",
    }

    assert client.post("/api/v1/targets/", new, format="json").status_code == 409
    assert client.delete(f"/api/v1/targets/{approved.pk}/").status_code == 409
    assert list(Target.objects.values_list("pk", flat=True)) == [approved.pk]


def test_the_services_refuse_an_approved_target_and_write_nothing(approved):
    approved.value = D("70")
    with pytest.raises(PlanLocked):
        target_save(target=approved)
    with pytest.raises(PlanLocked):
        target_delete(target=approved)

    assert Target.objects.get().value == D("60")


def test_the_database_refuses_a_raw_change_to_an_approved_target(approved):
    table = Target._meta.db_table
    for statement in (
        f"UPDATE {table} SET value = 70 WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [approved.pk])

    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=approved.indicator, area=approved.area, year=2019, comparator="gte", value=1
        )
    assert list(Target.objects.values_list("value", flat=True)) == [D("60")]


def test_the_database_lets_a_draft_plans_targets_change(target):
    Target.objects.filter(pk=target.pk).update(value=D("65"))

    assert Target.objects.get().value == D("65")


def test_reopening_needs_a_reason(approved, officer):
    phase = approved.indicator.phase

    response = api_client(officer).post(
        f"/api/v1/phases/{phase.pk}/plan/reopen/", {"reason": "  "}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"reason": [str(PLAN_REASON_REQUIRED)]}
    with pytest.raises(ValidationError):
        phase_plan_reopen(phase=phase, user=officer, reason="")
    phase.refresh_from_db()
    assert phase.plan_status == "approved"


def test_a_reopened_plan_takes_changes_again_and_keeps_the_reason_in_its_history(approved, officer):
    phase = approved.indicator.phase
    client = api_client(officer)

    reopened = client.post(
        f"/api/v1/phases/{phase.pk}/plan/reopen/",
        {"reason": "Chỉ tiêu 2025 điều chỉnh theo Nghị quyết HĐND"},
        format="json",
    )
    changed = client.patch(f"/api/v1/targets/{approved.pk}/", {"value": "70"}, format="json")

    assert (reopened.status_code, reopened.json()["plan_status"]) == (200, "draft")
    assert changed.status_code == 200
    assert Target.objects.get().value == D("70")
    assert [(h.plan_status, h.history_change_reason) for h in phase.history.all()][:2] == [
        ("draft", "Chỉ tiêu 2025 điều chỉnh theo Nghị quyết HĐND"),
        ("approved", None),
    ]
    assert [h.value for h in approved.history.all()] == [D("70"), D("60")]


def test_a_data_entry_officer_cannot_reopen_a_plan(approved):
    clerk = user_in_role("clerk", "data_entry", [approved.area.code])

    with pytest.raises(PermissionDenied):
        phase_plan_reopen(phase=approved.indicator.phase, user=clerk, reason="sai")


def test_the_admin_approves_a_plan_and_then_shows_its_targets_read_only(target, client, officer):
    client.force_login(officer)
    phase = target.indicator.phase

    client.post(
        "/en/admin/programmes/phase/",
        {"action": "approve_plans", "_selected_action": [phase.pk]},
    )
    page = client.get(f"/en/admin/indicators/target/{target.pk}/change/")
    post = client.post(
        f"/en/admin/indicators/target/{target.pk}/change/",
        {
            "indicator": target.indicator_id,
            "area": target.area_id,
            "year": 2020,
            "comparator": "gte",
            "value": "70",
        },
    )

    assert Phase.objects.get(pk=phase.pk).plan_status == "approved"
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert post.status_code == 403
    assert Target.objects.get().value == D("60")


def test_the_admin_reopens_a_plan_only_with_a_reason(approved, client, officer):
    client.force_login(officer)
    phase = approved.indicator.phase
    selection = {"action": "reopen_plans", "_selected_action": [phase.pk]}

    asked = client.post("/en/admin/programmes/phase/", selection)
    done = client.post(
        "/en/admin/programmes/phase/", {**selection, "reason_given": "1", "reason": "Điều chỉnh"}
    )

    assert asked.status_code == 200
    assert b'name="reason"' in asked.content
    assert done.status_code == 302
    phase.refresh_from_db()
    assert (phase.plan_status, phase.history.first().history_change_reason) == (
        "draft",
        "Điều chỉnh",
    )


def test_the_admin_plans_the_next_phase_from_the_one_chosen(target, client, officer):
    client.force_login(officer)
    old = target.indicator.phase
    selection = {"action": "plan_next_phase", "_selected_action": [old.pk]}

    asked = client.post("/en/admin/programmes/phase/", selection)
    done = client.post(
        "/en/admin/programmes/phase/",
        {**selection, "planned": "1", "name": "2026–2030", "start_year": 2026, "end_year": 2030},
    )
    refused = client.post(
        "/en/admin/programmes/phase/",
        {**selection, "planned": "1", "name": "2026–2030", "start_year": 2026, "end_year": 2030},
    )

    assert asked.context["form"].initial == {
        "name": "2021–2025",
        "start_year": 2021,
        "end_year": 2025,
    }
    new = Phase.objects.get(name="2026–2030")
    assert done.status_code == 302
    assert done["Location"] == f"/en/admin/programmes/phase/{new.pk}/change/"
    assert new.previous == old
    assert Target.objects.get(indicator__phase=new).value == D("60")
    assert refused.status_code == 200
    assert refused.context["form"].errors["name"] == [
        'The programme already has a phase named "2026–2030"; choose another name.'
    ]


def test_whoever_changed_a_target_cannot_approve_the_plan_and_nothing_is_written(target, officer):
    """Four eyes (DESIGN.md §4 rule 6): the plan's approver is not one of its authors."""
    target.value = D("65")
    target._history_user = officer
    target_save(target=target)
    phase = target.indicator.phase

    with pytest.raises(PermissionDenied) as refused:
        phase_plan_approve(phase=phase, user=officer)

    assert str(refused.value) == str(PLAN_SELF_APPROVAL_REFUSED)
    phase.refresh_from_db()
    assert phase.plan_status == "draft"
    assert phase.history.count() == 1  # created, never approved


def test_a_one_person_department_may_approve_its_own_plan_and_the_history_says_so(
    target, officer, settings
):
    settings.FOUR_EYES_SELF_APPROVAL_ALLOWED = True
    target.value = D("65")
    target._history_user = officer
    target_save(target=target)
    phase = target.indicator.phase

    phase_plan_approve(phase=phase, user=officer)

    phase.refresh_from_db()
    assert phase.plan_status == "approved"
    assert phase.history.first().history_change_reason == str(SELF_APPROVAL_RECORDED)
