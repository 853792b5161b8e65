"""Form fields for numbers as the user's language writes them (DESIGN.md §4 rule 11).

In Vietnamese a number is read by `core.number_input.parse_number`, the one parser of
the app: "4,5" is four and a half, "1.234" a thousand and more, and an input that could
mean two numbers is refused with a message that says how to write it. In English
Django's own localisation reads it ("1,234.5"). Either way the field is a plain text
input: a browser's number input would turn "4,5" into "4.5" or refuse it before the
server could say why.

A stored value is shown in the same writing, rounded to `places` when given and without
trailing zeros ("29,1", never "29.1000"). If the user sends back exactly what was shown,
the field returns the stored value itself, so a figure shown rounded is never changed by
saving the page it is shown on.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from core.number_input import WHOLE_ONLY, NumberInputError, parse_number
from core.numbers import plain_decimal


def reads_vietnamese_numbers() -> bool:
    """Whether the active language writes numbers the Vietnamese way."""
    return (translation.get_language() or "").split("-")[0] == "vi"


def rounded(value: Decimal, places: int | None) -> Decimal:
    """`value` rounded half up to `places` decimals (unchanged for None)."""
    if places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def input_text(value: Decimal | int | None, places: int | None = None) -> str:
    """A number as an input shows it: "1.234,5" in Vietnamese, "1,234.5" in English."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return str(value)  # what the user typed, shown back with its error
    return formats.number_format(
        plain_decimal(rounded(value, places)), use_l10n=True, force_grouping=True
    )


class LocalNumberInput(forms.TextInput):
    """A text input for a number, with the keyboard for decimals on a phone."""

    def __init__(self, attrs: dict | None = None, places: int | None = None) -> None:
        super().__init__({"inputmode": "decimal", "size": 12, **(attrs or {})})
        self.places = places

    def format_value(self, value) -> str | None:
        if isinstance(value, str):
            return value  # typed text, shown back as it was typed
        return input_text(value, self.places) or None


class LocalNumberField(forms.DecimalField):
    """A number typed as the active language writes it; a Decimal (or None) out.

    `whole`: a count, so decimals are refused. `places`: how many decimals a stored
    value is shown with. `stored`: the value the input was filled with, kept as it is
    when the user sends back what was shown.
    """

    widget = LocalNumberInput

    def __init__(
        self,
        *,
        whole: bool = False,
        places: int | None = None,
        stored: Decimal | None = None,
        **kwargs,
    ) -> None:
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        self.whole = whole
        self.stored = stored
        self.set_places(places)

    def set_places(self, places: int | None) -> None:
        """Show stored values with `places` decimals (None: as many as they have)."""
        self.places = places
        if isinstance(self.widget, LocalNumberInput):
            self.widget.places = places

    def widget_attrs(self, widget) -> dict:
        # DecimalField would add a `step` meant for a browser's number input.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif reads_vietnamese_numbers():
            try:
                number = parse_number(str(value), whole=self.whole)
            except NumberInputError as error:
                raise ValidationError(error.message, code="invalid") from None
            if number is None:
                return None
        else:
            number = self._english(str(value))
        if self.stored is not None and number == rounded(self.stored, self.places):
            return self.stored
        return number

    def _english(self, text: str) -> Decimal:
        """English writing, read by Django's localisation ("1,234.5")."""
        try:
            number = Decimal(formats.sanitize_separators(text.strip()))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if self.whole and number != number.to_integral_value():
            raise ValidationError(str(WHOLE_ONLY % {"text": text.strip()}), code="whole")
        return number
