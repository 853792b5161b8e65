"""Children's groups by date (issue #15 point 6): the 14 groups of the Law on Children 2016
(Art. 10) from 2017-06-01; before, the 10 groups of the 2004 law (Art. 40)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from care.models import CareModelReport, CareModelReportGroup, ChildGroup
from care.services import care_model_report_create
from tests.care.test_services import commune, rehab, report_for  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_the_groups_are_data_with_the_dates_of_their_laws():
    """Luật Trẻ em 2016 (102/2016/QH13) in force 01/6/2017: 14 groups; the 2004 law 10."""
    on = lambda day: {g.code for g in ChildGroup.objects.all() if g.applies_on(day)}  # noqa: E731

    assert len(on(datetime.date(2017, 5, 31))) == 10
    assert len(on(datetime.date(2017, 6, 1))) == 14
    assert "trafficked" in on(datetime.date(2017, 6, 1))
    assert "trafficked" not in on(datetime.date(2017, 5, 31))
    assert "street_children_2004" in on(datetime.date(2016, 12, 31))


def test_a_2016_report_cannot_be_filed_under_a_group_that_did_not_exist(rehab):  # noqa: F811
    """Luật Trẻ em 2016, Điều 10 ("trẻ em bị mua bán", group m) applies from 01/6/2017: a
    2016 report is refused with the message, and nothing is written."""
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        care_model_report_create(**report_for(rehab, period="2016"), groups={"trafficked": 2})

    assert refused.value.message_dict == {
        "groups": [
            "“m. Trẻ em bị mua bán” không phải là nhóm trẻ em có hoàn cảnh đặc biệt trong kỳ "
            "2016: báo cáo kỳ này dùng các nhóm theo Luật Bảo vệ, chăm sóc và giáo dục trẻ em "
            "2004 (25/2004/QH11), Điều 40."
        ]
    }
    assert not CareModelReport.objects.exists()
    assert not CareModelReportGroup.objects.exists()


def test_a_2016_report_takes_the_2004_groups_and_a_2017_report_the_2016_ones(rehab):  # noqa: F811
    """Luật Bảo vệ, chăm sóc và giáo dục trẻ em 2004, Điều 40, until 31/5/2017; a 2017
    report (its last day 31/12/2017) under Luật Trẻ em 2016, Điều 10."""
    care_model_report_create(**report_for(rehab, period="2016"), groups={"disability_2004": 4})
    care_model_report_create(**report_for(rehab, period="2017"), groups={"disability": 4})

    with pytest.raises(ValidationError) as refused:
        care_model_report_create(**report_for(rehab, period="2018"), groups={"disability_2004": 1})

    assert list(refused.value.message_dict) == ["groups"]
    assert sorted(CareModelReportGroup.objects.values_list("report__period", "group")) == [
        ("2016", "disability_2004"),
        ("2017", "disability"),
    ]
