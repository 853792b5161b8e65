"""The admin's one scoping rule (core.admin.visible_rows) on the pages where scoping the
list alone left gaps: history pages and versions, inlines, a list's totals."""

import pytest
from django.urls import reverse

from care.services import care_model_report_delete
from tests.access.support import build_world
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    CareModelReportFactory,
    ContributionFactory,
    MeasurementFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(client, user):
    client.force_login(user)
    return client


def two_models(world):
    """A care model in the officer's district and one in another, with a report each."""
    own = CareModelFactory(area=world.own_commune, name="Mô hình Một")
    foreign = CareModelFactory(area=world.foreign, name="Mô hình Hai")
    CareModelReportFactory(
        care_model=own, beneficiaries_female=3, beneficiaries_male=4, state_budget_vnd=7_000_000
    )
    CareModelReportFactory(
        care_model=foreign, beneficiaries_female=8, beneficiaries_male=11, mobilised_vnd=9_900_000
    )
    return own, foreign


def test_a_foreign_reports_history_and_versions_answer_as_if_it_did_not_exist(client, world):
    _own, foreign = two_models(world)
    report = foreign.reports.get()
    version = report.history.latest().history_id
    signed_in(client, world.users["data_entry"])

    history = client.get(reverse("admin:care_caremodelreport_history", args=[report.pk]))
    item = client.get(
        reverse("admin:care_caremodelreport_simple_history", args=[report.pk, version])
    )

    assert (history.status_code, item.status_code) == (404, 404)
    assert b'value="8"' not in item.content


def test_a_deleted_reports_history_is_read_by_those_who_read_its_area(client, world):
    own, foreign = two_models(world)
    pages = {}
    for name, report in (("own", own.reports.get()), ("foreign", foreign.reports.get())):
        pages[name] = reverse("admin:care_caremodelreport_history", args=[report.pk])
        care_model_report_delete(report=report)

    signed_in(client, world.users["data_entry"])
    entry = {name: client.get(url).status_code for name, url in pages.items()}
    signed_in(client, world.users["provincial_officer"])
    officer = {name: client.get(url).status_code for name, url in pages.items()}

    assert entry == {"own": 200, "foreign": 404}
    assert officer == {"own": 200, "foreign": 200}


def test_a_care_models_page_shows_only_the_reports_and_contributions_the_officer_reads(
    client, world
):
    # A model of the province itself, with reports and contributions in both districts'
    # names is impossible (a report belongs to its model's area), so the province's model
    # is the one a district officer may open but none of whose rows they may read.
    model = CareModelFactory(area=world.province, name="Mô hình tỉnh")
    CareModelReportFactory(care_model=model, beneficiaries_female=8, beneficiaries_male=11)
    ContributionFactory(care_model=model, cash_vnd=4_400_000)
    own, _foreign = two_models(world)
    ContributionFactory(care_model=own, cash_vnd=1_200_000)
    signed_in(client, world.users["data_entry"])

    province_page = client.get(reverse("admin:care_caremodel_change", args=[model.pk]))
    own_page = client.get(reverse("admin:care_caremodel_change", args=[own.pk]))

    assert province_page.status_code == 200
    rows = {
        fs.formset.prefix: len(fs.formset.forms)
        for fs in province_page.context["inline_admin_formsets"]
    }
    assert rows == {"reports": 0, "contributions": 0}
    assert b"4.400.000" not in province_page.content and b"4,400,000" not in province_page.content
    own_rows = {
        fs.formset.prefix: [form.instance.pk for form in fs.formset.forms]
        for fs in own_page.context["inline_admin_formsets"]
    }
    assert own_rows == {
        "reports": [own.reports.get().pk],
        "contributions": [own.contributions.get().pk],
    }


def test_the_care_model_lists_totals_add_up_only_the_reports_the_officer_reads(
    client, world, django_assert_max_num_queries
):
    own, _foreign = two_models(world)
    CareModelReportFactory(
        care_model=own, period="2021", beneficiaries_female=1, beneficiaries_male=1
    )
    url = reverse("admin:care_caremodel_changelist")

    signed_in(client, world.users["data_entry"])
    with django_assert_max_num_queries(12):
        entry = client.get(url)
    signed_in(client, world.users["provincial_officer"])
    officer = client.get(url)

    def totals(response):
        return {
            m.name: (m.children_reached, m.state_budget, m.mobilised)
            for m in response.context["cl"].result_list
        }

    assert totals(entry) == {
        "Mô hình Một": (9, 17_000_000, 10_000_000),
        "Mô hình Hai": (None, None, None),
    }
    assert totals(officer) == {
        "Mô hình Một": (9, 17_000_000, 10_000_000),
        "Mô hình Hai": (19, 10_000_000, 9_900_000),
    }
    assert "9,900,000" not in entry.text and "9.900.000" not in entry.text


def test_the_partner_lists_cash_adds_up_only_the_contributions_the_officer_reads(client, world):
    partner = PartnerFactory(name="Công ty Chung")
    ContributionFactory(partner=partner, care_model__area=world.own, cash_vnd=2_000_000)
    ContributionFactory(partner=partner, care_model__area=world.foreign, cash_vnd=30_000_000)
    url = reverse("admin:care_partner_changelist")

    signed_in(client, world.users["data_entry"])
    entry = client.get(url)
    signed_in(client, world.users["provincial_officer"])
    officer = client.get(url)

    assert [p.contributed for p in entry.context["cl"].result_list] == [2_000_000]
    assert [p.contributed for p in officer.context["cl"].result_list] == [32_000_000]


def test_a_successor_communes_officer_reads_the_history_of_its_predecessors_figures(client, world):
    from programmes.models import AreaSuccession

    old = AreaFactory(code="D0", level="district", parent=world.province)
    AreaSuccession.objects.create(predecessor=old, successor=world.own, date="2025-07-01")
    figure = MeasurementFactory(indicator=world.indicator, area=old, period="2020")
    signed_in(client, world.users["data_entry"])

    history = client.get(reverse("admin:indicators_measurement_history", args=[figure.pk]))

    assert history.status_code == 200


@pytest.mark.parametrize(
    "path", ["{pk}/history/abc/", "abc/history/", "abc/history/1/", "{pk}/history/99999/"]
)
def test_a_malformed_or_unknown_version_is_not_found(admin_client, world, path):
    url = reverse("admin:indicators_measurement_changelist") + path.format(pk=world.own_figure.pk)

    assert admin_client.get(url).status_code == 404
