"""The review documents and review reports through the API (DESIGN.md §6)."""

import pytest

from indicators.db_guards import reopening_all
from indicators.models import Measurement
from programmes.roles import PROVINCIAL_OFFICER, VIEWER
from reports.document_docx import DOCX_MEDIA_TYPE
from reports.document_xlsx import XLSX_MEDIA_TYPE
from reports.models import ReportStatus, ReviewReport
from reports.services import review_report_issue
from tests.api_support import api_client
from tests.factories import AreaFactory, ReviewReportFactory
from tests.reports.support import (
    approve_every_figure,
    body_lines,
    correct_figures,
    demo_report,
    load_demo,
    read_docx,
    read_xlsx,
    small_review,
)
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

LOCKED = (
    "The report 25/BC-SLĐTBXH is issued: it and its numbers are frozen and cannot change. "
    "Write a new report if the review must be corrected."
)


@pytest.fixture
def officer():
    return api_client(user_in_role("officer", PROVINCIAL_OFFICER))


@pytest.fixture
def viewer():
    return api_client(user_in_role("viewer", VIEWER))


def test_the_phase_review_is_a_word_attachment_by_default(viewer):
    phase = small_review()

    response = viewer.get(f"/api/v1/phases/{phase.pk}/review/")

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_MEDIA_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="review-phase-{phase.pk}-QP-2020-approved.docx"'
    )
    lines = body_lines(read_docx(response.content))
    assert "Năm 2020 đạt 1/1 chỉ tiêu thuộc 1 mục tiêu." in lines


def test_the_phase_review_appendices_are_an_excel_attachment(viewer):
    phase = small_review()

    response = viewer.get(f"/api/v1/phases/{phase.pk}/review/", {"format": "xlsx", "year": 2020})

    assert (response.status_code, response["Content-Type"]) == (200, XLSX_MEDIA_TYPE)
    assert read_xlsx(response.content).sheetnames[0] == "Biểu 01"


def test_with_every_figure_the_first_page_says_drafts_are_included(viewer):
    phase = small_review()
    with reopening_all(Measurement):
        Measurement.objects.filter(period="2020", area__code="QP-0", sex="total").update(
            status="draft"
        )

    approved = body_lines(read_docx(viewer.get(f"/api/v1/phases/{phase.pk}/review/").content))
    every = body_lines(
        read_docx(viewer.get(f"/api/v1/phases/{phase.pk}/review/?figures=all").content)
    )

    assert approved[:2] == [
        "DỰ THẢO",
        "Chỉ tính số liệu đã được phê duyệt; 1 số liệu chưa được phê duyệt không được tính.",
    ]
    assert every[:2] == [
        "DỰ THẢO",
        "Bản dự thảo này sử dụng cả số liệu chưa được phê duyệt (1 số liệu chưa phê duyệt).",
    ]
    assert "Năm 2020 đạt 1/1 chỉ tiêu thuộc 1 mục tiêu." in every


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"format": "pdf"}, {"format": ['"pdf" is not a valid choice.']}),
        ({"figures": "some"}, {"figures": ['"some" is not a valid choice.']}),
        ({"year": 2021}, {"year": ["The year 2021 is outside the phase 2016–2020 (2016–2020)."]}),
        (
            {"area": "ELSE"},
            {
                "area": [
                    "Tỉnh Khác is outside the programme's jurisdiction Tỉnh Quy Mô; choose it or "
                    "an area below it."
                ]
            },
        ),
    ],
)
def test_a_bad_query_is_a_400_in_json_that_says_why(viewer, query, errors):
    phase = small_review()
    AreaFactory(code="ELSE", name="Tỉnh Khác")

    response = viewer.get(f"/api/v1/phases/{phase.pk}/review/", query)

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == errors


def test_an_officer_writes_a_draft_report_through_the_api(officer):
    phase = small_review()

    response = officer.post(
        "/api/v1/review-reports/",
        {"phase": phase.pk, "number": "7/BC-SLĐTBXH", "sections": {"lessons": "Bài học."}},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in ("area", "year", "figures", "number", "status")} == {
        "area": "QP",
        "year": 2020,
        "figures": "approved",
        "number": "07/BC-SLĐTBXH",
        "status": "draft",
    }
    assert body["sections"]["lessons"] == "Bài học."
    assert body["recipients"] == {"to": [], "copies": []}


