"""Care models, reports, partners and contributions: every rule refused, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from care.models import CareModel, CareModelReport, CareModelReportGroup, Contribution
from care.services import (
    care_model_create,
    care_model_report_create,
    care_model_report_delete,
    care_model_report_update,
    care_model_update,
    contribution_create,
)
from care.services.base import AMOUNT_NEGATIVE, COUNT_NEGATIVE
from care.services.care_models import (
    AREA_NOT_VALID_FOR_DATES,
    KIND_FIXED_WITH_REPORTS,
    MODEL_ENDS_BEFORE_START,
    REPORTS_OUTSIDE_DATES,
)
from care.services.contributions import (
    CONTRIBUTION_EMPTY,
    CONTRIBUTION_OUTSIDE_MODEL,
    CONTRIBUTION_TARGET,
)
from care.services.reports import (
    AREA_NOT_VALID_FOR_PERIOD,
    COMPLETED_OVER_TRAINED,
    EMPLOYED_OVER_COMPLETED,
    GROUP_OVER_REACHED,
    GROUP_UNKNOWN,
    OUTCOME_NOT_FOR_KIND,
    OUTCOME_OVER_REACHED,
    PERIOD_ALREADY_REPORTED,
    PERIOD_OVERLAPS_REPORT,
    REPORT_OUTSIDE_RUNNING_DATES,
    TOTAL_NOT_FEMALE_PLUS_MALE,
)
from core.periods import PERIOD_MALFORMED
from programmes.models import AreaLevel
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    CareModelReportFactory,
    PartnerFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return AreaFactory(
        code="MH-X",
        name="Xã Thử",
        level=AreaLevel.COMMUNE,
        valid_from=datetime.date(1997, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )


@pytest.fixture
def rehab(commune):
    return CareModelFactory(
        kind="community_rehabilitation",
        name="PHCN Xã Thử",
        area=commune,
        started_on=datetime.date(2016, 3, 1),
        ended_on=datetime.date(2020, 12, 31),
    )


@pytest.fixture
def training(commune):
    return CareModelFactory(kind="vocational_training", name="Dạy nghề", area=commune)


def new_model(area, **fields) -> dict:
    values = {
        "kind": "foster_care",
        "name": "Nhận nuôi",
        "area": area,
        "started_on": datetime.date(2018, 1, 1),
        "implementing_agency": "UBND xã",
    }
    values.update(fields)
    return values


def report_for(model, period="2020", **fields) -> dict:
    values = {"care_model": model, "period": period, "beneficiaries_female": 4}
    values.update({"beneficiaries_male": 6, **fields})
    return values


def refused(callable_, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    return caught.value.message_dict


# Care models


def test_a_care_model_is_saved_with_its_dates(commune):
    model = care_model_create(**new_model(commune))

    assert CareModel.objects.get().pk == model.pk
    assert model.history.count() == 1


def test_a_model_ending_before_it_starts_is_refused_and_not_saved(commune):
    model = new_model(commune, ended_on=datetime.date(2017, 12, 31))

    assert refused(care_model_create, **model) == {"ended_on": [str(MODEL_ENDS_BEFORE_START)]}
    assert CareModel.objects.count() == 0


def test_an_area_not_valid_for_the_dates_is_refused(commune):
    early = new_model(commune, started_on=datetime.date(1990, 1, 1))
    late = new_model(commune, ended_on=datetime.date(2026, 1, 1))

    assert refused(care_model_create, **early)["area"] == [
        AREA_NOT_VALID_FOR_DATES % {"area": "Xã Thử", "start": "1990-01-01", "end": "1990-01-01"}
    ]
    assert refused(care_model_create, **late)["area"] == [
        AREA_NOT_VALID_FOR_DATES % {"area": "Xã Thử", "start": "2018-01-01", "end": "2026-01-01"}
    ]
    assert CareModel.objects.count() == 0


def test_new_dates_cannot_leave_reports_outside(rehab):
    CareModelReportFactory(care_model=rehab, period="2020")

    assert refused(care_model_update, care_model=rehab, ended_on=datetime.date(2019, 12, 31)) == {
        "ended_on": [REPORTS_OUTSIDE_DATES % {"periods": "2020"}]
    }
    assert CareModel.objects.get().ended_on == datetime.date(2020, 12, 31)


def test_the_kind_of_a_model_with_reports_cannot_change(rehab):
    CareModelReportFactory(care_model=rehab, period="2020")

    assert refused(care_model_update, care_model=rehab, kind="psychotherapy") == {
        "kind": [str(KIND_FIXED_WITH_REPORTS)]
    }
    assert CareModel.objects.get().kind == "community_rehabilitation"


# Reports


def test_a_report_is_saved_with_its_total_and_groups(rehab):
    report = care_model_report_create(
        **report_for(rehab, function_improved=3),
        groups={"disability": 10, "serious_illness_poor_household": 2},
    )

    report = CareModelReport.objects.get(pk=report.pk)
    assert (report.beneficiaries_total, report.year, report.function_improved) == (10, 2020, 3)
    assert dict(report.groups.values_list("group", "children")) == {
        "disability": 10,
        "serious_illness_poor_household": 2,
    }


def test_saving_groups_again_replaces_them(rehab):
    report = care_model_report_create(**report_for(rehab), groups={"disability": 10})
    care_model_report_update(report=report, groups={"abandoned": 1, "disability": 0})

    assert list(CareModelReportGroup.objects.values_list("group", "children")) == [("abandoned", 1)]


@pytest.mark.parametrize("period", ["2015", "2021S1", "2016S1"])
def test_a_report_outside_the_running_dates_is_refused(rehab, period):
    # The model ran from 2016-03-01 to 2020-12-31: 2016S1 overlaps it, so it is allowed;
    # the other two do not.
    if period == "2016S1":
        care_model_report_create(**report_for(rehab, period))
        assert CareModelReport.objects.count() == 1
        return
    assert refused(care_model_report_create, **report_for(rehab, period)) == {
        "period": [
            REPORT_OUTSIDE_RUNNING_DATES
            % {"model": "PHCN Xã Thử", "period": period, "start": "2016-03-01", "end": "2020-12-31"}
        ]
    }
    assert CareModelReport.objects.count() == 0


def test_a_report_in_an_area_no_longer_valid_is_refused(commune):
    model = CareModelFactory(area=commune, name="Mở", started_on=datetime.date(2020, 1, 1))

    assert refused(care_model_report_create, **report_for(model, "2025S2")) == {
        "period": [AREA_NOT_VALID_FOR_PERIOD % {"area": "Xã Thử", "period": "2025S2"}]
    }
    assert CareModelReport.objects.count() == 0


def test_a_period_already_reported_is_refused(rehab):
    CareModelReportFactory(care_model=rehab, period="2019")

    assert refused(care_model_report_create, **report_for(rehab, "2019")) == {
        "period": [PERIOD_ALREADY_REPORTED % {"model": "PHCN Xã Thử", "period": "2019"}]
    }
    assert CareModelReport.objects.count() == 1


def test_a_half_year_of_a_year_already_reported_is_refused(rehab):
    CareModelReportFactory(care_model=rehab, period="2019")

    assert refused(care_model_report_create, **report_for(rehab, "2019S2")) == {
        "period": [
            PERIOD_OVERLAPS_REPORT % {"model": "PHCN Xã Thử", "period": "2019S2", "other": "2019"}
        ]
    }
    assert CareModelReport.objects.count() == 1


def test_a_malformed_period_is_refused(rehab):
    assert refused(care_model_report_create, **report_for(rehab, "2020H1")) == {
        "period": [PERIOD_MALFORMED % {"period": "2020H1"}]
    }
    assert CareModelReport.objects.count() == 0


def test_negative_counts_and_money_are_refused(rehab):
    report = report_for(rehab, beneficiaries_female=-1, function_improved=-2, mobilised_vnd=-5)

    assert refused(care_model_report_create, **report) == {
        "beneficiaries_female": [str(COUNT_NEGATIVE)],
        "function_improved": [str(COUNT_NEGATIVE)],
        "mobilised_vnd": [str(AMOUNT_NEGATIVE)],
    }
    assert CareModelReport.objects.count() == 0


def test_a_total_that_is_not_girls_plus_boys_is_refused(rehab):
    report = report_for(rehab, beneficiaries_total=11)

    assert refused(care_model_report_create, **report) == {
        "beneficiaries_total": [TOTAL_NOT_FEMALE_PLUS_MALE % {"total": 11, "female": 4, "male": 6}]
    }
    assert CareModelReport.objects.count() == 0


def test_improved_above_reached_is_refused(rehab):
    report = report_for(rehab, function_improved=11)

    assert refused(care_model_report_create, **report) == {
        "function_improved": [
            OUTCOME_OVER_REACHED
            % {"outcome": "Children with improved function", "value": 11, "total": 10}
        ]
    }
    assert CareModelReport.objects.count() == 0


def test_employed_above_completed_above_trained_is_refused(training):
    report = report_for(training, trained=8, completed=9, employed=10)

    assert refused(care_model_report_create, **report) == {
        "employed": [EMPLOYED_OVER_COMPLETED % {"employed": 10, "completed": 9}],
        "completed": [COMPLETED_OVER_TRAINED % {"completed": 9, "trained": 8}],
    }
    assert CareModelReport.objects.count() == 0


def test_trained_above_reached_is_refused(training):
    report = report_for(training, trained=12)

    assert refused(care_model_report_create, **report) == {
        "trained": [
            OUTCOME_OVER_REACHED % {"outcome": "Children trained", "value": 12, "total": 10}
        ]
    }


def test_an_outcome_of_another_kind_is_refused(rehab):
    report = report_for(rehab, employed=1)

    assert refused(care_model_report_create, **report) == {
        "employed": [OUTCOME_NOT_FOR_KIND % {"kind": "Community-based rehabilitation"}]
    }
    assert CareModelReport.objects.count() == 0


def test_a_group_count_above_the_total_reached_is_refused(rehab):
    groups = {"disability": 11, "unknown": 1, "abandoned": -1}

    assert refused(care_model_report_create, **report_for(rehab), groups=groups) == {
        "groups": [
            GROUP_OVER_REACHED % {"group": "d. With disabilities", "children": 11, "total": 10},
            GROUP_UNKNOWN % {"group": "unknown"},
            str(COUNT_NEGATIVE),
        ]
    }
    assert CareModelReport.objects.count() == 0
    assert CareModelReportGroup.objects.count() == 0


def test_a_refused_update_leaves_the_report_as_it_was(rehab):
    report = care_model_report_create(**report_for(rehab), groups={"disability": 10})

    refused(
        care_model_report_update, report=report, beneficiaries_female=1, groups={"disability": 10}
    )

    assert CareModelReport.objects.get().beneficiaries_female == 4
    assert CareModelReportGroup.objects.get().children == 10


def test_deleting_a_report_deletes_its_groups(rehab):
    report = care_model_report_create(**report_for(rehab), groups={"disability": 10})

    care_model_report_delete(report=report)

    assert (CareModelReport.objects.count(), CareModelReportGroup.objects.count()) == (0, 0)


# Contributions


def test_a_contribution_goes_to_a_model_or_a_programme_not_both(rehab):
    partner = PartnerFactory()
    both = {
        "partner": partner,
        "care_model": rehab,
        "programme": ProgrammeFactory(),
        "date": datetime.date(2020, 1, 1),
        "cash_vnd": 1,
    }
    neither = {"partner": partner, "date": datetime.date(2020, 1, 1), "cash_vnd": 1}

    assert refused(contribution_create, **both) == {"care_model": [str(CONTRIBUTION_TARGET)]}
    assert refused(contribution_create, **neither) == {"care_model": [str(CONTRIBUTION_TARGET)]}
    assert Contribution.objects.count() == 0


def test_a_contribution_needs_cash_or_something_in_kind(rehab):
    empty = {"partner": PartnerFactory(), "care_model": rehab, "date": datetime.date(2020, 1, 1)}
    negative = {
        "partner": PartnerFactory(),
        "care_model": rehab,
        "date": datetime.date(2020, 1, 1),
        "cash_vnd": -1,
    }

    assert refused(contribution_create, **empty) == {"cash_vnd": [str(CONTRIBUTION_EMPTY)]}
    assert refused(contribution_create, **negative) == {"cash_vnd": [str(AMOUNT_NEGATIVE)]}
    in_kind = {
        "partner": PartnerFactory(),
        "care_model": rehab,
        "date": datetime.date(2020, 1, 1),
        "in_kind_description": "Xe lăn",
    }
    assert contribution_create(**in_kind).cash_vnd == 0


def test_a_contribution_outside_the_models_dates_is_refused(rehab):
    late = {
        "partner": PartnerFactory(),
        "care_model": rehab,
        "date": datetime.date(2021, 1, 1),
        "cash_vnd": 5,
    }

    assert refused(contribution_create, **late) == {
        "date": [
            CONTRIBUTION_OUTSIDE_MODEL
            % {
                "model": "PHCN Xã Thử",
                "date": "2021-01-01",
                "start": "2016-03-01",
                "end": "2020-12-31",
            }
        ]
    }
    assert Contribution.objects.count() == 0


# The figures derived from the reports: the hook named in settings


hook_calls: list[set] = []


def recording_hook(*, changes: set) -> None:
    hook_calls.append(changes)


def refusing_hook(*, changes: set) -> None:
    raise ValidationError({"period": ["refused by the hook"]})


def test_changed_reports_are_passed_to_the_configured_hook(settings, rehab, commune):
    settings.CARE_REPORTS_CHANGED_HOOK = "tests.care.test_services.recording_hook"
    hook_calls.clear()

    report = care_model_report_create(**report_for(rehab, "2019"))
    care_model_report_update(report=report, period="2020")
    care_model_report_delete(report=report)

    rehab_key = ("community_rehabilitation", commune.pk)
    assert hook_calls == [
        {(*rehab_key, 2019)},
        {(*rehab_key, 2019), (*rehab_key, 2020)},
        {(*rehab_key, 2020)},
    ]


def test_a_hook_that_refuses_rolls_the_care_write_back(settings, rehab):
    settings.CARE_REPORTS_CHANGED_HOOK = "tests.care.test_services.refusing_hook"

    assert refused(care_model_report_create, **report_for(rehab), groups={"disability": 2}) == {
        "period": ["refused by the hook"]
    }
    assert (CareModelReport.objects.count(), CareModelReportGroup.objects.count()) == (0, 0)
