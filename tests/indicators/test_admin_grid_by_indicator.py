"""The grid asks only what the indicator takes (issue #14 point 6): female and male only
for an indicator reported by sex, a rate by its value or by numerator and denominator
(the value then computed and shown), half-years only for indicators reported six-monthly."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from indicators.forms import NO_HALF_YEARLY_INDICATOR
from indicators.models import Measurement, ReportingFrequency, Sex
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def grid_url(phase, area, year: int = 2020, half: str = "") -> str:
    query = {"phase": phase.pk, "area": area.pk, "year": year, "half": half}
    return f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"


def inputs(row) -> list[str]:
    return [name for name, field in row.fields.items() if not field.widget.is_hidden]


def test_sex_columns_only_for_an_indicator_reported_by_sex(
    admin_client, django_assert_max_num_queries, phase, percent, count, ha_nam
):
    with django_assert_max_num_queries(13):
        response = admin_client.get(grid_url(phase, ha_nam))

    rate_row, count_row = response.context["rows"]
    assert inputs(rate_row) == ["total_value", "total_numerator", "total_denominator"]
    assert inputs(count_row) == ["total_value", "female_value", "male_value"]
    assert [cell.get("absent", False) for cell in rate_row.cells()] == [False, True, True]
    assert response.content.decode().count('class="not-by-sex"') == 2


def test_figures_by_sex_already_entered_stay_visible(admin_client, phase, percent, ha_nam):
    MeasurementFactory(indicator=percent, area=ha_nam, sex=Sex.FEMALE, value=Decimal("40"))

    response = admin_client.get(grid_url(phase, ha_nam))

    (row,) = response.context["rows"]
    assert row["female_value"].value() == Decimal("40.0000")
    assert "male_value" in row.fields


def test_a_row_not_by_sex_ignores_posted_sex_cells(admin_client, phase, percent, ha_nam):
    response = admin_client.post(
        grid_url(phase, ha_nam),
        {
            f"indicator-{percent.pk}-total_value": "35",
            f"indicator-{percent.pk}-female_value": "40",
        },
    )

    assert response.status_code == 302
    assert list(Measurement.objects.values_list("sex", "value")) == [
        (Sex.TOTAL, Decimal("35.0000"))
    ]


def test_a_rate_given_by_numerator_and_denominator_shows_its_computed_value(
    admin_client, phase, percent, ha_nam
):
    url = grid_url(phase, ha_nam)
    saved = admin_client.post(
        url,
        {
            f"indicator-{percent.pk}-total_numerator": "39",
            f"indicator-{percent.pk}-total_denominator": "120",
        },
    )

    assert saved.status_code == 302
    assert list(Measurement.objects.values_list("value", "numerator", "denominator")) == [
        (Decimal("32.5000"), Decimal("39.0000"), Decimal("120.0000"))
    ]
    (row,) = admin_client.get(url).context["rows"]
    assert row["total_value"].value() == Decimal("32.5000")


def test_half_years_are_not_offered_without_a_six_monthly_indicator(
    admin_client, phase, percent, ha_nam
):
    response = admin_client.get(grid_url(phase, ha_nam))

    assert response.context["selection"].fields["half"].widget.is_hidden
    assert 'type="hidden" name="half"' in response.content.decode()


def test_a_half_year_is_refused_without_a_six_monthly_indicator(
    admin_client, phase, percent, ha_nam
):
    url = grid_url(phase, ha_nam, half="S1")

    response = admin_client.post(url, {f"indicator-{percent.pk}-total_value": "35"})

    assert response.status_code == 200
    assert response.context["selection"].errors == {"half": [str(NO_HALF_YEARLY_INDICATOR)]}
    assert response.context["rows"] == []
    assert not Measurement.objects.exists()


def test_a_half_year_lists_only_the_six_monthly_indicators(
    admin_client, django_assert_max_num_queries, phase, objective, percent, ha_nam
):
    abused = IndicatorFactory(
        objective=objective,
        code="2.4",
        reporting_frequency=ReportingFrequency.HALF_YEAR,
        by_sex=True,
    )

    with django_assert_max_num_queries(13):
        half = admin_client.get(grid_url(phase, ha_nam, half="S1"))
    year = admin_client.get(grid_url(phase, ha_nam))

    assert [row.indicator for row in half.context["rows"]] == [abused]
    assert not half.context["selection"].fields["half"].widget.is_hidden
    assert [row.indicator for row in year.context["rows"]] == [percent, abused]
    saved = admin_client.post(
        grid_url(phase, ha_nam, half="S1"),
        {f"indicator-{abused.pk}-total_value": "12", f"indicator-{percent.pk}-total_value": "9"},
    )
    assert saved.status_code == 302
    assert list(Measurement.objects.values_list("indicator__code", "period", "value")) == [
        ("2.4", "2020S1", Decimal("12.0000"))
    ]
