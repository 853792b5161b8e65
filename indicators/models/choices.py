"""The choices of indicators, targets and figures, and the constants that go with them."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
    PER_100 = "per_100", _("per 100")
    PER_1000 = "per_1000", _("per 1,000")
    PER_100000 = "per_100000", _("per 100,000")
    TIMES = "times", _("times")
    VND = "vnd", _("VND")
    MILESTONE = "milestone", _("milestone")


# How many units one whole is worth: a rate is numerator / denominator × scale.
RATE_SCALE = {
    Unit.PERCENT: Decimal(100),
    Unit.PER_100: Decimal(100),
    Unit.PER_1000: Decimal(1000),
    Unit.PER_100000: Decimal(100000),
    Unit.TIMES: Decimal(1),
}
SUMMABLE_UNITS = (Unit.COUNT, Unit.VND)
# Units whose figures are whole numbers (rule 11: counts take whole numbers only).
WHOLE_UNITS = {Unit.COUNT, Unit.VND, Unit.MILESTONE}


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")


class Accumulation(models.TextChoices):
    FLOW = "flow", _("flow (sub-periods add up)")
    STOCK = "stock", _("stock (the latest value stands)")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    BETWEEN = "between", _("between")
    INCREASE = "increase", _("increase on the baseline")
    DECREASE = "decrease", _("decrease on the baseline")


# Comparators judged against the baseline rather than the target value.
DIRECTION_COMPARATORS = (Comparator.DECREASE, Comparator.INCREASE)


class PhaseAggregate(models.TextChoices):
    """How a whole phase is summed up for the comparison with the previous one (rule 4)."""

    END_VALUE = "end_value", _("value in the phase's end year")
    SUM = "sum", _("sum of the phase's years")
    MEAN = "mean", _("mean of the phase's years")


class Sex(models.TextChoices):
    TOTAL = "total", _("total")
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    CARE_MODELS = "care_models", _("derived from care-model reports")


class ReportingFrequency(models.TextChoices):
    """How often an indicator's figures are reported (DESIGN.md §3 `reporting_frequency`)."""

    YEAR = "year", _("yearly")
    HALF_YEAR = "half_year", _("six-monthly")
