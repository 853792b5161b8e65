"""The grid shaped by the indicator: the target and last year's total beside the inputs,
objective headings, care-model-fed indicators read-only, and "submit all" for its drafts."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from indicators.models import (
    Accumulation,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
    Unit,
)
from programmes.roles import DATA_ENTRY
from tests.factories import IndicatorFactory, MeasurementFactory, TargetFactory
from tests.users import user_in_role

pytestmark = pytest.mark.django_db


def grid_url(phase, area, year: int = 2020) -> str:
    query = {"phase": phase.pk, "area": area.pk, "year": year, "half": ""}
    return f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"


@pytest.fixture
def fed(objective):
    return IndicatorFactory(
        objective=objective,
        code="2.9",
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        source=IndicatorSource.CARE_MODELS,
        care_model_kind="community_rehabilitation",
        care_model_measure="beneficiaries",
    )


def test_grid_shows_the_target_and_last_years_figure_beside_each_row(
    admin_client, django_assert_max_num_queries, phase, percent, count, ha_nam
):
    TargetFactory(indicator=percent, area=ha_nam, year=2020, value=Decimal("35"))
    MeasurementFactory(indicator=percent, area=ha_nam, period="2019", value=Decimal("31.2"))

    with django_assert_max_num_queries(12):
        response = admin_client.get(grid_url(phase, ha_nam))

    rate_row, count_row = response.context["rows"]
    assert (rate_row.target_text, rate_row.last_year_text) == ("≥ 35%", "31.2%")
    assert (count_row.target_text, count_row.last_year_text) == ("", "")
    assert "Kinh tế, lao động" in response.content.decode()  # the objective's heading


def test_a_care_model_fed_indicator_is_read_only_in_the_grid(
    admin_client, phase, count, fed, ha_nam
):
    response = admin_client.get(grid_url(phase, ha_nam))
    fed_row = response.context["rows"][1]
    assert fed_row.indicator == fed
    assert all(field.disabled for field in fed_row.fields.values() if not field.widget.is_hidden)
    assert reverse("admin:care_caremodelreport_changelist") in response.content.decode()

    saved = admin_client.post(
        grid_url(phase, ha_nam),
        {f"indicator-{count.pk}-total_value": "8", f"indicator-{fed.pk}-total_value": "99"},
    )

    assert saved.status_code == 302
    assert list(Measurement.objects.values_list("indicator__code", "value")) == [
        ("2.3", Decimal("8.0000"))
    ]


def test_submit_all_sends_every_draft_of_the_grid_for_review(
    admin_client, phase, percent, count, ha_nam
):
    draft = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("8"))
    approved = MeasurementFactory(
        indicator=percent, area=ha_nam, value=Decimal("30"), status=MeasurementStatus.APPROVED
    )
    other_year = MeasurementFactory(indicator=count, area=ha_nam, period="2019")

    response = admin_client.post(grid_url(phase, ha_nam), {"submit_all": "1"})

    assert response.status_code == 302
    statuses = {
        figure.pk: figure.status
        for figure in Measurement.objects.filter(pk__in=[draft.pk, approved.pk, other_year.pk])
    }
    assert statuses == {
        draft.pk: MeasurementStatus.SUBMITTED,
        approved.pk: MeasurementStatus.APPROVED,
        other_year.pk: MeasurementStatus.DRAFT,
    }


def test_an_officer_with_one_area_opens_the_grid_on_it(client, phase, percent, ha_nam):
    client.force_login(user_in_role("lan", DATA_ENTRY, [ha_nam.code]))

    response = client.get(reverse("admin:indicators_measurement_grid"))

    assert response.status_code == 302
    assert response.url == grid_url(phase, ha_nam, 2020).replace("&half=", "")
