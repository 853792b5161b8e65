"""Numbers with their units, written the way the active language writes them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.numbers import plain_decimal
from indicators.models import Unit


def format_number(value: Decimal, places: int = 2) -> str:
    """The value through Django's localisation: 32,9 in Vietnamese, 32.9 in English.

    Rolled-up rates carry four decimals; people read at most `places` of them.
    """
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(plain_decimal(rounded), use_l10n=True, force_grouping=True)


def format_value(value: Decimal | None, unit: str, places: int = 2) -> str:
    """A value with its unit: "32,9%", "115 per 100", "1,5 times", "2.500.000 VND".

    At most `places` decimals (an indicator's `places`), trailing zeros dropped.
    """
    if value is None:
        return "–"
    if unit == Unit.MILESTONE:
        return _("reached") if value else _("not reached")
    number = format_number(value, places)
    suffixes = {
        Unit.PERCENT: "%",
        Unit.PER_100: " " + _("per 100"),
        Unit.PER_1000: "‰",
        Unit.PER_100000: " " + _("per 100,000"),
        Unit.TIMES: " " + _("times"),
        Unit.VND: " " + _("VND"),
    }
    return number + suffixes.get(unit, "")


def format_change(value: Decimal, headline: str) -> str:
    """A change with its kind: "+7,7 percentage points", "−2 points", "+12,5%"."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    number = format_number(abs(value))
    if headline == "percentage_points":
        return f"{sign}{number} " + _("percentage points")
    if headline == "points":
        return f"{sign}{number} " + _("points")
    return f"{sign}{number}%"