def test_issue_freezes_the_report_and_every_change_after_is_a_409(officer):
    report = ReviewReportFactory(phase=small_review(), number="25/BC-SLĐTBXH")
    url = f"/api/v1/review-reports/{report.pk}/"

    issued = officer.post(url + "issue/")
    shape = officer.get(url).json()
    attempts = [
        officer.patch(url, {"sections": {"lessons": "Sửa."}}, format="json"),
        officer.put(url, {**shape, "place": "Nơi khác"}, format="json"),
        officer.delete(url),
        officer.post(url + "issue/"),
    ]

    assert (issued.status_code, issued.json()["status"]) == (200, "issued")
    assert [(r.status_code, r.json()) for r in attempts] == [(409, {"detail": LOCKED})] * 4
    stored = ReviewReport.objects.get(pk=report.pk)
    assert (stored.status, stored.place, stored.sections["lessons"]) == (
        ReportStatus.ISSUED,
        "Minh Hòa",
        report.sections["lessons"],
    )


def test_a_report_not_ready_to_sign_is_a_400_naming_what_is_missing(officer):
    report = ReviewReportFactory(phase=small_review(), signer_name="")

    response = officer.post(f"/api/v1/review-reports/{report.pk}/issue/")

    assert (response.status_code, response.json()) == (
        400,
        {"signer_name": ["Fill this in before issuing the report."]},
    )
    assert ReviewReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_a_viewer_reads_reports_but_cannot_issue_them(viewer):
    report = ReviewReportFactory(phase=small_review())

    assert viewer.get(f"/api/v1/review-reports/{report.pk}/").status_code == 200
    assert viewer.post(f"/api/v1/review-reports/{report.pk}/issue/").status_code == 403
    assert ReviewReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_changes_of_a_draft_is_a_409(viewer):
    report = ReviewReportFactory(phase=small_review())

    response = viewer.get(f"/api/v1/review-reports/{report.pk}/changes/")

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "This report is still a draft: it has no frozen numbers to compare with "
            "today's yet."
        },
    )


def test_an_issued_reports_document_stays_the_same_after_the_figures_change(officer):
    phase = load_demo()
    approve_every_figure()
    report = review_report_issue(report=demo_report(phase))
    url = f"/api/v1/review-reports/{report.pk}/document/"

    word, excel = officer.get(url), officer.get(url, {"format": "xlsx"})
    correct_figures(
        Measurement.objects.filter(area__code="MH", period="2020", indicator__phase=phase),
        value=50,
    )
    word_after, excel_after = officer.get(url), officer.get(url, {"format": "xlsx"})
    live = officer.get(f"/api/v1/phases/{phase.pk}/review/")

    def text(response) -> list[str]:
        document = read_docx(response.content)
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return body_lines(document) + cells

    def values(response) -> list[tuple]:
        return [row for sheet in read_xlsx(response.content) for row in sheet.values]

    assert text(word_after) == text(word)
    assert values(excel_after) == values(excel)
    assert (
        "Năm 2020 đạt 18/24 chỉ tiêu thuộc 7 mục tiêu; 06 chỉ tiêu chưa đạt (1.1, 1.3, 2.2, 2.3, 4.1, 6.1)."
        in text(word)
    )
    assert text(live) != text(word)  # today's figures do read differently


def test_changes_names_exactly_the_targets_that_moved_since_issue(viewer):
    """1.1 rises past its target (its status moves), 1.2 moves but stays achieved."""
    phase = load_demo()
    approve_every_figure()
    report = review_report_issue(report=demo_report(phase))
    figures = Measurement.objects.filter(area__code="MH", period="2020", indicator__phase=phase)
    correct_figures(figures.filter(indicator__code="1.1"), value=26)
    correct_figures(figures.filter(indicator__code="1.2"), value="36.5")

    response = viewer.get(f"/api/v1/review-reports/{report.pk}/changes/")

    assert response.status_code == 200
    assert response.json() == {
        "changes": [
            {
                "indicator_code": "1.1",
                "issued_actual": "22.5",
                "current_actual": "26",
                "issued_status": "not_achieved",
                "current_status": "achieved",
            },
            {
                "indicator_code": "1.2",
                "issued_actual": "36.2",
                "current_actual": "36.5",
                "issued_status": "achieved",
                "current_status": "achieved",
            },
        ]
    }


def test_reports_are_listed_by_phase_area_and_status_in_a_fixed_number_of_queries(
    viewer, django_assert_max_num_queries
):
    phase = small_review()
    for n in range(5):
        report = ReviewReportFactory(phase=phase, number=f"{n + 1}/BC-SLĐTBXH")
        if n % 2:
            review_report_issue(report=report)

    with django_assert_max_num_queries(6):
        response = viewer.get(
            "/api/v1/review-reports/", {"phase": phase.pk, "area": "QP", "status": "issued"}
        )

    assert response.status_code == 200
    assert [row["number"] for row in response.json()["results"]] == [
        "02/BC-SLĐTBXH",
        "04/BC-SLĐTBXH",
    ]
    csv = viewer.get("/api/v1/review-reports/", {"format": "csv", "status": "issued"})
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,phase,area,year,figures,number,")
    assert '"{""to"": [""Bộ Lao động – Thương binh và Xã hội""]' in lines[1]
