"""The admin of review reports: the officer's words beside the system's, read-only once issued."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programmes.roles import PROVINCIAL_OFFICER
from reports.models import NUMBER_MALFORMED, ReportStatus, ReviewReport
from reports.services import review_report_issue
from tests.factories import ReviewReportFactory
from tests.reports.support import small_review
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

ADMIN = "/admin/reports/reviewreport/"


def form_data(phase, **changes) -> dict:
    data = {
        "phase": phase.pk,
        "area": "",
        "year": "",
        "figures": "approved",
        "parent_body": "",
        "issuing_body": "",
        "number": "5/BC-SLĐTBXH",
        "place": "",
        "issued_on": "05/01/2021",
        "addressees": "Bộ Lao động – Thương binh và Xã hội\n",
        "copies": "UBND tỉnh (để b/c)\nLưu: VT, BĐG",
        "signer_name": "Phạm Thị Thanh Huyền",
        "signer_title": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
        "achievements": "Kết quả tốt.",
        "limitations": "",
        "causes": "",
        "lessons": "",
        "directions": "",
        "recommendations": "",
    }
    return {**data, **changes}


@pytest.fixture
def officer(client):
    client.force_login(user_in_role("officer", PROVINCIAL_OFFICER))
    return client


def test_an_officer_adds_a_draft_through_the_form(officer):
    phase = small_review()

    response = officer.post(ADMIN + "add/", form_data(phase))

    assert response.status_code == 302, response.context["adminform"].form.errors
    report = ReviewReport.objects.get()
    assert (report.area.code, report.year, report.number, report.place) == (
        "QP",
        2020,
        "05/BC-SLĐTBXH",
        "Quy Mô",
    )
    assert report.recipients == {
        "to": ["Bộ Lao động – Thương binh và Xã hội"],
        "copies": ["UBND tỉnh (để b/c)", "Lưu: VT, BĐG"],
    }
    assert report.sections["achievements"] == "Kết quả tốt."
    assert report.history.count() == 1


def test_a_malformed_number_is_shown_on_the_form_and_nothing_is_written(officer):
    phase = small_review()

    response = officer.post(ADMIN + "add/", form_data(phase, number="BC-SLĐTBXH"))

    assert response.status_code == 200
    with translation.override("vi"):  # the admin without a prefix is Vietnamese
        assert response.context["adminform"].form.errors == {"number": [str(NUMBER_MALFORMED)]}
    assert not ReviewReport.objects.exists()


def test_the_change_page_shows_the_generated_parts_beside_the_officers_text(officer):
    report = ReviewReportFactory(phase=small_review())

    with CaptureQueriesContext(connection) as queries:
        response = officer.get(f"{ADMIN}{report.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="review-report-generated"' in html
    assert "Năm 2020 đạt 1/1 chỉ tiêu thuộc 1 mục tiêu." in html
    assert "1. Mục tiêu 1: Mục tiêu số 1 Đạt 1/1 chỉ tiêu." in html
    assert f"/api/v1/review-reports/{report.pk}/document/?format=docx" in html
    assert 'name="lessons"' in html
    assert len(queries) < 70


def test_an_issued_report_is_read_only_in_the_admin(officer):
    report = review_report_issue(report=ReviewReportFactory(phase=small_review()))

    page = officer.get(f"{ADMIN}{report.pk}/change/")
    post = officer.post(f"{ADMIN}{report.pk}/change/", form_data(report.phase, place="Nơi khác"))
    delete = officer.post(f"{ADMIN}{report.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert 'name="lessons"' not in page.content.decode()
    assert report.sections["lessons"] in page.content.decode()
    assert (post.status_code, delete.status_code) == (403, 403)
    stored = ReviewReport.objects.get(pk=report.pk)
    assert (stored.status, stored.place) == (ReportStatus.ISSUED, "Minh Hòa")


def test_the_issue_action_issues_ready_reports_and_says_what_others_lack(officer):
    phase = small_review()
    ready = ReviewReportFactory(phase=phase)
    unsigned = ReviewReportFactory(phase=phase, signer_name="")

    response = officer.post(
        ADMIN, {"action": "issue_reports", "_selected_action": [ready.pk, unsigned.pk]}
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{unsigned}: người ký: Cần điền thông tin này trước khi ban hành báo cáo.",
        "Đã ban hành 1 báo cáo.",
    ]
    statuses = dict(ReviewReport.objects.values_list("pk", "status"))
    assert statuses == {ready.pk: "issued", unsigned.pk: "draft"}
