"""The lists behind the aggregates (issue #14 point 8): the care models and their pages,
the award decisions and their recipients (private details only for who may read them),
and every dashboard table as .xlsx and CSV with the numbers the page shows."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from programmes.models import AreaLevel
from programmes.roles import DATA_ENTRY, PROVINCIAL_OFFICER
from tests.dashboards.html import text, texts
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    AwardFormFactory,
    CareModelFactory,
    CareModelReportFactory,
    CommendationFactory,
    ContributionFactory,
    PartnerFactory,
)
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

# Measured on these scenes; none of the reads runs per row (partners and totals are
# prefetched or annotated): session and user, the user's groups and permissions, the
# filter's areas, the summary's three, the list and its partners.
LIST_QUERIES = 13
DETAIL_QUERIES = 9  # the same frame, the model with its contributions, its reports
COMMENDATION_QUERIES = 11
DECISION_QUERIES = 9


@pytest.fixture
def care_scene(db):
    """Two communes of one district, a model in each; only the first ran in 2020."""
    province = AreaFactory(code="PV", name="Tỉnh Thử")
    district = AreaFactory(code="PV-1", name="Huyện Một", parent=province, level=AreaLevel.DISTRICT)
    east = AreaFactory(code="PV-1-1", name="Xã Đông", parent=district, level=AreaLevel.COMMUNE)
    west = AreaFactory(code="PV-1-2", name="Xã Tây", parent=district, level=AreaLevel.COMMUNE)
    foster = CareModelFactory(
        kind="foster_care",
        name="=Nhận nuôi Xã Đông",  # a name a spreadsheet would run as a formula
        area=east,
        started_on=datetime.date(2019, 3, 5),
    )
    CareModelFactory(
        name="Phục hồi Xã Tây",
        area=west,
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2018, 12, 31),
    )
    CareModelReportFactory(
        care_model=foster,
        period="2020",
        beneficiaries_female=7,
        beneficiaries_male=5,
        state_budget_vnd=12_500_000,
        mobilised_vnd=3_000_000,
    )
    CareModelReportFactory(
        care_model=foster,
        period="2019",
        beneficiaries_female=2,
        beneficiaries_male=1,
        state_budget_vnd=0,
        mobilised_vnd=0,
    )
    ContributionFactory(
        partner=PartnerFactory(name="Công ty Ánh Dương"),
        care_model=foster,
        cash_vnd=2_000_000,
        date=datetime.date(2020, 4, 1),
    )
    return foster


def test_the_care_model_page_lists_the_models_that_ran_with_their_partners(
    reader, care_scene, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LIST_QUERIES):
        html = reader.get("/en/care-models/?year=2020").content.decode()
    assert texts(html, "tr", data_model=str(care_scene.pk)) == [
        "=Nhận nuôi Xã Đông Xã Đông Temporary foster care 03/05/2019 – Công ty Ánh Dương"
    ]
    assert html.count("data-model=") == 1  # the model of Xã Tây ended in 2018
    assert f'href="/en/care-models/{care_scene.pk}/"' in html


def test_a_care_models_page_shows_its_reports_and_contributions(
    reader, care_scene, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        html = reader.get(f"/care-models/{care_scene.pk}/").content.decode()
    reports = texts(html, "table", id="care-model-reports")[0]
    assert "2019 2 1 3 0 0" in reports
    assert "2020 7 5 12 12.500.000 3.000.000" in reports
    assert text(html, "table", id="care-model-contributions").endswith(
        "Công ty Ánh Dương 01/04/2020 2.000.000 –"
    )


def test_a_care_model_outside_an_officers_areas_is_not_found(client, care_scene):
    AreaFactory(
        code="PV-2",
        name="Huyện Hai",
        parent=care_scene.area.parent.parent,
        level=AreaLevel.DISTRICT,
    )
    client.force_login(user_in_role("entry-pv2", DATA_ENTRY, ["PV-2"], staff=False))
    assert client.get(f"/care-models/{care_scene.pk}/").status_code == 404


def test_care_model_tables_download_as_csv_and_xlsx_with_exact_values(
    reader, care_scene, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LIST_QUERIES):
        response = reader.get("/en/care-models/?year=2020&download=csv&table=care-model-list")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="care-model-list.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Care model", "Commune", "Kind of model", "Started on", "Ended on", "Partners"],
        [
            "'=Nhận nuôi Xã Đông",
            "Xã Đông",
            "Temporary foster care",
            "2019-03-05",
            "",
            "Công ty Ánh Dương",
        ],
    ]
    response = reader.get(f"/care-models/{care_scene.pk}/?download=xlsx&table=care-model-reports")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        [
            "Kỳ báo cáo",
            "Trẻ em gái",
            "Trẻ em trai",
            "Số trẻ em được hỗ trợ",
            "Ngân sách nhà nước (đồng)",
            "Kinh phí huy động (đồng)",
        ],
        ["2019", 2, 1, 3, 0, 0],
        ["2020", 7, 5, 12, 12_500_000, 3_000_000],
    ]
    assert sheet["E3"].number_format == "#,##0"


def test_an_unknown_table_or_format_is_not_found(reader, care_scene):
    assert reader.get("/care-models/?download=csv&table=nope").status_code == 404
    assert reader.get("/care-models/?download=pdf&table=care-model-list").status_code == 404


@pytest.fixture
def decision(db):
    province = AreaFactory(code="PD", name="Tỉnh Khen")
    district = AreaFactory(
        code="PD-1", name="Huyện Khen", parent=province, level=AreaLevel.DISTRICT
    )
    other = AreaFactory(code="PD-2", name="Huyện Khác", parent=province, level=AreaLevel.DISTRICT)
    form = AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh")
    decision = AwardDecisionFactory(
        form=form, number="163/QĐ-UBND", signed_on=datetime.date(2021, 3, 15)
    )
    CommendationFactory(
        decision=decision,
        recipient_kind="collective",
        sex="",
        name="Hội Phụ nữ xã",
        position="",
        organisation="",
        area=district,
        bonus=3_000_000,
    )
    CommendationFactory(
        decision=decision,
        name="Trần Thị Mai",
        sex="female",
        position="Chủ tịch",
        organisation="UBND xã",
        area=district,
        bonus=1_490_000,
    )
    CommendationFactory(
        decision=decision,
        name="Lê Văn Nam",
        sex="male",
        position="Cán bộ",
        organisation="UBND huyện",
        area=other,
        bonus=1_490_000,
    )
    return decision


def test_the_commendation_page_lists_decisions_linking_to_their_recipients(
    reader, decision, django_assert_max_num_queries
):
    with django_assert_max_num_queries(COMMENDATION_QUERIES):
        html = reader.get("/en/commendations/").content.decode()
    row = text(html, "tr", data_decision=str(decision.pk))
    assert row.startswith("163/QĐ-UBND 03/15/2021 ")
    assert row.endswith(" 3 5,980,000")
    assert f'href="/en/commendations/decisions/{decision.pk}/"' in html


def recipient_rows(client, decision) -> list[list[str]]:
    response = client.get(
        f"/en/commendations/decisions/{decision.pk}/?download=csv&table=recipients"
    )
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def test_a_viewer_reads_names_but_not_an_individuals_personal_details(
    reader, decision, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DECISION_QUERIES):
        html = reader.get(f"/en/commendations/decisions/{decision.pk}/").content.decode()
    assert "Trần Thị Mai individual not shown not shown not shown Huyện Khen 1,490,000" in text(
        html, "table", id="recipients"
    )
    assert "Chủ tịch" not in html and "UBND xã" not in html
    assert recipient_rows(reader, decision) == [
        ["Hội Phụ nữ xã", "collective", "", "", "", "Huyện Khen", "3000000"],
        [
            "Trần Thị Mai",
            "individual",
            "not shown",
            "not shown",
            "not shown",
            "Huyện Khen",
            "1490000",
        ],
        [
            "Lê Văn Nam",
            "individual",
            "not shown",
            "not shown",
            "not shown",
            "Huyện Khác",
            "1490000",
        ],
    ]


def test_an_officer_reads_the_details_of_recipients_in_the_assigned_areas_only(client, decision):
    client.force_login(user_in_role("entry-pd1", DATA_ENTRY, ["PD-1"], staff=False))
    rows = recipient_rows(client, decision)
    assert rows[1] == [
        "Trần Thị Mai",
        "individual",
        "female",
        "Chủ tịch",
        "UBND xã",
        "Huyện Khen",
        "1490000",
    ]
    assert rows[2][2:5] == ["not shown", "not shown", "not shown"]
    client.force_login(user_in_role("officer-pd", PROVINCIAL_OFFICER, staff=False))
    assert recipient_rows(client, decision)[2][2:5] == ["male", "Cán bộ", "UBND huyện"]


def test_the_phase_tables_download_with_the_decimals_the_page_shows(reader, review_phase):
    response = reader.get(f"/en/phases/{review_phase.pk}/?download=xlsx&table=targets-table")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["2.2"][3:8] == ("at least 35%", 2020, 32.9, "not achieved", 25.2)
    assert sheet.cell(row=2, column=6).number_format == "#,##0.0"
    response = reader.get(f"/en/phases/{review_phase.pk}/?download=csv&table=summary-table")
    total = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[-1]
    assert total == ["Total", "24", "18", "6", "0", "0", "0"]
