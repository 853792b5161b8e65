"""The admin grid to enter a phase's figures for one area and period in one go."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from indicators.models import Indicator, Measurement, MeasurementStatus, ReportingFrequency, Sex
from indicators.services import (
    AREA_NOT_VALID,
    PERCENT_OVER_100,
    SEX_SUM_MISMATCH,
    VALUE_NEGATIVE,
    YEAR_OUTSIDE_PHASE,
)
from tests.factories import (
    IndicatorFactory,
    MeasurementFactory,
)
from tests.indicators.admin_support import (
    count_queries,
)

pytestmark = pytest.mark.django_db


# --- the grid -------------------------------------------------------------------------


def grid_url(phase, area, year: int, half: str = "") -> str:
    query = {"phase": phase.pk, "area": area.pk, "year": year, "half": half}
    return f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"


def grid_post(indicator: Indicator, **cells: str) -> dict:
    """POST data for one row: grid_post(count, total_value="8", female_value="3")."""
    return {f"indicator-{indicator.pk}-{name}": value for name, value in cells.items()}


def test_figure_list_links_to_the_grid(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_changelist"))

    assert reverse("admin:indicators_measurement_grid") in response.content.decode()


def test_grid_without_a_selection_shows_only_the_picker(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_grid"))

    assert response.status_code == 200
    assert response.context["rows"] == []


def test_grid_shows_one_row_per_indicator_prefilled_with_existing_figures(
    admin_client, phase, percent, count, ha_nam
):
    MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("32.9"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("1200"))
    MeasurementFactory(indicator=count, area=ha_nam, period="2019", value=Decimal("999"))

    response = admin_client.get(grid_url(phase, ha_nam, 2020))

    rows = response.context["rows"]
    assert [row.indicator.code for row in rows] == ["2.2", "2.3"]
    assert rows[0]["total_value"].value() == Decimal("32.9")
    assert "female_value" not in rows[0].fields  # 2.2 is not reported by sex
    assert rows[1]["female_value"].value() == Decimal("1200")
    assert rows[1]["total_value"].value() is None  # 2019's figure is not 2020's


def test_grid_asks_numerator_and_denominator_only_for_rates(
    admin_client, phase, percent, count, ha_nam
):
    response = admin_client.get(grid_url(phase, ha_nam, 2020))

    rate_row, count_row = response.context["rows"]
    assert "total_numerator" in rate_row.fields
    assert "total_numerator" not in count_row.fields


def test_grid_query_count_does_not_grow_with_indicators(
    admin_client, django_assert_max_num_queries, phase, objective, ha_nam
):
    first = IndicatorFactory(objective=objective)
    MeasurementFactory(indicator=first, area=ha_nam)
    url = grid_url(phase, ha_nam, 2020)
    with_one = count_queries(admin_client, url)
    for indicator in IndicatorFactory.create_batch(29, objective=objective):
        MeasurementFactory(indicator=indicator, area=ha_nam)

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert len(response.context["rows"]) == 30


def test_grid_saves_every_filled_cell_in_one_go(
    admin_client, superuser, phase, percent, count, ha_nam
):
    data = {
        **grid_post(percent, total_numerator="329", total_denominator="1000"),
        **grid_post(count, total_value="8", female_value="3", male_value="5"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 302
    assert response.url == grid_url(phase, ha_nam, 2020)
    saved = Measurement.objects.order_by("indicator__code", "sex").values_list(
        "indicator__code", "period", "sex", "value", "numerator", "denominator"
    )
    assert list(saved) == [
        ("2.2", "2020", "total", Decimal("32.9000"), Decimal("329.0000"), Decimal("1000.0000")),
        ("2.3", "2020", "female", Decimal("3.0000"), None, None),
        ("2.3", "2020", "male", Decimal("5.0000"), None, None),
        ("2.3", "2020", "total", Decimal("8.0000"), None, None),
    ]
    assert set(Measurement.objects.values_list("created_by", flat=True)) == {superuser.pk}


def test_grid_does_not_overwrite_a_figure_someone_entered_after_it_was_opened(
    admin_client, phase, count, ha_nam
):
    opened = admin_client.get(grid_url(phase, ha_nam, 2020))
    assert opened.context["rows"][0]["total_version"].value() == 0
    other = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("11"))

    response = admin_client.post(
        grid_url(phase, ha_nam, 2020),
        grid_post(count, total_value="8", total_version="0"),
    )

    assert response.status_code == 200
    assert (
        f"Someone else saved the figure for {ha_nam.name}, 2020, total after you opened it; "
        "reload it, check their change and enter yours again."
    ) in response.content.decode()
    assert list(Measurement.objects.values_list("pk", "value")) == [(other.pk, Decimal("11"))]


def test_grid_saves_a_half_year(admin_client, phase, count, ha_nam):
    count.reporting_frequency = ReportingFrequency.HALF_YEAR
    count.save()

    response = admin_client.post(
        grid_url(phase, ha_nam, 2020, half="S1"), grid_post(count, total_value="4")
    )

    assert response.status_code == 302
    assert list(Measurement.objects.values_list("period", "value")) == [
        ("2020S1", Decimal("4.0000"))
    ]


def test_grid_updates_existing_figures_and_leaves_blank_cells_alone(
    admin_client, phase, percent, count, ha_nam
):
    kept = MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("30"), note="gốc")
    changed = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("7"), note="ghi chú")

    response = admin_client.post(grid_url(phase, ha_nam, 2020), grid_post(count, total_value="9"))

    assert response.status_code == 302
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert (kept.value, kept.note) == (Decimal("30.0000"), "gốc")
    assert (changed.value, changed.note) == (Decimal("9.0000"), "ghi chú")


def test_grid_refuses_a_sex_mismatch_and_saves_nothing(admin_client, phase, percent, count, ha_nam):
    data = {
        **grid_post(percent, total_value="32.9"),
        **grid_post(count, total_value="10", female_value="3", male_value="5"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 200
    message = SEX_SUM_MISMATCH % {
        "total": "10",
        "female": "3",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    rate_row, count_row = response.context["rows"]
    assert count_row.non_field_errors() == [str(message)]
    assert rate_row.errors == {}
    assert Measurement.objects.count() == 0


def test_grid_refuses_a_bad_cell_and_saves_none_of_the_good_ones(
    admin_client, phase, percent, count, ha_nam
):
    data = {
        **grid_post(percent, total_value="120"),
        **grid_post(count, total_value="-4"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 200
    rate_row, count_row = response.context["rows"]
    assert rate_row.errors == {"total_value": [str(PERCENT_OVER_100)]}
    assert count_row.errors == {"total_value": [str(VALUE_NEGATIVE)]}
    assert str(PERCENT_OVER_100) in response.content.decode()
    assert Measurement.objects.count() == 0


def test_grid_refuses_text_in_a_number_cell(admin_client, phase, count, ha_nam):
    response = admin_client.post(grid_url(phase, ha_nam, 2020), grid_post(count, total_value="abc"))

    assert response.status_code == 200
    assert list(response.context["rows"][0].errors) == ["total_value"]
    assert Measurement.objects.count() == 0


def test_grid_shows_approved_figures_locked_and_never_changes_them(
    admin_client, phase, count, ha_nam
):
    approved = MeasurementFactory(
        indicator=count, area=ha_nam, value=Decimal("8"), status=MeasurementStatus.APPROVED
    )
    url = grid_url(phase, ha_nam, 2020)

    page = admin_client.get(url)
    response = admin_client.post(url, grid_post(count, total_value="99", female_value="3"))

    assert page.context["rows"][0].fields["total_value"].disabled is True
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.value == Decimal("8.0000")
    assert Measurement.objects.get(sex=Sex.FEMALE).value == Decimal("3.0000")


def test_grid_refuses_a_year_outside_the_phase(admin_client, phase, count, ha_nam):
    response = admin_client.get(grid_url(phase, ha_nam, 2021))

    message = YEAR_OUTSIDE_PHASE % {"year": 2021, "phase": phase.name, "start": 2016, "end": 2020}
    assert response.context["selection"].errors == {"year": [str(message)]}
    assert response.context["rows"] == []


def test_grid_refuses_an_area_that_did_not_exist_that_year(
    admin_client, phase, count, communes_of_2020
):
    response = admin_client.post(
        grid_url(phase, communes_of_2020, 2020), grid_post(count, total_value="1")
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": "2020"}
    assert response.context["selection"].errors == {"area": [str(message)]}
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("codenames", [[], ["view_measurement"], ["add_measurement"]])
def test_grid_needs_permission_to_add_and_change_figures(
    client, django_user_model, phase, ha_nam, codenames
):
    user = django_user_model.objects.create_user("nhaplieu", password="pw-nhap-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    response = client.get(grid_url(phase, ha_nam, 2020))

    assert response.status_code == 403


def test_grid_opens_for_a_user_who_may_add_and_change_figures(
    client, django_user_model, phase, ha_nam
):
    user = django_user_model.objects.create_user("nhaplieu", password="pw-nhap-1", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_measurement", "change_measurement"])
    )
    client.force_login(user)

    response = client.get(grid_url(phase, ha_nam, 2020))

    assert response.status_code == 200
