"""The demo's reporting calendars and validation rules, loaded by `load_demo`."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from collection.models import ReportingAssignment, ReportingCalendar, ValidationRule
from collection.quality import data_quality
from indicators.models import Indicator, Measurement
from programmes.models import Area, Phase

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_reports_2016_to_2025_and_its_rules_hold_until_a_figure_breaks_them():
    load()
    load()  # idempotent: the same rows again

    calendars = {
        c.programme.code: (c.first_year, c.last_year) for c in ReportingCalendar.objects.all()
    }
    assert calendars == {"MH-BDG": (2016, 2025), "MH-BVTE": (2016, 2025)}
    abused = ReportingAssignment.objects.filter(indicator__code="CP.4").order_by("frequency")
    assert [(a.frequency, a.level, a.by_sex, a.first_year, a.last_year) for a in abused] == [
        ("half_year", "district", True, 2019, None),
        ("year", "district", True, None, 2018),
    ]
    # Each indicator reported as its latest assignment says (DESIGN.md §3).
    reported = Indicator.objects.filter(phase__programme__code="MH-BVTE").order_by("code")
    assert [(i.code, i.reporting_frequency, i.by_sex) for i in reported] == [
        ("CP.1", "year", False),
        ("CP.2", "year", True),
        ("CP.3", "year", True),
        ("CP.4", "half_year", True),
        ("CP.5", "year", False),
    ]
    by_sex = Indicator.objects.filter(phase__programme__code="MH-BDG", by_sex=True)
    assert sorted((i.phase.name, i.code) for i in by_sex) == [("2016–2020", "6.2")]
    assert not Indicator.objects.filter(
        phase__programme__code="MH-BDG", reporting_frequency="half_year"
    ).exists()
    # 4 BVTE indicators (CP.5 comes from care-model reports), 25 + 5 BDG ones (2016–2020's
    # 24 with a target and the female workers given jobs; 2021–2025's 5), CP.4 twice.
    assert ReportingAssignment.objects.count() == 4 + 1 + 25 + 5
    phase = Phase.objects.get(programme__code="MH-BVTE", name="2016–2020")
    assert sorted(ValidationRule.objects.filter(phase=phase).values_list("left", "right")) == [
        ("CP.1.numerator", "CP.3"),
        ("CP.2.denominator", "CP.3"),
        ("CP.2.female.denominator + CP.2.male.denominator", "CP.1.numerator"),
        ("CP.4", "CP.3"),
    ]
    province = Area.objects.get(code="MH")
    for year in range(2016, 2021):
        assert data_quality(phase=phase, area=province, year=year).violations == []

    Measurement.objects.filter(
        indicator__code="CP.3", area__code="MH-02-02", period="2019", sex="total"
    ).update(value=Decimal(1))
    Measurement.objects.filter(
        indicator__code="CP.4", area__code="MH-02", period="2019S2", sex="total"
    ).update(value=Decimal(5000))
    broken = data_quality(phase=phase, area=province, year=2019).violations
    assert sorted((v.rule.left, v.area.code, v.period) for v in broken) == [
        ("CP.1.numerator", "MH-02-02", "2019"),
        ("CP.2.denominator", "MH-02-02", "2019"),
        ("CP.4", "MH-02", "2019"),
    ]
