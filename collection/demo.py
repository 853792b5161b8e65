"""The demo province's reporting calendars and validation rules; `load_demo` calls
`build_collection_demo` once the programmes exist. Every step is an upsert on a natural
key, through the services, so loading twice leaves the same rows.

Both programmes report 2016–2025: the child protection indicators by commune each year,
except abused children (CP.4), reported by district yearly until 2018 and every six
months from 2019; the gender equality indicators by the province each year, except
those the demo spreads below it (2.2 by commune, 4.1 and 6.2 by district).
"""

from collection.models import (
    Frequency,
    Importance,
    ReportingAssignment,
    ReportingCalendar,
    RuleOperator,
    ValidationRule,
)
from collection.services import assignment_save, validation_rule_save
from indicators.models import Indicator
from programmes.models import AreaLevel, Phase, Programme

FIRST_YEAR, LAST_YEAR = 2016, 2025

# programme code -> indicator code -> [(frequency, level, by sex, first year, last year)];
# an indicator of the programme not listed is reported yearly by the province. The last
# way listed is the indicator's own `reporting_frequency` and `by_sex`.
CHILD_PROTECTION = {
    "CP.1": [(Frequency.YEAR, AreaLevel.COMMUNE, False, None, None)],
    "CP.2": [(Frequency.YEAR, AreaLevel.COMMUNE, True, None, None)],
    "CP.3": [(Frequency.YEAR, AreaLevel.COMMUNE, True, None, None)],
    "CP.4": [
        (Frequency.YEAR, AreaLevel.DISTRICT, True, None, 2018),
        (Frequency.HALF_YEAR, AreaLevel.DISTRICT, True, 2019, None),
    ],
}
GENDER_EQUALITY_2016_2020 = {
    "2.2": [(Frequency.YEAR, AreaLevel.COMMUNE, False, None, None)],
    "4.1": [(Frequency.YEAR, AreaLevel.DISTRICT, False, None, None)],
    "6.2": [(Frequency.YEAR, AreaLevel.DISTRICT, True, None, None)],
}
PROVINCE_YEARLY = [(Frequency.YEAR, AreaLevel.PROVINCE, False, None, None)]

# (phase: programme code and name, rule name, left, operator, right, importance)
RULES = [
    (
        ("MH-BVTE", "2016–2020"),
        "Trẻ em bị xâm hại không nhiều hơn trẻ em có hoàn cảnh đặc biệt",
        "CP.4",
        RuleOperator.LTE,
        "CP.3",
        Importance.HIGH,
    ),
    (
        ("MH-BVTE", "2016–2020"),
        "Tử số CP.1 bằng số trẻ em có hoàn cảnh đặc biệt (CP.3)",
        "CP.1.numerator",
        RuleOperator.EQ,
        "CP.3",
        Importance.HIGH,
    ),
    (
        ("MH-BVTE", "2016–2020"),
        "Mẫu số CP.2 bằng số trẻ em có hoàn cảnh đặc biệt (CP.3)",
        "CP.2.denominator",
        RuleOperator.EQ,
        "CP.3",
        Importance.MEDIUM,
    ),
    (
        ("MH-BVTE", "2016–2020"),
        "Mẫu số CP.2 của trẻ em gái và trai cộng lại bằng tử số CP.1",
        "CP.2.female.denominator + CP.2.male.denominator",
        RuleOperator.EQ,
        "CP.1.numerator",
        Importance.MEDIUM,
    ),
]


def _calendar(programme: Programme) -> ReportingCalendar:
    calendar, _created = ReportingCalendar.objects.update_or_create(
        programme=programme,
        defaults={
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
            "half_year_due_days": 15,
            "year_due_days": 31,
        },
    )
    return calendar


def _assign(calendar: ReportingCalendar, indicators, table: dict) -> None:
    for indicator in indicators:
        if indicator.is_fed:
            continue  # derived from care-model reports: nobody reports it
        ways = table.get(indicator.code, PROVINCE_YEARLY)
        for frequency, level, by_sex, first, last in ways:
            assignment = ReportingAssignment.objects.filter(
                calendar=calendar, indicator=indicator, first_year=first
            ).first() or ReportingAssignment(
                calendar=calendar, indicator=indicator, first_year=first
            )
            assignment.frequency = frequency
            assignment.level = level
            assignment.by_sex = by_sex
            assignment.last_year = last
            assignment_save(assignment=assignment)
        _report_as_latest(indicator, ways[-1])


def _report_as_latest(indicator: Indicator, way: tuple) -> None:
    """The indicator reported as its latest way says (DESIGN.md §3), like the migration
    that copied the calendars' assignments onto the indicators."""
    frequency, _level, by_sex, _first, _last = way
    if (indicator.reporting_frequency, indicator.by_sex) != (frequency, by_sex):
        indicator.reporting_frequency, indicator.by_sex = frequency, by_sex
        indicator.save(update_fields=["reporting_frequency", "by_sex"])


def build_collection_demo() -> None:
    """Create or update the demo programmes' calendars and validation rules."""
    for programme in Programme.objects.filter(code__in=("MH-BVTE", "MH-BDG")):
        calendar = _calendar(programme)
        for phase in programme.phases.filter(end_year__gte=FIRST_YEAR, start_year__lte=LAST_YEAR):
            indicators = Indicator.objects.filter(phase=phase).select_related("phase__programme")
            table = CHILD_PROTECTION if programme.code == "MH-BVTE" else {}
            if programme.code == "MH-BDG" and phase.start_year == 2016:
                table = GENDER_EQUALITY_2016_2020
            _assign(calendar, indicators, table)
    for (programme_code, phase_name), name, left, operator, right, importance in RULES:
        phase = Phase.objects.filter(programme__code=programme_code, name=phase_name).first()
        if phase is None:
            continue
        rule = ValidationRule.objects.filter(phase=phase, name=name).first() or ValidationRule(
            phase=phase, name=name
        )
        rule.left, rule.operator, rule.right, rule.importance = left, operator, right, importance
        validation_rule_save(rule=rule)
