"""The admin for care models, their reports, partners and contributions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import CareModel, CareModelReport, CareModelReportGroup
from care.services.care_models import MODEL_ENDS_BEFORE_START
from care.services.reports import GROUP_OVER_REACHED
from programmes.models import AreaLevel
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    CareModelReportFactory,
    ContributionFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "caremodel": lambda: CareModelReportFactory().care_model,
    "caremodelreport": lambda: CareModelReportFactory(care_model__area=AreaFactory()),
    "partner": PartnerFactory,
    "contribution": ContributionFactory,
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("model_name", PAGES)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    PAGES[model_name]()
    url = reverse(f"admin:care_{model_name}_changelist")
    with_one = count_queries(admin_client, url)
    for _ in range(15):
        PAGES[model_name]()

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 16


@pytest.mark.parametrize("model_name", PAGES)
def test_add_and_change_pages_render(admin_client, model_name):
    obj = PAGES[model_name]()

    assert admin_client.get(reverse(f"admin:care_{model_name}_add")).status_code == 200
    change = reverse(f"admin:care_{model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_the_care_model_list_shows_the_funding_split_and_filters(admin_client):
    commune = AreaFactory(code="C1", level=AreaLevel.COMMUNE)
    model = CareModelFactory(area=commune, kind="foster_care", name="Nhận nuôi")
    CareModelReportFactory(care_model=model, state_budget_vnd=7_200_000, mobilised_vnd=1_500_000)
    CareModelFactory(kind="psychotherapy", started_on=datetime.date(2021, 1, 1))
    partner = ContributionFactory(care_model=model).partner
    url = reverse("admin:care_caremodel_changelist")

    response = admin_client.get(url, {"kind": "foster_care", "year": "2020"})
    assert [m.pk for m in response.context["cl"].result_list] == [model.pk]
    assert "7,200,000" in response.text and "1,500,000" in response.text
    by_partner = admin_client.get(url, {"partner": partner.pk})
    assert [m.pk for m in by_partner.context["cl"].result_list] == [model.pk]
    assert admin_client.get(url, {"year": "2020"}).context["cl"].result_count == 1


def test_the_care_model_pages_render_in_vietnamese_and_english(admin_client):
    CareModelReportFactory(care_model__area=AreaFactory(code="C1"))

    for prefix in ("", "/en"):
        assert admin_client.get(f"{prefix}/admin/care/caremodel/").status_code == 200
        assert admin_client.get(f"{prefix}/admin/care/caremodelreport/").status_code == 200


def test_a_model_ending_before_it_starts_is_refused_on_the_form(admin_client):
    area = AreaFactory(code="C1", level=AreaLevel.COMMUNE)
    data = {
        "kind": "foster_care",
        "name": "Nhận nuôi",
        "area": area.pk,
        "started_on": "2020-01-01",
        "ended_on": "2019-01-01",
        "implementing_agency": "UBND xã",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "contributions-TOTAL_FORMS": "0",
        "contributions-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:care_caremodel_add"), data)

    assert response.status_code == 200
    assert str(MODEL_ENDS_BEFORE_START) in response.text
    assert CareModel.objects.count() == 0


def test_reports_are_added_inline_through_the_service(admin_client):
    model = CareModelFactory(area=AreaFactory(code="C1", level=AreaLevel.COMMUNE))
    data = {
        "kind": model.kind,
        "name": model.name,
        "area": model.area.pk,
        "started_on": "2016-01-01",
        "implementing_agency": "Trạm Y tế",
        "reports-TOTAL_FORMS": "1",
        "reports-INITIAL_FORMS": "0",
        "reports-0-period": "2020",
        "reports-0-beneficiaries_female": "3",
        "reports-0-beneficiaries_male": "4",
        "reports-0-state_budget_vnd": "100",
        "reports-0-mobilised_vnd": "50",
        "contributions-TOTAL_FORMS": "0",
        "contributions-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:care_caremodel_change", args=[model.pk]), data)

    assert response.status_code == 302
    assert CareModelReport.objects.get().beneficiaries_total == 7


def test_a_group_above_the_total_is_refused_on_the_report_form(admin_client):
    report = CareModelReportFactory(care_model__area=AreaFactory(code="C1"))
    data = {
        "period": "2020",
        "beneficiaries_female": "4",
        "beneficiaries_male": "6",
        "beneficiaries_total": "10",
        "state_budget_vnd": "0",
        "mobilised_vnd": "0",
        "groups-TOTAL_FORMS": "1",
        "groups-INITIAL_FORMS": "0",
        "groups-0-group": "disability",
        "groups-0-children": "11",
    }
    url = reverse("admin:care_caremodelreport_change", args=[report.pk])

    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        GROUP_OVER_REACHED % {"group": "d. With disabilities", "children": 11, "total": 10}
        in response.text
    )
    assert CareModelReportGroup.objects.count() == 0

    data["groups-0-children"] = "9"
    assert admin_client.post(url, data).status_code == 302
    assert list(CareModelReportGroup.objects.values_list("group", "children")) == [
        ("disability", 9)
    ]


def test_a_data_entry_officer_lists_only_the_reports_and_contributions_of_their_areas(client):
    from programmes.services import role_grant

    province = AreaFactory(code="PV", level=AreaLevel.PROVINCE)
    own = AreaFactory(code="PV-1", level=AreaLevel.DISTRICT, parent=province)
    foreign = AreaFactory(code="PV-2", level=AreaLevel.DISTRICT, parent=province)
    own_report = CareModelReportFactory(care_model__area=own)
    CareModelReportFactory(care_model__area=foreign)
    own_gift = ContributionFactory(care_model=own_report.care_model)
    ContributionFactory(care_model__area=foreign)
    officer, _created = role_grant(username="clerk", role="data_entry", area_codes=["PV-1"])
    client.force_login(officer)

    reports = client.get(reverse("admin:care_caremodelreport_changelist"))
    gifts = client.get(reverse("admin:care_contribution_changelist"))
    foreign_page = client.get(
        reverse(
            "admin:care_caremodelreport_change",
            args=[CareModelReport.objects.exclude(pk=own_report.pk).get().pk],
        )
    )

    assert list(reports.context["cl"].result_list) == [own_report]
    assert list(gifts.context["cl"].result_list) == [own_gift]
    assert foreign_page.status_code == 302  # the admin's "does not exist" redirect
