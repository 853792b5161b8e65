"""The reporting calendar: what is due, from whom, by when; and its assignments' checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from collection.calendar import (
    calendar_of,
    due_on,
    indicators_due,
    lowest_level,
    previous_period,
    reporting_areas,
)
from collection.models import (
    ASSIGNMENT_FED,
    ASSIGNMENT_OTHER_PROGRAMME,
    Frequency,
    ReportingAssignment,
    ReportingDeadline,
)
from collection.services import assignment_save
from indicators.models import IndicatorSource, Unit
from programmes.models import AreaLevel
from tests.collection.support import build_province
from tests.factories import AreaFactory, IndicatorFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def due(world, period):
    return [
        (d.indicator.code, d.frequency, d.level, d.by_sex)
        for d in indicators_due(phase=world.phase, period=period, calendar=world.calendar)
    ]


def test_the_calendar_says_which_indicators_are_due_each_period():
    world = build_province()
    assert due(world, "2018") == [
        ("C", "year", "commune", True),
        ("R", "year", "commune", False),  # no level given: the lowest there is
        ("A", "year", "district", True),
    ]
    assert due(world, "2018S1") == []
    assert due(world, "2020") == [("C", "year", "commune", True), ("R", "year", "commune", False)]
    assert due(world, "2020S2") == [("A", "half_year", "district", True)]


def test_outside_the_calendars_years_nothing_is_due():
    world = build_province()
    world.calendar.first_year = 2019
    world.calendar.save()
    assert due(world, "2018") == []
    with pytest.raises(ValidationError) as refused:
        due(world, "2021")
    assert refused.value.message_dict == {
        "period": ["The period 2021 lies outside the phase 2016–2020 (2016–2020)."]
    }


def test_without_a_calendar_every_indicator_entered_by_hand_is_due_yearly():
    world = build_province()
    IndicatorFactory(
        objective=world.count.objective,
        code="F",
        unit=Unit.COUNT,
        accumulation="flow",
        source=IndicatorSource.CARE_MODELS,
        care_model_kind="foster_care",
        care_model_measure="beneficiaries",
    )
    found = indicators_due(phase=world.phase, period="2020", calendar=None)
    assert [(d.indicator.code, d.level, d.by_sex) for d in found] == [
        ("C", "commune", False),
        ("R", "commune", False),
        ("A", "commune", False),
    ]
    assert indicators_due(phase=world.phase, period="2020S1", calendar=None) == []


def test_due_dates_count_days_after_the_period_unless_a_deadline_says_otherwise():
    world = build_province()
    assert due_on(world.calendar, "2020S1") == datetime.date(2020, 7, 15)
    assert due_on(world.calendar, "2020S2") == datetime.date(2021, 1, 15)
    assert due_on(world.calendar, "2020") == datetime.date(2021, 1, 31)
    assert due_on(None, "2020") == datetime.date(2021, 1, 31)
    ReportingDeadline.objects.create(
        calendar=world.calendar, period="2020S1", due_on=datetime.date(2020, 8, 5)
    )
    assert due_on(calendar_of(world.programme), "2020S1") == datetime.date(2020, 8, 5)


def test_the_lowest_level_and_the_reporting_areas_follow_the_units_valid_then():
    world = build_province()
    merged = datetime.date(2020, 6, 30)
    AreaFactory(code="C13", level=AreaLevel.COMMUNE, parent=world.d1, valid_to=merged)
    assert lowest_level(world.province, merged) == "commune"
    assert lowest_level(world.d1, merged) == "commune"
    assert [
        a.code for a in reporting_areas(root=world.d1, levels={"commune"}, period="2020S1")
    ] == ["C11", "C12", "C13"]
    assert [a.code for a in reporting_areas(root=world.d1, levels={"commune"}, period="2020")] == [
        "C11",
        "C12",
    ]
    assert reporting_areas(root=world.d1, levels=set(), period="2020") == []


@pytest.mark.parametrize(
    ("period", "before"), [("2020", "2019"), ("2020S1", "2019S2"), ("2020S2", "2020S1")]
)
def test_the_period_before(period, before):
    assert previous_period(period) == before


def test_an_indicator_reported_two_ways_in_the_same_year_is_refused():
    world = build_province()
    overlapping = ReportingAssignment(
        calendar=world.calendar,
        indicator=world.abused,
        frequency=Frequency.HALF_YEAR,
        first_year=2018,
    )
    with pytest.raises(ValidationError) as refused:
        assignment_save(assignment=overlapping)
    assert list(refused.value.message_dict) == ["first_year"]
    assert refused.value.message_dict["first_year"][0].startswith(
        "The indicator is already reported in some of these years (A · "
    )
    assert ReportingAssignment.objects.filter(indicator=world.abused).count() == 2


def test_only_the_programmes_own_indicators_entered_by_hand_are_assigned():
    world = build_province()
    foreign = IndicatorFactory(code="X")
    fed = IndicatorFactory(
        objective=ObjectiveFactory(phase=world.phase, number=3),
        code="F",
        unit=Unit.COUNT,
        accumulation="flow",
        source=IndicatorSource.CARE_MODELS,
        care_model_kind="foster_care",
        care_model_measure="beneficiaries",
    )
    for indicator, message in ((foreign, ASSIGNMENT_OTHER_PROGRAMME), (fed, ASSIGNMENT_FED)):
        with pytest.raises(ValidationError) as refused:
            assignment_save(
                assignment=ReportingAssignment(calendar=world.calendar, indicator=indicator)
            )
        assert refused.value.message_dict == {"indicator": [str(message)]}


def test_without_a_calendar_the_indicator_says_how_often_and_whether_by_sex():
    world = build_province()
    world.abused.reporting_frequency = Frequency.HALF_YEAR
    world.abused.by_sex = True
    world.abused.save()
    world.count.by_sex = True
    world.count.save()

    year = indicators_due(phase=world.phase, period="2020", calendar=None)
    half = indicators_due(phase=world.phase, period="2020S1", calendar=None)

    assert [(d.indicator.code, d.frequency, d.by_sex) for d in year] == [
        ("C", "year", True),
        ("R", "year", False),
    ]
    assert [(d.indicator.code, d.frequency, d.by_sex) for d in half] == [("A", "half_year", True)]


def test_an_indicator_reported_by_sex_is_split_whatever_its_assignment_says():
    world = build_province()
    world.rate.by_sex = True
    world.rate.save()

    assert due(world, "2020") == [("C", "year", "commune", True), ("R", "year", "commune", True)]


def test_the_migration_copies_the_latest_assignment_onto_each_indicator_and_back():
    from importlib import import_module

    from django.apps import apps

    from indicators.models import Indicator

    migration = import_module("collection.migrations.0002_indicator_reporting_from_assignments")
    world = build_province()  # A: yearly by sex until 2018, six-monthly by sex from 2019
    world.rate.by_sex = True  # R's assignment says not by sex: the migration says so too
    world.rate.save()

    migration.copy_from_assignments(apps, None)
    reported = Indicator.objects.order_by("code").values_list(
        "code", "reporting_frequency", "by_sex"
    )
    assert list(reported) == [
        ("A", "half_year", True),
        ("C", "year", True),
        ("R", "year", False),
    ]

    migration.back_to_defaults(apps, None)
    assert set(Indicator.objects.values_list("reporting_frequency", "by_sex")) == {("year", False)}
