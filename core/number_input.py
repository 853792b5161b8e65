"""Numbers as people type them in a Vietnamese form (DESIGN.md §4 rule 11).

`parse_number` is one pure function: the text of a cell in, a Decimal (or None for a
blank) out, or `NumberInputError` with a message that says how to write the number.
It belongs in `core/` (numbers are domain-free); it lives here until that app exists.

Vietnamese writes "." between groups of three digits and "," before the decimals:
"1.234" is one thousand two hundred and thirty-four, "4,5" is four and a half,
"1.234.567,89" is what it looks like. What the rule forbids is guessing, so:

- "1.5" or "12.34" (a dot not followed by groups of exactly three digits) is refused:
  a thousands dot cannot stand there, and reading it as an English decimal point would
  make "1.23" a decimal but "1.234" a thousand for the same officer;
- "1,234" (one to three digits, a comma, exactly three digits) is refused: in English
  it is a thousand, in Vietnamese one and a bit, and the two differ a thousandfold;
  "0,125" and "1234,567" can only be decimals and are read as such;
- English grouping ("1,234,567", "1,234.5") is refused with the Vietnamese spelling;
- spaces (also no-break and thin spaces) may group digits by three, as some write;
- counts take whole numbers only ("1.234,0" is 1234, "4,5" is refused).
"""

import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Longer input is not a number anyone typed; refusing it early bounds the work.
MAX_LENGTH = 40

NOT_A_NUMBER = _(
    '"%(text)s" is not a number. Write digits, with "." between thousands and "," '
    "before decimals, e.g. 1.234 or 4,5."
)
AMBIGUOUS_COMMA = _(
    '"%(text)s" could be a number of thousands written the English way, or a number with '
    "three decimals. Write %(thousands)s for the thousands, or %(decimals)s for the decimals."
)
DOT_AS_DECIMAL = _(
    '"%(text)s" is not how a Vietnamese form writes a number: "." only separates '
    "thousands. For a decimal write a comma: %(suggestion)s."
)
ENGLISH_GROUPING = _(
    '"%(text)s" is written the English way. Write %(suggestion)s ("." between '
    'thousands, "," before decimals).'
)
WHOLE_ONLY = _(
    '"%(text)s" is not a whole number; this figure counts, so write it without decimals.'
)
TOO_LONG = _("A number has at most %(max)s characters.")

# Digits grouped by three with a separator, then optional decimals after `decimal`.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
# ASCII digits only: Python's \d would also take Arabic-Indic and other digits.
_DIGITS = re.compile(r"[0-9]+")
_VI_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}( [0-9]{3})+")
_DOT_DECIMAL = re.compile(r"[0-9]*\.[0-9]+")
_SIGNS = {"-": -1, "−": -1, "–": -1, "+": 1}


class NumberInputError(ValueError):
    """A text that is not a number, or not one without guessing; `message` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def parse_number(text: str, *, whole: bool = False, percent_sign: bool = False) -> Decimal | None:
    """The number a Vietnamese user meant by `text`; None when the text is blank.

    `whole`: the figure is a count, so decimals other than zeros are refused.
    `percent_sign`: a trailing "%" is allowed (the figure is a percentage).
    Raises NumberInputError with a translatable message that says how to write it.
    """
    if len(text) > MAX_LENGTH:
        raise NumberInputError(str(TOO_LONG % {"max": MAX_LENGTH}))
    # Full-width digits and other compatibility forms become plain ASCII ones.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = _SPACES.sub(" ", cleaned)
    if not cleaned:
        return None
    shown = cleaned
    if percent_sign and cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    sign = 1
    if cleaned[:1] in _SIGNS:
        sign = _SIGNS[cleaned[0]]
        cleaned = cleaned[1:].lstrip()
    number = _unsigned(cleaned, shown)
    if whole and number != number.to_integral_value():
        raise NumberInputError(str(WHOLE_ONLY % {"text": shown}))
    if whole:
        number = number.quantize(Decimal(1))
    return -number if sign < 0 and number else number


def _unsigned(text: str, shown: str) -> Decimal:
    """An unsigned number in Vietnamese writing; `shown` is what the user typed."""
    if text.count(",") > 1 or ("," in text and "." in text and text.index(",") < text.rindex(".")):
        raise NumberInputError(str(ENGLISH_GROUPING % {"text": shown, "suggestion": _swap(text)}))
    whole_part, comma, decimals = text.partition(",")
    if (comma and not _DIGITS.fullmatch(decimals)) or not (whole_part or decimals):
        raise NumberInputError(str(NOT_A_NUMBER % {"text": shown}))
    digits = _whole_digits(whole_part or "0", shown, after_comma=bool(comma))
    if comma and _looks_english_thousands(whole_part, decimals):
        raise NumberInputError(
            str(
                AMBIGUOUS_COMMA
                % {
                    "text": shown,
                    "thousands": f"{whole_part}{decimals}",
                    "decimals": f"{whole_part},{decimals}0",
                }
            )
        )
    return Decimal(f"{digits}.{decimals}" if comma else digits)


def _whole_digits(part: str, shown: str, *, after_comma: bool) -> str:
    """The digits before the decimal comma, their grouping checked."""
    if _DIGITS.fullmatch(part):
        return part
    if _VI_GROUPED.fullmatch(part):
        return part.replace(".", "")
    if _SPACE_GROUPED.fullmatch(part):
        return part.replace(" ", "")
    if not after_comma and _DOT_DECIMAL.fullmatch(part):
        # One dot that cannot be a thousands dot: "1.5", "12.34", ".5".
        before, after = part.split(".")
        raise NumberInputError(
            str(DOT_AS_DECIMAL % {"text": shown, "suggestion": f"{before or '0'},{after}"})
        )
    raise NumberInputError(str(NOT_A_NUMBER % {"text": shown}))


def _looks_english_thousands(whole_part: str, decimals: str) -> bool:
    """ "1,234": one to three digits, not starting with 0, then exactly three digits."""
    return (
        len(decimals) == 3
        and _DIGITS.fullmatch(whole_part) is not None
        and len(whole_part) <= 3
        and not whole_part.startswith("0")
    )


def _swap(text: str) -> str:
    """English separators turned into Vietnamese ones: "1,234.5" → "1.234,5"."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
