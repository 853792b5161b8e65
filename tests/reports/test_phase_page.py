"""The dashboard's phase page: the review's downloads, and issued reports against today."""

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import Measurement
from programmes.roles import DATA_ENTRY, VIEWER
from reports.services import review_report_issue
from tests.factories import ReviewReportFactory
from tests.reports.support import correct_figures, small_review
from tests.users import user_in_role

pytestmark = pytest.mark.django_db


def page(client, phase) -> str:
    with translation.override("vi"):
        url = reverse("dashboards:phase", args=[phase.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_readers_of_reports_get_the_word_and_excel_downloads(client):
    phase = small_review()
    client.force_login(user_in_role("leader", VIEWER, staff=False))

    html = page(client, phase)

    base = f"/api/v1/phases/{phase.pk}/review/?area=QP&amp;year=2020"
    assert f'<a class="download" href="{base}&amp;format=docx">Tải báo cáo (Word)</a>' in html
    assert f'<a class="download" href="{base}&amp;format=xlsx">Tải báo cáo (Excel)</a>' in html
    assert f"{base}&amp;format=docx&amp;figures=all" in html


def test_a_data_entry_officer_gets_no_review_downloads(client):
    phase = small_review()
    client.force_login(user_in_role("entry", DATA_ENTRY, ["QP-0"], staff=False))

    assert "/review/" not in page(client, phase)


# The page's own queries for a leader (the area filter's successions included), and the
# scorecard of each issued report (five), whatever the number of targets and areas (the
# same ceiling at two sizes); one of them finds the indicators followed without a target,
# one the programme's owning departments, two count the figures not approved yet (the
# units behind the page, then their counts), one the monitoring indicators (without a
# target); the drafts behind the page include the predecessors' (one recursive query)
# and the page reads each sex's change.
PAGE_WITH_ONE_REPORT_QUERIES = 33


@pytest.mark.parametrize("size", [1, 3])
def test_the_page_says_when_an_issued_reports_numbers_differ_from_todays(
    client, django_assert_max_num_queries, size
):
    phase = small_review(size)
    review_report_issue(report=ReviewReportFactory(phase=phase, number="25/BC-SLĐTBXH"))
    client.force_login(user_in_role("leader", VIEWER, staff=False))
    matching = page(client, phase)

    correct_figures(
        Measurement.objects.filter(period="2020", sex="total", indicator__code="1.1"),
        numerator=1,
        value="6.25",
    )
    with django_assert_max_num_queries(PAGE_WITH_ONE_REPORT_QUERIES):
        differing = page(client, phase)

    assert "Báo cáo số 25/BC-SLĐTBXH ngày 05/01/2021 vẫn khớp với số liệu hiện nay." in matching
    assert (
        "Báo cáo số 25/BC-SLĐTBXH ngày 05/01/2021 đã ban hành với số liệu nay đã khác ở 1 chỉ "
        "tiêu (1.1)."
    ) in differing
