"""The admin's add and change pages for figures and targets: saved through the services, bad input refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Measurement, MeasurementStatus, Sex, Target
from indicators.services import (
    AREA_NOT_VALID,
    FIGURE_LOCKED,
    PERCENT_OVER_100,
    PERIOD_MALFORMED,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
    VALUE_NEGATIVE,
    YEAR_OUTSIDE_PHASE,
)
from tests.factories import (
    MeasurementFactory,
    TargetFactory,
)
from tests.indicators.admin_support import (
    figure_data,
    form_errors,
    target_data,
)

pytestmark = pytest.mark.django_db


# --- adding and changing a figure -----------------------------------------------------


def test_adding_a_figure_saves_it_through_the_service(admin_client, superuser, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="1250")
    )

    assert response.status_code == 302
    figure = Measurement.objects.get()
    assert (figure.period, figure.year, figure.value, figure.status) == (
        "2020",
        2020,
        Decimal("1250.0000"),
        MeasurementStatus.DRAFT,
    )
    assert figure.created_by == superuser


def test_a_rate_can_be_added_from_its_numerator_and_denominator(admin_client, percent, ha_nam):
    data = figure_data(percent, ha_nam, value="", numerator="329", denominator="1000")

    response = admin_client.post(reverse("admin:indicators_measurement_add"), data)

    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("32.9000")


def test_changing_a_figure_saves_the_new_value_and_who_changed_it(
    admin_client, superuser, count, ha_nam
):
    figure = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("10"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[figure.pk]),
        {"value": "12", "numerator": "", "denominator": "", "note": "Số liệu điều tra lại"},
    )

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.note, figure.updated_by) == (
        Decimal("12.0000"),
        "Số liệu điều tra lại",
        superuser,
    )


def test_figure_keys_and_status_are_read_only_on_the_change_page(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam)

    response = admin_client.get(reverse("admin:indicators_measurement_change", args=[figure.pk]))

    assert sorted(response.context["adminform"].form.fields) == [
        "denominator",
        "note",
        "numerator",
        "read_version",
        "value",
    ]


def test_status_is_not_editable_when_adding_a_figure(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_add"))

    assert "status" not in response.context["adminform"].form.fields


# --- bad figures are refused with the service's message and nothing is saved --------


def test_a_negative_count_is_refused(admin_client, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="-5")
    )

    assert form_errors(response) == {"value": [str(VALUE_NEGATIVE)]}
    assert Measurement.objects.count() == 0


def test_a_percent_over_100_is_refused(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(percent, ha_nam, value="100.5")
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("period", ["2020S3", "20", "2020S12"])
def test_a_malformed_period_is_refused(admin_client, count, ha_nam, period):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, period=period)
    )

    assert form_errors(response) == {"period": [str(PERIOD_MALFORMED % {"period": period})]}
    assert Measurement.objects.count() == 0


def test_a_period_outside_the_phase_is_refused(admin_client, count, ha_nam, phase):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, period="2021S1")
    )

    message = PERIOD_OUTSIDE_PHASE % {
        "period": "2021S1",
        "phase": phase.name,
        "start": 2016,
        "end": 2020,
    }
    assert form_errors(response) == {"period": [str(message)]}
    assert Measurement.objects.count() == 0


def test_an_area_that_did_not_exist_in_the_period_is_refused(admin_client, count, communes_of_2020):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, communes_of_2020)
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": "2020"}
    assert form_errors(response) == {"area": [str(message)]}
    assert Measurement.objects.count() == 0


def test_a_total_that_is_not_female_plus_male_is_refused(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("3"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.MALE, value=Decimal("5"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="10")
    )

    message = SEX_SUM_MISMATCH % {
        "total": "10",
        "female": "3",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    assert form_errors(response) == {"sex": [str(message)]}
    assert Measurement.objects.count() == 2


def test_changing_a_female_figure_so_the_sum_breaks_is_refused(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.TOTAL, value=Decimal("8"))
    female = MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("3"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.MALE, value=Decimal("5"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[female.pk]),
        {"value": "4", "numerator": "", "denominator": "", "note": ""},
    )

    message = SEX_SUM_MISMATCH % {
        "total": "8",
        "female": "4",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    # `sex` is read-only on the change page, so the message stands above the form.
    assert form_errors(response) == {"__all__": [str(message)]}
    female.refresh_from_db()
    assert female.value == Decimal("3.0000")


def test_an_approved_figure_cannot_be_changed_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(
        indicator=count, area=ha_nam, value=Decimal("10"), status=MeasurementStatus.APPROVED
    )

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[figure.pk]),
        {"value": "11", "numerator": "", "denominator": "", "note": ""},
    )

    message = FIGURE_LOCKED % {"area": "Hà Nam", "period": "2020", "sex": "total"}
    assert form_errors(response) == {"__all__": [str(message)]}
    figure.refresh_from_db()
    assert figure.value == Decimal("10.0000")


def test_an_approved_figure_cannot_be_deleted_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam, status=MeasurementStatus.APPROVED)

    response = admin_client.post(
        reverse("admin:indicators_measurement_delete", args=[figure.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Measurement.objects.filter(pk=figure.pk).exists()


def test_a_draft_figure_can_be_deleted_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam)

    response = admin_client.post(
        reverse("admin:indicators_measurement_delete", args=[figure.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert Measurement.objects.count() == 0


def test_bulk_delete_refuses_a_selection_with_an_approved_figure(admin_client, count, ha_nam):
    """The action says which figure is locked and deletes none of the selection."""
    draft = MeasurementFactory(indicator=count, area=ha_nam, period="2019")
    approved = MeasurementFactory(indicator=count, area=ha_nam, status=MeasurementStatus.APPROVED)

    response = admin_client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk, approved.pk], "post": "yes"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was deleted: The figure for Hà Nam, 2020, total is approved and locked; "
        "ask a provincial officer to reopen it."
    ]
    assert Measurement.objects.count() == 2


def test_bulk_delete_removes_draft_figures(admin_client, count, ha_nam):
    first = MeasurementFactory(indicator=count, area=ha_nam, period="2019")
    second = MeasurementFactory(indicator=count, area=ha_nam, period="2020")

    response = admin_client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert Measurement.objects.count() == 0


def test_the_same_figure_cannot_be_added_twice(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("10"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="99")
    )

    assert list(form_errors(response)) == ["__all__"]
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("10.0000")]


# --- bad targets ------------------------------------------------------------------------


def test_adding_a_target_saves_it(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"),
        target_data(percent, ha_nam, baseline_value="25.2", baseline_year="2015"),
    )

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.year, target.value, target.baseline_value, target.baseline_year) == (
        2020,
        Decimal("35.0000"),
        Decimal("25.2000"),
        2015,
    )


def test_a_negative_target_is_refused(admin_client, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(count, ha_nam, value="-1")
    )

    assert form_errors(response) == {"value": [str(VALUE_NEGATIVE)]}
    assert Target.objects.count() == 0


def test_a_target_percent_over_100_is_refused(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, ha_nam, value="101")
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    assert Target.objects.count() == 0


def test_a_target_year_outside_the_phase_is_refused(admin_client, percent, ha_nam, phase):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, ha_nam, year="2025")
    )

    message = YEAR_OUTSIDE_PHASE % {"year": 2025, "phase": phase.name, "start": 2016, "end": 2020}
    assert form_errors(response) == {"year": [str(message)]}
    assert Target.objects.count() == 0


def test_a_target_for_an_area_that_did_not_exist_is_refused(
    admin_client, percent, communes_of_2020
):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, communes_of_2020)
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": 2020}
    assert form_errors(response) == {"area": [str(message)]}
    assert Target.objects.count() == 0


def test_changing_a_target_to_a_bad_value_keeps_the_old_one(admin_client, percent, ha_nam):
    target = TargetFactory(indicator=percent, area=ha_nam, value=Decimal("35"))

    response = admin_client.post(
        reverse("admin:indicators_target_change", args=[target.pk]),
        target_data(percent, ha_nam, value="120"),
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    target.refresh_from_db()
    assert target.value == Decimal("35.0000")
