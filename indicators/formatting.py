"""Numbers with their units, written the way the active language writes them."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.signals import setting_changed
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from core.numbers import plain_decimal
from indicators.models import Indicator, Unit

# The units written with a word, translated when a value is written.
TRANSLATED_SUFFIXES = {
    Unit.PER_100: gettext_noop("per 100"),
    Unit.PER_100000: gettext_noop("per 100,000"),
    Unit.TIMES: gettext_noop("times"),
    Unit.VND: gettext_noop("VND"),
}


class Locale:
    """How one language writes numbers and units, looked up once per language.

    A scorecard writes a few hundred values, and each of Django's `number_format` and
    `gettext` looks the active language up again (a context-local read, more than half
    the cost of writing a value). Django keeps the catalogues and formats for the life
    of the process too; this is cleared with its format cache when a setting changes.
    """

    def __init__(self, language: str | None):
        self.language = language
        self.decimal_separator = get_format("DECIMAL_SEPARATOR", language)
        self.grouping = get_format("NUMBER_GROUPING", language)
        self.thousand_separator = get_format("THOUSAND_SEPARATOR", language)
        # Translated in the active language, which is `language` when asked for.
        self.suffixes = {
            Unit.PERCENT: "%",
            Unit.PER_1000: "‰",
            **{unit: " " + _(word) for unit, word in TRANSLATED_SUFFIXES.items()},
        }
        self.reached, self.not_reached = _("reached"), _("not reached")

    def number(self, value: Decimal) -> str:
        """`django.utils.formats.number_format(value, force_grouping=True)` in `language`."""
        return numberformat.format(
            value,
            self.decimal_separator,
            None,
            self.grouping,
            self.thousand_separator,
            force_grouping=True,
            use_l10n=True,
        )


LOCALES: dict[str | None, Locale] = {}


def active_locale() -> Locale:
    """The active language's `Locale`."""
    language = get_language()
    locale = LOCALES.get(language)
    if locale is None:
        locale = LOCALES[language] = Locale(language)
    return locale


def _forget_locales(**kwargs) -> None:
    LOCALES.clear()


setting_changed.connect(_forget_locales)

STEPS = {places: Decimal(1).scaleb(-places) for places in range(5)}


def format_number(
    value: Decimal, places: int = 2, *, exact: bool = False, locale: Locale | None = None
) -> str:
    """The value through Django's localisation: 32,9 in Vietnamese, 32.9 in English.

    Rolled-up rates carry four decimals; people read at most `places` of them, without
    needless zeros unless `exact` (an indicator's own `decimals`: "36,0"). `locale`
    defaults to the active language's.
    """
    step = STEPS.get(places) or Decimal(1).scaleb(-places)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    if not exact:
        rounded = plain_decimal(rounded)
    return (locale or active_locale()).number(rounded)


def format_value(
    value: Decimal | None,
    unit: "str | Indicator",
    *,
    label: str = "",
    decimals: int | None = None,
    locale: Locale | None = None,
) -> str:
    """A value with its unit: "32,9%", "115 per 100", "1,5 times", "2.500.000 VND".

    Given the indicator instead of its unit, its `unit_label` and `decimals` say how:
    "116,2 bé trai/100 bé gái" (DOMAIN.md §5: a ratio is written with the unit's label).
    `locale` defaults to the active language's.
    """
    if value is None:
        return "–"
    if not isinstance(unit, str):  # an Indicator, or a row of one
        label, decimals, unit = unit.unit_label, unit.decimals, unit.unit
    places, exact = (2, False) if decimals is None else (decimals, True)
    locale = locale or active_locale()
    if unit == Unit.MILESTONE:
        return locale.reached if value else locale.not_reached
    number = format_number(value, places, exact=exact, locale=locale)
    if label:
        return number + ("" if label.startswith(("%", "‰")) else " ") + label
    return number + locale.suffixes.get(unit, "")


def format_change(value: Decimal, headline: str) -> str:
    """A change with its kind: "+7,7 percentage points", "−2 points", "+12,5%"."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    number = format_number(abs(value))
    if headline == "percentage_points":
        return f"{sign}{number} " + _("percentage points")
    if headline == "points":
        return f"{sign}{number} " + _("points")
    return f"{sign}{number}%"
