"""The admin in Vietnamese, in the order of the work: no stock phrase that reads
machine-made, the history page translated, the index from programme to figures."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import MeasurementStatus
from indicators.services import RETURN, measurement_transition
from tests.factories import MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


def test_a_figures_history_page_is_vietnamese(vietnamese, admin_client, percent, ha_nam):
    figure = MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("29.1"))
    change = admin_client.get(reverse("admin:indicators_measurement_change", args=[figure.pk]))

    history = admin_client.get(reverse("admin:indicators_measurement_history", args=[figure.pk]))

    assert "Lịch sử thay đổi" in change.content.decode()
    assert "Bản ghi nhớ" not in change.content.decode()
    html = history.content.decode()
    for english in ("View history", "Changed by", "Change reason", ">Object<"):
        assert english not in html
    assert "Người thay đổi" in html


def test_the_figure_list_speaks_plain_vietnamese(vietnamese, admin_client, percent, ha_nam):
    MeasurementFactory(indicator=percent, area=ha_nam)

    html = admin_client.get(reverse("admin:indicators_measurement_changelist")).content.decode()

    assert "Thao tác:" in html
    assert "Hoạt động:" not in html
    assert "Đã chọn 0/1" in html
    assert "Bởi " not in html
    assert "Show counts" not in html


def test_the_admin_index_runs_in_the_order_of_the_work(vietnamese, admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    lists = [
        reverse(f"admin:{name}_changelist")
        for name in (
            "programmes_programme",
            "programmes_phase",
            "programmes_objective",
            "indicators_indicator",
            "indicators_target",
            "indicators_measurement",
        )
    ]
    positions = [html.index(f'href="{url}"') for url in lists]
    assert positions == sorted(positions)
    assert reverse("admin:indicators_measurement_grid") in html
    assert "?status__exact=submitted" in html
    assert "Số liệu chờ duyệt" in html


def test_years_in_admin_lists_have_no_thousands_separator(
    vietnamese, admin_client, percent, ha_nam
):
    TargetFactory(indicator=percent, area=ha_nam, year=2020, value=Decimal("35"))

    phases = admin_client.get(reverse("admin:programmes_phase_changelist")).content.decode()
    targets = admin_client.get(reverse("admin:indicators_target_changelist")).content.decode()

    assert ">2016<" in phases and ">2020<" in phases
    assert ">2020<" in targets
    assert "2.016" not in phases and "2.020" not in targets


def test_a_returned_figure_shows_why_in_the_list_and_on_its_form(
    admin_client, django_assert_max_num_queries, superuser, percent, ha_nam
):
    figure = MeasurementFactory(indicator=percent, area=ha_nam, status=MeasurementStatus.SUBMITTED)
    MeasurementFactory(indicator=percent, area=ha_nam, period="2019")
    measurement_transition(
        measurement=figure, user=superuser, transition=RETURN, reason="Mẫu số sai, xem lại."
    )

    with django_assert_max_num_queries(12):
        listing = admin_client.get(reverse("admin:indicators_measurement_changelist"))
    form = admin_client.get(reverse("admin:indicators_measurement_change", args=[figure.pk]))

    assert listing.content.decode().count("Mẫu số sai, xem lại.") == 1
    assert "Mẫu số sai, xem lại." in form.content.decode()
