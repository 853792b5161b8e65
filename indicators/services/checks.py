"""What one figure must satisfy on its own: its period, phase, area, sex and unit.

The check that needs a figure's siblings (female + male = total) runs in
`measurements_save`; whether the stored figure may change, in `writability`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from indicators.models import Indicator, Sex, Unit
from indicators.rules import ratio_value
from indicators.services.errors import (
    DENOMINATOR_NOT_POSITIVE,
    MILESTONE_VALUE,
    NUMERATOR_OVER_DENOMINATOR,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERCENT_OVER_100,
    SEX_NOT_KNOWN,
    VALUE_DISAGREES_WITH_RATIO,
    VALUE_NEGATIVE,
    VALUE_NOT_WHOLE,
    VALUE_REQUIRED,
)
from indicators.services.writability import (
    area_refusal,
    hand_edit_refusal,
    period_year,
    phase_refusal,
)

SEXES = frozenset(Sex.values)
# A rate given with its numerator and denominator may be rounded to one decimal.
RATE_TOLERANCE = Decimal("0.05")


def measurement_clean(figure, *, places: dict | None = None) -> Decimal:
    """Check one figure (a `FigureInput`) on its own; return its value.

    Raises ValidationError with every message keyed by field. `places`, if given, keeps
    the answer of the period, phase and area checks per (phase, area, period) across the
    figures of one batch: thousands of figures share a few dozen of them.
    """
    errors: dict[str, list] = {}
    if refusal := hand_edit_refusal(figure.indicator):
        errors["indicator"] = [refusal]
    if places is None:
        place = _place_errors(figure)
    else:
        key = (figure.indicator.phase_id, figure.area.pk, figure.period)
        place = places.get(key)
        if place is None:
            place = places[key] = _place_errors(figure)
    if place:
        errors.update({name: list(messages) for name, messages in place.items()})
    if figure.sex not in SEXES:
        errors["sex"] = [SEX_NOT_KNOWN]
    value = None
    try:
        value = check_value(figure.indicator, figure.value, figure.numerator, figure.denominator)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return value


def _place_errors(figure) -> dict[str, list]:
    """The figure's period, and its year in the phase and in its area's lifetime."""
    try:
        year = period_year(figure.period)
    except ValidationError as error:
        return error.message_dict
    if refusal := phase_refusal(figure.indicator.phase, year, period=figure.period):
        return {"period": [refusal]}
    if refusal := area_refusal(figure.area, figure.period):
        return {"area": [refusal]}
    return {}


def check_value(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal:
    """Check one value against its unit and return it, computed from the ratio if missing."""
    errors: dict[str, list] = {}

    def add(name: str, message) -> None:
        errors.setdefault(name, []).append(message)

    if (numerator is None) != (denominator is None):
        add("denominator" if denominator is None else "numerator", NUMERATOR_WITHOUT_DENOMINATOR)
    if numerator is not None and numerator < 0:
        add("numerator", VALUE_NEGATIVE)
    if denominator is not None and denominator <= 0:
        add("denominator", DENOMINATOR_NOT_POSITIVE)
    if value is not None and value < 0:
        add("value", VALUE_NEGATIVE)
    if errors:
        raise ValidationError(errors)

    if numerator is not None and denominator is not None and indicator.is_rate:
        if indicator.unit == Unit.PERCENT and numerator > denominator:
            add("numerator", NUMERATOR_OVER_DENOMINATOR)
        else:
            expected = ratio_value(numerator, denominator, indicator.scale)
            if value is None:
                value = expected
            elif abs(value - expected) > RATE_TOLERANCE:
                add("value", VALUE_DISAGREES_WITH_RATIO % {"value": value, "expected": expected})
    if value is None and not errors:
        add("value", VALUE_REQUIRED)
    if value is not None and indicator.unit == Unit.PERCENT and value > 100:
        add("value", PERCENT_OVER_100)
    if value is not None and indicator.unit == Unit.MILESTONE and value not in (0, 1):
        add("value", MILESTONE_VALUE)
    elif value is not None and indicator.counts and value != value.to_integral_value():
        add("value", VALUE_NOT_WHOLE)
    if errors:
        raise ValidationError(errors)
    return value
