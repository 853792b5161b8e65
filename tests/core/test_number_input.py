"""Rule 11: numbers as a Vietnamese officer types them, read without guessing."""

from decimal import Decimal

import pytest

from core.number_input import (
    AMBIGUOUS_COMMA,
    DOT_AS_DECIMAL,
    ENGLISH_GROUPING,
    MAX_LENGTH,
    NOT_A_NUMBER,
    TOO_LONG,
    WHOLE_ONLY,
    NumberInputError,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", "0"),
        ("7", "7"),
        ("007", "7"),
        ("1234", "1234"),
        ("1.234", "1234"),
        ("12.345", "12345"),
        ("123.456", "123456"),
        ("1.234.567", "1234567"),
        ("4,5", "4.5"),
        ("0,125", "0.125"),
        ("1234,567", "1234.567"),
        ("1.234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        (",5", "0.5"),
        ("32,90", "32.90"),
        ("1 234", "1234"),
        ("1\u00a0234\u202f567", "1234567"),
        ("1 234,5", "1234.5"),
        ("  42  ", "42"),
        ("-3", "-3"),
        ("−7,25", "-7.25"),
        ("+8", "8"),
        ("- 5", "-5"),
        ("１２３", "123"),
        ("1,2340", "1.2340"),
    ],
)
def test_vietnamese_writing_is_read_as_meant(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_a_blank_is_no_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "message", "args"),
    [
        ("1,234", AMBIGUOUS_COMMA, {"text": "1,234", "thousands": "1234", "decimals": "1,2340"}),
        (
            "12,345",
            AMBIGUOUS_COMMA,
            {"text": "12,345", "thousands": "12345", "decimals": "12,3450"},
        ),
        (
            "999,999",
            AMBIGUOUS_COMMA,
            {"text": "999,999", "thousands": "999999", "decimals": "999,9990"},
        ),
        ("1.5", DOT_AS_DECIMAL, {"text": "1.5", "suggestion": "1,5"}),
        ("12.34", DOT_AS_DECIMAL, {"text": "12.34", "suggestion": "12,34"}),
        ("1.2345", DOT_AS_DECIMAL, {"text": "1.2345", "suggestion": "1,2345"}),
        (".5", DOT_AS_DECIMAL, {"text": ".5", "suggestion": "0,5"}),
        ("1,234.5", ENGLISH_GROUPING, {"text": "1,234.5", "suggestion": "1.234,5"}),
        ("1,234,567", ENGLISH_GROUPING, {"text": "1,234,567", "suggestion": "1.234.567"}),
        ("1,2,3", ENGLISH_GROUPING, {"text": "1,2,3", "suggestion": "1.2.3"}),
        ("5,", NOT_A_NUMBER, {"text": "5,"}),
        ("abc", NOT_A_NUMBER, {"text": "abc"}),
        ("1e3", NOT_A_NUMBER, {"text": "1e3"}),
        ("NaN", NOT_A_NUMBER, {"text": "NaN"}),
        ("Infinity", NOT_A_NUMBER, {"text": "Infinity"}),
        ("12.34.567", NOT_A_NUMBER, {"text": "12.34.567"}),
        ("1.2345,6", NOT_A_NUMBER, {"text": "1.2345,6"}),
        ("1 23", NOT_A_NUMBER, {"text": "1 23"}),
        ("5%", NOT_A_NUMBER, {"text": "5%"}),
        ("٣", NOT_A_NUMBER, {"text": "٣"}),
        ("--5", NOT_A_NUMBER, {"text": "--5"}),
        ("-", NOT_A_NUMBER, {"text": "-"}),
        (",", NOT_A_NUMBER, {"text": ","}),
    ],
)
def test_what_could_mean_two_numbers_or_none_is_refused_with_how_to_write_it(text, message, args):
    with pytest.raises(NumberInputError) as refused:
        parse_number(text)
    assert refused.value.message == str(message % args)


def test_the_ambiguous_message_says_both_spellings():
    with pytest.raises(NumberInputError) as refused:
        parse_number("1,234")
    assert refused.value.message == (
        '"1,234" could be a number of thousands written the English way, or a number with '
        "three decimals. Write 1234 for the thousands, or 1,2340 for the decimals."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234", "1234"), ("1.234,0", "1234"), ("12", "12"), ("1 234", "1234"), ("0,00", "0")],
)
def test_counts_take_whole_numbers(text, expected):
    number = parse_number(text, whole=True)
    assert number == Decimal(expected)
    assert number.as_tuple().exponent == 0


@pytest.mark.parametrize("text", ["4,5", "0,125", "1.234,5", ",5"])
def test_counts_refuse_decimals(text):
    with pytest.raises(NumberInputError) as refused:
        parse_number(text, whole=True)
    assert refused.value.message == str(WHOLE_ONLY % {"text": text})


def test_a_percent_sign_is_read_only_where_allowed():
    assert parse_number("32,9%", percent_sign=True) == Decimal("32.9")
    assert parse_number("32,9 %", percent_sign=True) == Decimal("32.9")
    with pytest.raises(NumberInputError):
        parse_number("32,9%")


def test_overlong_input_is_refused_before_it_is_read():
    assert parse_number("9" * MAX_LENGTH) == Decimal("9" * MAX_LENGTH)
    with pytest.raises(NumberInputError) as refused:
        parse_number("9" * (MAX_LENGTH + 1))
    assert refused.value.message == str(TOO_LONG % {"max": MAX_LENGTH})


def test_negative_zero_is_zero():
    assert parse_number("-0") == Decimal(0)
    assert str(parse_number("-0")) == "0"
