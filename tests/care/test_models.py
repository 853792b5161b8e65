"""What the database itself refuses in care-model records, whatever door a row comes by."""

import pytest
from django.db import IntegrityError, transaction

from care.models import CareModelReport, Contribution
from tests.factories import CareModelFactory, CareModelReportFactory, ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        (
            {"beneficiaries_female": -1, "beneficiaries_total": 5},
            "beneficiaries_female_not_negative",
        ),
        ({"beneficiaries_total": 11}, "total_is_female_plus_male"),
        ({"trained": 5, "completed": 6}, "completed_within_trained"),
        ({"trained": 6, "completed": 5, "employed": 6}, "employed_within_completed"),
        ({"function_improved": 11}, "function_improved_within_reached"),
        ({"mobilised_vnd": -1}, "mobilised_vnd_not_negative"),
        ({"period": "2020H1"}, "period_format"),
    ],
)
def test_the_database_refuses_impossible_reports(fields, constraint):
    model = CareModelFactory()
    with (
        pytest.raises(IntegrityError, match=f"care_model_report_{constraint}"),
        transaction.atomic(),
    ):
        CareModelReportFactory(care_model=model, **fields)
    assert CareModelReport.objects.count() == 0


def test_the_database_refuses_a_second_report_for_a_period():
    report = CareModelReportFactory()
    with (
        # PostgreSQL names the constraint; SQLite names its columns.
        pytest.raises(IntegrityError, match=r"care_model_report_unique_period|care_model_id"),
        transaction.atomic(),
    ):
        CareModelReportFactory(care_model=report.care_model, period=report.period)


def test_the_database_refuses_a_contribution_to_both_or_neither():
    model = CareModelFactory()
    with (
        pytest.raises(IntegrityError, match="contribution_to_care_model_or_programme"),
        transaction.atomic(),
    ):
        ContributionFactory(care_model=None)
    with (
        pytest.raises(IntegrityError, match="contribution_to_care_model_or_programme"),
        transaction.atomic(),
    ):
        ContributionFactory(
            care_model=model,
            programme=model.area.programmes.create(code="P", name="P", sector="other"),
        )
    assert Contribution.objects.count() == 0
