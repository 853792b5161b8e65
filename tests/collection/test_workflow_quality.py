"""Rule 10 in the workflow (DESIGN.md §4, issue #18 point 6): whoever submits sees the
rules broken and the outliers of what they submit; approving a figure that breaks a rule
needs a comment, kept in its history; nothing blocks entry. The checks are collection's,
reached by the workflow through FIGURE_QUALITY_HOOK."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from collection.models import ValidationRule
from collection.quality import RULE_BROKEN
from indicators.models import Measurement, MeasurementStatus
from indicators.services import APPROVE, SUBMIT, measurements_transition
from indicators.services.quality import APPROVAL_NEEDS_COMMENT, quality_warnings
from tests.api_support import api_client
from tests.collection.support import build_province, clerk, officer
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db
RULE = "Trẻ bị xâm hại không quá số trẻ em"
COMMENT = "Đã xác minh với huyện: trẻ em ngoài tỉnh bị xâm hại trên địa bàn"


@pytest.fixture
def world():
    world = build_province()
    world.rule = ValidationRule.objects.create(
        phase=world.phase, name=RULE, left="A", operator="lte", right="C"
    )
    world.clerk = clerk(world.d1)
    MeasurementFactory(indicator=world.count, area=world.c11, period="2018", value=Decimal(10))
    MeasurementFactory(indicator=world.count, area=world.c12, period="2018", value=Decimal(5))
    # 20 children abused in a district that counted 15 children: the rule is broken.
    world.abused_figure = MeasurementFactory(
        indicator=world.abused,
        area=world.d1,
        period="2018",
        value=Decimal(20),
        created_by=world.clerk,
        updated_by=world.clerk,
    )
    return world


def broken(world) -> str:
    with translation.override("en"):
        return str(
            RULE_BROKEN
            % {
                "rule": RULE,
                "left": "A",
                "operator": "≤",
                "right": "C",
                "area": "Huyện Một",
                "period": "2018",
                "left_value": "20",
                "right_value": "15",
            }
        )


def needs_comment() -> str:
    with translation.override("en"):
        return str(APPROVAL_NEEDS_COMMENT % {"count": 1, "rules": RULE})


def violation(world) -> dict:
    return {
        "rule": world.rule.pk,
        "rule_name": RULE,
        "importance": "medium",
        "area": "D1",
        "period": "2018",
        "left": "20",
        "right": "15",
        "message": broken(world),
    }


def submitted(world) -> Measurement:
    figure = world.abused_figure
    measurements_transition(measurements=[figure], user=world.clerk, transition=SUBMIT)
    figure.refresh_from_db()
    return figure


def test_the_submitter_sees_the_rules_the_figure_breaks_in_the_apis_answer(world):
    figure = world.abused_figure
    response = api_client(world.clerk).post(
        f"/api/v1/measurements/{figure.pk}/submit/", {}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"  # nothing blocks it
    assert response.json()["violations"] == [violation(world)]
    assert response.json()["outliers"] == []


def test_approving_a_figure_that_breaks_a_rule_without_a_comment_is_refused_through_the_api(
    world,
):
    figure = submitted(world)
    before = (figure.version, figure.history.count())
    api = api_client(officer())
    url = f"/api/v1/measurements/{figure.pk}/approve/"

    response = api.post(url, {"reason": "  "}, format="json")

    assert response.status_code == 400
    assert response.json() == {"reason": [needs_comment()]}
    figure.refresh_from_db()
    assert (figure.status, figure.version, figure.history.count()) == (
        MeasurementStatus.SUBMITTED,
        *before,
    )

    approved = api.post(url, {"reason": COMMENT}, format="json")

    assert approved.status_code == 200
    assert approved.json()["violations"] == [violation(world)]
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.APPROVED
    assert figure.history.latest("history_date").history_change_reason == COMMENT


def test_a_batch_approval_without_a_comment_approves_none(world):
    figure = submitted(world)
    fine = MeasurementFactory(
        indicator=world.count, area=world.c12, period="2019", status=MeasurementStatus.SUBMITTED
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        measurements_transition(measurements=[fine, figure], user=officer(), transition=APPROVE)

    assert error.value.message_dict == {"reason": [needs_comment()]}
    assert set(Measurement.objects.filter(pk__in=[fine.pk, figure.pk]).values_list("status")) == {
        (MeasurementStatus.SUBMITTED,)
    }


def test_the_admin_asks_the_approver_for_a_comment_showing_the_rules_broken(client, world):
    figure = submitted(world)
    client.force_login(officer())
    with translation.override("en"):
        changelist = reverse("admin:indicators_measurement_changelist")
    action = {"action": "approve_figures", "_selected_action": [figure.pk]}

    asked = client.post(changelist, action)

    assert asked.status_code == 200
    assert asked.templates[0].name == "admin/indicators/measurement/transition_reason.html"
    assert broken(world) in asked.content.decode()
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.SUBMITTED

    done = client.post(changelist, {**action, "reason_given": "1", "reason": COMMENT})

    assert done.status_code == 302
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.APPROVED
    assert figure.history.latest("history_date").history_change_reason == COMMENT


def test_the_admins_submit_action_shows_the_submitter_the_rules_broken(client, world):
    client.force_login(world.clerk)
    with translation.override("en"):
        changelist = reverse("admin:indicators_measurement_changelist")

    response = client.post(
        changelist,
        {"action": "submit_figures", "_selected_action": [world.abused_figure.pk]},
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 figure(s) submitted for review.",
        "Check: " + broken(world),
    ]
    world.abused_figure.refresh_from_db()
    assert world.abused_figure.status == MeasurementStatus.SUBMITTED


def test_the_grid_saves_a_figure_that_breaks_a_rule_and_says_so(client, world):
    client.force_login(world.clerk)
    query = {"phase": world.phase.pk, "area": world.d1.pk, "year": 2018, "half": ""}
    with translation.override("en"):
        grid = f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"

    response = client.post(grid, {f"indicator-{world.abused.pk}-total_value": "25"})

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[0] == "Saved: 0 new, 1 changed, 0 unchanged."
    assert messages[1] == "Check: " + broken(world).replace("(20 against", "(25 against")
    world.abused_figure.refresh_from_db()
    assert world.abused_figure.value == Decimal(25)


def test_without_the_hook_the_workflow_has_nothing_to_say(world, settings):
    settings.FIGURE_QUALITY_HOOK = ""
    figure = submitted(world)

    assert quality_warnings([figure]).violations == []
    measurements_transition(measurements=[figure], user=officer(), transition=APPROVE)
    figure.refresh_from_db()
    assert figure.status == MeasurementStatus.APPROVED
