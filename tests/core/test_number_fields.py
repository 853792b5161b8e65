"""`LocalNumberField`: numbers read and shown as the active language writes them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.number_fields import LocalNumberField, input_text
from core.number_input import AMBIGUOUS_COMMA, WHOLE_ONLY


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("4,5", Decimal("4.5")), ("1.234", Decimal("1234")), ("1.234,5", Decimal("1234.5"))],
)
def test_vietnamese_writing_is_read(typed, expected):
    with translation.override("vi"):
        assert LocalNumberField(required=False).clean(typed) == expected


def test_an_ambiguous_number_is_refused_with_how_to_write_it():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        LocalNumberField().clean("1,234")
    with translation.override("vi"):
        expected = AMBIGUOUS_COMMA % {"text": "1,234", "thousands": "1234", "decimals": "1,2340"}
        assert refused.value.messages == [str(expected)]


def test_a_count_takes_whole_numbers_only_in_either_language():
    for language, typed in (("vi", "1,5"), ("en", "1.5")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            LocalNumberField(whole=True).clean(typed)
        with translation.override(language):
            assert refused.value.messages == [str(WHOLE_ONLY % {"text": typed})]


def test_english_keeps_its_own_writing():
    with translation.override("en"):
        assert LocalNumberField().clean("1,234.5") == Decimal("1234.5")


def test_a_stored_value_is_shown_in_the_language_with_its_places():
    with translation.override("vi"):
        assert input_text(Decimal("29.1000"), 1) == "29,1"
        assert input_text(Decimal("1234567.8900")) == "1.234.567,89"
    with translation.override("en"):
        assert input_text(Decimal("29.1000"), 1) == "29.1"


def test_sending_back_the_rounded_value_keeps_the_stored_one():
    field = LocalNumberField(places=1, stored=Decimal("92.4747"))
    with translation.override("vi"):
        assert field.clean("92,5") == Decimal("92.4747")
        assert field.clean("92,6") == Decimal("92.6")
