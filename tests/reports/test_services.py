"""Writing review reports: drafts change, issuing freezes the numbers, issued ones never change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Measurement
from reports.models import ReportStatus, ReviewReport
from reports.services import (
    ReportLocked,
    review_report_create,
    review_report_delete,
    review_report_issue,
    review_report_update,
)
from tests.factories import ReviewReportFactory
from tests.reports.support import DEMO_WORDS, small_review

pytestmark = pytest.mark.django_db


def test_a_new_draft_takes_the_programmes_area_the_phases_last_year_and_a_header():
    phase = small_review()

    report = review_report_create(phase=phase)

    assert (report.area.code, report.year, report.status, report.figures) == (
        "QP",
        2020,
        ReportStatus.DRAFT,
        "approved",
    )
    assert (report.parent_body, report.place) == ("Ủy ban nhân dân tỉnh Quy Mô", "Quy Mô")
    assert report.issuing_body == "Sở Y tế tỉnh Minh Hòa (minh họa)"  # settings.DEPARTMENT_NAME
    assert report.sections == dict.fromkeys(
        ["achievements", "limitations", "causes", "lessons", "directions", "recommendations"], ""
    )
    assert report.snapshot is None


def test_the_number_is_written_as_the_decree_writes_it():
    report = review_report_create(phase=small_review(), number=" 5 / BC-SLĐTBXH ")

    assert report.number == "05/BC-SLĐTBXH"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"number": "BC-SLĐTBXH"},
            {"number": ['Write the number and symbol as the decree does, e.g. "25/BC-SLĐTBXH".']},
        ),
        ({"year": 2021}, {"year": ["The year 2021 is outside the phase 2016–2020 (2016–2020)."]}),
        (
            {"sections": {"opening": "…"}},
            {
                "sections": [
                    "Give the sections as an object whose keys are among: achievements, "
                    "limitations, causes, lessons, directions, recommendations, each with a text."
                ]
            },
        ),
    ],
)
def test_a_bad_draft_is_refused_with_the_reason_and_nothing_is_written(fields, errors):
    phase = small_review()

    with pytest.raises(ValidationError) as caught:
        review_report_create(phase=phase, **fields)

    assert caught.value.message_dict == errors
    assert not ReviewReport.objects.exists()


def test_an_area_outside_the_programmes_jurisdiction_is_refused():
    from tests.factories import AreaFactory

    phase = small_review()

    with pytest.raises(ValidationError) as caught:
        review_report_create(phase=phase, area=AreaFactory(code="ELSE", name="Tỉnh Khác"))

    assert caught.value.message_dict == {
        "area": [
            "Tỉnh Khác is outside the programme's jurisdiction Tỉnh Quy Mô; choose it or an area "
            "below it."
        ]
    }


def test_an_update_merges_the_sections_it_is_given():
    report = ReviewReportFactory(phase=small_review())

    updated = review_report_update(report=report, sections={"lessons": "Bài học mới."})

    assert updated.sections["lessons"] == "Bài học mới."
    assert updated.sections["causes"] == "Nguồn lực còn hạn chế."


def test_issuing_freezes_the_numbers_and_records_who_and_when(django_user_model):
    officer = django_user_model.objects.create_user("officer")
    report = ReviewReportFactory(phase=small_review())

    issued = review_report_issue(report=report, user=officer)

    assert (issued.status, issued.issued_by) == (ReportStatus.ISSUED, officer)
    assert issued.issued_at is not None
    snapshot = ReviewReport.objects.get(pk=report.pk).snapshot
    assert snapshot["document"]["status"] == "issued"
    assert snapshot["results"]["totals"]["targets_total"] == 1
    assert [
        (t["indicator_code"], t["actual"], t["status"]) for t in snapshot["results"]["targets"]
    ] == [("1.1", "31.25", "achieved")]
    assert snapshot["results"]["targets"][0]["change"] == {
        "absolute": "11.25",
        "relative_percent": "56.25",
        "headline": "percentage_points",
        "aggregate": "end_value",
        "series_break": False,
    }


def test_a_report_not_ready_to_sign_is_not_issued_and_says_what_is_missing():
    report = ReviewReportFactory(
        phase=small_review(),
        number="",
        issued_on=None,
        recipients={"to": [], "copies": []},
        sections={**ReviewReportFactory.sections.function(), "causes": "", "lessons": ""},
    )

    with pytest.raises(ValidationError) as caught:
        review_report_issue(report=report)

    assert caught.value.message_dict == {
        "number": ["Fill this in before issuing the report."],
        "issued_on": ["Fill this in before issuing the report."],
        "recipients": ['Name at least one addressee ("Kính gửi") before issuing the report.'],
        "sections": ["Write these sections before issuing the report: Causes, Lessons learnt."],
    }
    report.refresh_from_db()
    assert (report.status, report.snapshot, report.issued_at) == (ReportStatus.DRAFT, None, None)


def test_the_same_number_cannot_be_issued_twice_by_one_body_in_one_year():
    phase = small_review()
    review_report_issue(report=ReviewReportFactory(phase=phase, number="25/BC-SLĐTBXH"))
    second = ReviewReportFactory(phase=phase, number="25/BC-SLĐTBXH")
    next_year = ReviewReportFactory(
        phase=phase, number="25/BC-SLĐTBXH", issued_on=datetime.date(2022, 1, 5)
    )

    with pytest.raises(ValidationError) as caught:
        review_report_issue(report=second)

    assert caught.value.message_dict == {
        "number": [
            "Sở Lao động – Thương binh và Xã hội has already issued a report numbered "
            "25/BC-SLĐTBXH in 2021."
        ]
    }
    assert review_report_issue(report=next_year).status == ReportStatus.ISSUED


def test_an_issued_report_cannot_change_be_deleted_or_be_issued_again():
    report = review_report_issue(
        report=ReviewReportFactory(phase=small_review(), number="25/BC-SLĐTBXH")
    )
    message = (
        "The report 25/BC-SLĐTBXH is issued: it and its numbers are frozen and cannot change. "
        "Write a new report if the review must be corrected."
    )

    for attempt in (
        lambda: review_report_update(report=report, sections={"lessons": "Sửa lại"}),
        lambda: review_report_update(report=report, year=2019),
        lambda: review_report_delete(report=report),
        lambda: review_report_issue(report=report),
    ):
        with pytest.raises(ReportLocked) as caught:
            attempt()
        assert str(caught.value) == message
    stored = ReviewReport.objects.get(pk=report.pk)
    assert (stored.sections["lessons"], stored.year) == (report.sections["lessons"], 2020)


def test_a_stale_copy_of_an_issued_report_is_refused_too():
    """The lock is read under a row lock, not from the caller's copy."""
    report = ReviewReportFactory(phase=small_review())
    stale = ReviewReport.objects.get(pk=report.pk)
    review_report_issue(report=report)

    with pytest.raises(ReportLocked):
        review_report_update(report=stale, place="Nơi khác")

    assert ReviewReport.objects.get(pk=report.pk).place == "Minh Hòa"


def test_the_demo_words_are_ready_to_issue():
    """The words the other tests issue with pass every check."""
    report = review_report_create(phase=small_review(), **DEMO_WORDS)

    assert review_report_issue(report=report).status == ReportStatus.ISSUED
    assert Measurement.objects.count() == 4  # the review wrote no figure
