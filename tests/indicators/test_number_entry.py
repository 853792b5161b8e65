"""Numbers typed and shown the way the user's language writes them (DESIGN.md §4 rule 11).

In Vietnamese "4,5" is four and a half, "1.234" a thousand two hundred and thirty-four
and "1.234,5" what it looks like, in the grid and in a figure's own form; "1,5" for a
count is refused with nothing written; stored values come back as "29,1", not "29.1000".
English keeps its own writing; the API stays machine-formatted.
"""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from core.number_input import DOT_AS_DECIMAL, WHOLE_ONLY
from indicators.models import Indicator, Measurement, Unit
from indicators.services import VALUE_NOT_WHOLE
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietnamese():
    """The pages (their URLs without a prefix) and the messages compared, in Vietnamese."""
    with translation.override("vi"):
        yield


def grid_url(phase, area, year: int = 2020) -> str:
    query = {"phase": phase.pk, "area": area.pk, "year": year, "half": ""}
    return f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"


def cells(indicator: Indicator, **values: str) -> dict:
    return {f"indicator-{indicator.pk}-{name}": value for name, value in values.items()}


@pytest.fixture
def per_100000(objective):
    return IndicatorFactory(
        objective=objective, code="2.4", name="Tỷ số tử vong mẹ", unit=Unit.PER_100000
    )


def stored() -> list[tuple[str, Decimal]]:
    return list(
        Measurement.objects.order_by("indicator__code").values_list("indicator__code", "value")
    )


def test_grid_reads_vietnamese_decimals_and_thousands(
    vietnamese, admin_client, phase, percent, count, per_100000, ha_nam
):
    data = {
        **cells(percent, total_value="4,5"),
        **cells(count, total_value="1.234"),
        **cells(per_100000, total_value="1.234,5"),
    }

    response = admin_client.post(grid_url(phase, ha_nam), data)

    assert response.status_code == 302
    assert stored() == [
        ("2.2", Decimal("4.5000")),
        ("2.3", Decimal("1234.0000")),
        ("2.4", Decimal("1234.5000")),
    ]


def test_grid_refuses_a_fraction_of_a_count_and_writes_nothing(
    vietnamese, admin_client, phase, percent, count, ha_nam
):
    data = {**cells(percent, total_value="4,5"), **cells(count, total_value="1,5")}

    response = admin_client.post(grid_url(phase, ha_nam), data)

    assert response.status_code == 200
    count_row = response.context["rows"][1]
    assert count_row.errors["total_value"] == [str(WHOLE_ONLY % {"text": "1,5"})]
    assert Measurement.objects.count() == 0


def test_grid_refuses_a_dot_that_could_be_a_decimal_point_and_says_how_to_write_it(
    vietnamese, admin_client, phase, percent, ha_nam
):
    response = admin_client.post(grid_url(phase, ha_nam), cells(percent, total_value="1.5"))

    row = response.context["rows"][0]
    assert row.errors["total_value"] == [str(DOT_AS_DECIMAL % {"text": "1.5", "suggestion": "1,5"})]
    assert Measurement.objects.count() == 0


def test_grid_shows_stored_values_in_vietnamese_with_the_indicators_decimals(
    vietnamese, admin_client, phase, percent, count, ha_nam
):
    percent.decimals = 1
    percent.save()
    MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("29.1000"))
    MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("1234.0000"))

    page = admin_client.get(grid_url(phase, ha_nam)).content.decode()

    assert 'value="29,1"' in page
    assert 'value="1.234"' in page
    assert "29.1000" not in page


def test_sending_back_a_value_shown_rounded_keeps_the_stored_value(
    vietnamese, admin_client, phase, percent, ha_nam
):
    percent.decimals = 1
    percent.save()
    figure = MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("92.4747"))
    opened = admin_client.get(grid_url(phase, ha_nam))
    assert opened.context["rows"][0]["total_value"].value() == Decimal("92.4747")
    assert 'value="92,5"' in opened.content.decode()

    response = admin_client.post(
        grid_url(phase, ha_nam), cells(percent, total_value="92,5", total_version="1")
    )

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal("92.4747"), 1)


def test_grid_in_english_reads_english_numbers(admin_client, phase, count, per_100000, ha_nam):
    with translation.override("en"):
        url = grid_url(phase, ha_nam)
    data = {**cells(count, total_value="1,234"), **cells(per_100000, total_value="1,234.5")}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert stored() == [("2.3", Decimal("1234.0000")), ("2.4", Decimal("1234.5000"))]


# --- a figure's own form --------------------------------------------------------------


def figure_form(indicator: Indicator, area, value: str) -> dict:
    return {
        "indicator": indicator.pk,
        "area": area.pk,
        "period": "2020",
        "sex": "total",
        "value": value,
        "numerator": "",
        "denominator": "",
        "note": "",
    }


@pytest.mark.parametrize(
    ("unit", "typed", "expected"),
    [
        (Unit.PERCENT, "4,5", Decimal("4.5")),
        (Unit.COUNT, "1.234", Decimal("1234")),
        (Unit.PER_100000, "1.234,5", Decimal("1234.5")),
    ],
)
def test_figure_form_reads_vietnamese_numbers(
    vietnamese, admin_client, objective, ha_nam, unit, typed, expected
):
    indicator = IndicatorFactory(objective=objective, unit=unit)

    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_form(indicator, ha_nam, typed)
    )

    assert response.status_code == 302
    assert Measurement.objects.get().value == expected


def test_figure_form_refuses_a_fraction_of_a_count_and_writes_nothing(
    vietnamese, admin_client, count, ha_nam
):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_form(count, ha_nam, "1,5")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["value"] == [str(VALUE_NOT_WHOLE)]
    assert Measurement.objects.count() == 0


def test_figure_form_shows_the_stored_value_in_vietnamese(
    vietnamese, admin_client, percent, ha_nam
):
    percent.decimals = 1
    percent.save()
    figure = MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("29.1000"))

    page = admin_client.get(reverse("admin:indicators_measurement_change", args=[figure.pk]))

    html = page.content.decode()
    assert 'name="value" value="29,1"' in html
    assert "29.1000" not in html


# --- the API stays machine-formatted, and counts are whole there too ------------------


def test_api_refuses_a_fraction_of_a_count(admin_api, count, ha_nam):
    response = admin_api.post(
        "/api/v1/measurements/",
        {
            "indicator": count.pk,
            "area": ha_nam.code,
            "period": "2020",
            "sex": "total",
            "value": "1.5",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"value": [str(VALUE_NOT_WHOLE)]}
    assert Measurement.objects.count() == 0


def test_api_reads_a_dot_as_the_decimal_point(admin_api, percent, ha_nam):
    response = admin_api.post(
        "/api/v1/measurements/",
        {
            "indicator": percent.pk,
            "area": ha_nam.code,
            "period": "2020",
            "sex": "total",
            "value": "4.5",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["value"] == "4.5"
