"""Numbers with their units, written the way the active language writes them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.numbers import plain_decimal
from indicators.models import Indicator, Unit


def format_number(value: Decimal, places: int = 2, *, exact: bool = False) -> str:
    """The value through Django's localisation: 32,9 in Vietnamese, 32.9 in English.

    Rolled-up rates carry four decimals; people read at most `places` of them, without
    needless zeros unless `exact` (an indicator's own `decimals`: "36,0").
    """
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not exact:
        rounded = plain_decimal(rounded)
    return number_format(rounded, use_l10n=True, force_grouping=True)


def format_value(
    value: Decimal | None, unit: "str | Indicator", *, label: str = "", decimals: int | None = None
) -> str:
    """A value with its unit: "32,9%", "115 per 100", "1,5 times", "2.500.000 VND".

    Given the indicator instead of its unit, its `unit_label` and `decimals` say how:
    "116,2 bé trai/100 bé gái" (DOMAIN.md §5: a ratio is written with the unit's label).
    """
    if value is None:
        return "–"
    if isinstance(unit, Indicator):
        label, decimals, unit = unit.unit_label, unit.decimals, unit.unit
    places, exact = (2, False) if decimals is None else (decimals, True)
    if unit == Unit.MILESTONE:
        return _("reached") if value else _("not reached")
    number = format_number(value, places, exact=exact)
    if label:
        return number + ("" if label.startswith(("%", "‰")) else " ") + label
    return number + unit_suffix(unit)


# Each unit's suffix; only the one written is translated (a page writes hundreds of values).
SUFFIXES = {
    Unit.PERCENT: lambda: "%",
    Unit.PER_100: lambda: " " + _("per 100"),
    Unit.PER_1000: lambda: "‰",
    Unit.PER_100000: lambda: " " + _("per 100,000"),
    Unit.TIMES: lambda: " " + _("times"),
    Unit.VND: lambda: " " + _("VND"),
}


def unit_suffix(unit: str) -> str:
    """What follows a number of `unit`, in the active language ("" for a count)."""
    suffix = SUFFIXES.get(unit)
    return suffix() if suffix else ""


def format_change(value: Decimal, headline: str) -> str:
    """A change with its kind: "+7,7 percentage points", "−2 points", "+12,5%"."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    number = format_number(abs(value))
    if headline == "percentage_points":
        return f"{sign}{number} " + _("percentage points")
    if headline == "points":
        return f"{sign}{number} " + _("points")
    return f"{sign}{number}%"
