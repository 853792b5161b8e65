"""The rule language: parsed by hand, evaluated exactly, every refusal with its message."""

from decimal import Decimal

import pytest

from collection.expressions import (
    BAD_SUFFIX,
    CODE_STARTS_WITH_DIGIT,
    EMPTY_EXPRESSION,
    MAX_DEPTH,
    MAX_LENGTH,
    MISSING_BRACKET,
    NUMBER_IS_A_CODE,
    TOO_DEEP,
    TOO_LONG,
    UNCLOSED_BRACE,
    UNEXPECTED_CHARACTER,
    UNEXPECTED_END,
    UNEXPECTED_TOKEN,
    UNKNOWN_INDICATOR,
    BinOp,
    ExpressionError,
    Negate,
    Number,
    Ref,
    evaluate,
    holds,
    parse,
    references,
)

CODES = {"CP.1", "CP.2", "CP.3", "CP.4", "2.2", "1", "X_1"}
FIGURES = {
    Ref("CP.3"): Decimal("691"),
    Ref("CP.3", "female"): Decimal("325"),
    Ref("CP.3", "male"): Decimal("366"),
    Ref("CP.1", part="numerator"): Decimal("691"),
    Ref("CP.1", part="denominator"): Decimal("17518"),
    Ref("CP.2", "female", "denominator"): Decimal("325"),
    Ref("CP.4"): Decimal("12"),
    Ref("2.2"): Decimal("32.9"),
}


def value(text: str) -> Decimal | None:
    return evaluate(parse(text, CODES), FIGURES.get)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("CP.4", Ref("CP.4")),
        ("CP.3.female", Ref("CP.3", "female")),
        ("CP.1.numerator", Ref("CP.1", "total", "numerator")),
        ("CP.2.female.denominator", Ref("CP.2", "female", "denominator")),
        ("{2.2}", Ref("2.2")),
        ("{ 2.2 }.male", Ref("2.2", "male")),
        ("X_1", Ref("X_1")),
        ("2.5", Number(Decimal("2.5"))),
        ("CP.3 - CP.4", BinOp("-", Ref("CP.3"), Ref("CP.4"))),
        # * binds tighter than + and -; + and - go left to right
        (
            "1.0 + 2 * 3",
            BinOp("+", Number(Decimal("1.0")), BinOp("*", Number(Decimal(2)), Number(Decimal(3)))),
        ),
        (
            "10 - 4 - 3",
            BinOp("-", BinOp("-", Number(Decimal(10)), Number(Decimal(4))), Number(Decimal(3))),
        ),
        ("(CP.4)", Ref("CP.4")),
        ("-CP.4", Negate(Ref("CP.4"))),
    ],
)
def test_expressions_parse_into_their_trees(text, tree):
    assert parse(text, CODES) == tree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CP.3.female + CP.3.male", "691"),
        ("CP.3 - CP.4", "679"),
        ("CP.4 * 2", "24"),
        ("1.0 + 2 * 3", "7"),
        ("(1.0 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("-CP.4 * -2", "24"),
        ("CP.1.numerator * 100", "69100"),
        ("{2.2} * 2", "65.8"),
        ("0.1 + 0.2", "0.3"),
    ],
)
def test_expressions_compute_exactly(text, expected):
    assert value(text) == Decimal(expected)


def test_a_missing_figure_leaves_the_expression_without_a_value():
    assert value("CP.4.female + 5") is None
    assert value("CP.2.male.denominator") is None


def test_references_lists_every_figure_read():
    tree = parse("CP.2.female.denominator + CP.2.male.denominator - CP.1.numerator", CODES)
    assert references(tree) == {
        Ref("CP.2", "female", "denominator"),
        Ref("CP.2", "male", "denominator"),
        Ref("CP.1", "total", "numerator"),
    }
    assert str(Ref("2.2", "female", "numerator")) == "{2.2}.female.numerator"
    assert str(Ref("CP.1", part="denominator")) == "CP.1.denominator"


@pytest.mark.parametrize(
    ("left", "right", "lte", "lt", "eq", "gte", "gt"),
    [
        ("1", "2", True, True, False, False, False),
        ("2", "2", True, False, True, True, False),
        ("2.0", "2", True, False, True, True, False),
        ("3", "2", False, False, False, True, True),
    ],
)
def test_each_comparison(left, right, lte, lt, eq, gte, gt):
    a, b = Decimal(left), Decimal(right)
    assert [holds(a, op, b) for op in ("lte", "lt", "eq", "gte", "gt")] == [lte, lt, eq, gte, gt]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CP.9", (UNKNOWN_INDICATOR, {"code": "CP.9"})),
        ("CP.9.female", (UNKNOWN_INDICATOR, {"code": "CP.9"})),
        ("CP.9.male.numerator + 1", (UNKNOWN_INDICATOR, {"code": "CP.9"})),
        ("{9.9}", (UNKNOWN_INDICATOR, {"code": "9.9"})),
        ("3 + 9.9.female", (UNKNOWN_INDICATOR, {"code": "9.9"})),
        ("2.2.female", (CODE_STARTS_WITH_DIGIT, {"code": "2.2", "suffix": ".female"})),
        ("2.2", (NUMBER_IS_A_CODE, {"number": "2.2", "as_number": "2.20"})),
        ("1 + CP.4", (NUMBER_IS_A_CODE, {"number": "1", "as_number": "1.0"})),
        ("CP.4.bogus", (BAD_SUFFIX, {"suffix": ".bogus", "code": "CP.4"})),
        ("CP.3.numerator.female", (BAD_SUFFIX, {"suffix": ".numerator.female", "code": "CP.3"})),
        ("{2.2}female", (BAD_SUFFIX, {"suffix": "female", "code": "2.2"})),
        ("CP.4 <= CP.3", (UNEXPECTED_CHARACTER, {"char": "<", "position": 6})),
        ("CP.4 / 2", (UNEXPECTED_CHARACTER, {"char": "/", "position": 6})),
        ("__import__('os')", (UNKNOWN_INDICATOR, {"code": "__import__"})),
        ("CP.4 +", (UNEXPECTED_END, {})),
        ("(CP.4", (MISSING_BRACKET, {})),
        ("CP.4)", (UNEXPECTED_TOKEN, {"token": ")", "position": 5})),
        ("CP.4 CP.3", (UNEXPECTED_TOKEN, {"token": "CP.3", "position": 6})),
        ("* CP.4", (UNEXPECTED_TOKEN, {"token": "*", "position": 1})),
        ("()", (UNEXPECTED_TOKEN, {"token": ")", "position": 2})),
        ("{2.2", (UNCLOSED_BRACE, {"position": 1})),
        ("", (EMPTY_EXPRESSION, {})),
        ("   ", (EMPTY_EXPRESSION, {})),
        ("x" * (MAX_LENGTH + 1), (TOO_LONG, {"max": MAX_LENGTH})),
        ("(" * (MAX_DEPTH + 1) + "CP.4" + ")" * (MAX_DEPTH + 1), (TOO_DEEP, {})),
        ("-" * (MAX_DEPTH + 1) + "CP.4", (TOO_DEEP, {})),
    ],
)
def test_refusals_say_what_is_wrong(text, message):
    template, args = message
    with pytest.raises(ExpressionError) as refused:
        parse(text, CODES)
    assert refused.value.message == str(template % args if args else template)


def test_the_unknown_indicator_message_names_it():
    with pytest.raises(ExpressionError) as refused:
        parse("CP.3 + CP.7.female", CODES)
    assert refused.value.message == 'No indicator with the code "CP.7" in this phase.'
