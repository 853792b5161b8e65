"""The small expression language of validation rules: parsed by hand, never `eval`-ed.

An expression is made of indicator references, numbers, `+ - *` and brackets:

    CP.4                      the indicator's total figure (its value)
    CP.4.female, CP.4.male    the figure for women, for men
    CP.1.numerator            the total figure's numerator (or .denominator)
    CP.2.female.denominator   the female figure's denominator
    {2.2}, {2.2}.female       a code that starts with a digit, or holds other signs
    100, 2.5                  numbers, written with a dot (a rule is not a form)

A bare number that is also an indicator code of the phase ("2.2") is refused rather
than guessed: write {2.2} for the indicator, 2.20 for the number. An unknown indicator
is refused with its code. `parse` returns a tree, `evaluate` computes it from a lookup
of figures (None when any figure is missing: the rule is then not judged).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 500
MAX_DEPTH = 30
SEXES = ("female", "male")
PARTS = ("numerator", "denominator")

UNKNOWN_INDICATOR = _('No indicator with the code "%(code)s" in this phase.')
UNEXPECTED_CHARACTER = _('Unexpected "%(char)s" at position %(position)s.')
UNEXPECTED_END = _("The expression ends too early: a number, an indicator or a bracket is missing.")
UNEXPECTED_TOKEN = _('Unexpected "%(token)s" at position %(position)s.')
MISSING_BRACKET = _('A closing bracket ")" is missing.')
EMPTY_EXPRESSION = _("Write an expression, e.g. CP.4 or CP.3.female + CP.3.male.")
TOO_LONG = _("An expression has at most %(max)s characters.")
TOO_DEEP = _("Too many brackets inside one another.")
CODE_STARTS_WITH_DIGIT = _(
    "Put an indicator code that starts with a digit in braces: {%(code)s}%(suffix)s."
)
NUMBER_IS_A_CODE = _(
    '"%(number)s" is both a number and an indicator code. Write {%(number)s} for the '
    "indicator, or %(as_number)s for the number."
)
BAD_SUFFIX = _(
    '"%(suffix)s" is not a part of a figure. Use .female or .male, then .numerator or '
    ".denominator, e.g. {%(code)s}.female.numerator."
)
UNCLOSED_BRACE = _('A closing brace "}" is missing after position %(position)s.')


class ExpressionError(ValueError):
    """An expression that cannot be read; `message` says what to write instead."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Ref:
    """A figure of one indicator: its total or one sex, its value or one side of its ratio."""

    code: str
    sex: str = "total"
    part: str = "value"

    def __str__(self) -> str:
        text = self.code if self.code[:1].isalpha() else f"{{{self.code}}}"
        if self.sex != "total":
            text += f".{self.sex}"
        if self.part != "value":
            text += f".{self.part}"
        return text


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class BinOp:
    operator: str  # "+", "-" or "*"
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Negate:
    operand: "Node"


Node = Ref | Number | BinOp | Negate


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "ref", "op", "(" or ")"
    text: str
    position: int  # 1-based, as people count
    value: object = None


def _is_code_char(char: str) -> bool:
    return char.isalnum() or char in "._"


def _tokens(text: str, codes: Collection[str]) -> list[_Token]:
    tokens = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "+-*()":
            kind = "op" if char in "+-*" else char
            tokens.append(_Token(kind, char, i + 1))
            i += 1
        elif char.isdigit():
            i = _number(text, i, codes, tokens)
        elif char.isalpha() or char == "_":
            start = i
            while i < len(text) and _is_code_char(text[i]):
                i += 1
            word = text[start:i]
            tokens.append(_Token("ref", word, start + 1, _bare_ref(word, codes)))
        elif char == "{":
            i = _braced(text, i, codes, tokens)
        else:
            message = UNEXPECTED_CHARACTER % {"char": char, "position": i + 1}
            raise ExpressionError(str(message))
    return tokens


def _number(text: str, i: int, codes: Collection[str], tokens: list[_Token]) -> int:
    start = i
    while i < len(text) and text[i].isascii() and text[i].isdigit():
        i += 1
    if i + 1 < len(text) and text[i] == "." and text[i + 1].isdigit():
        i += 1
        while i < len(text) and text[i].isascii() and text[i].isdigit():
            i += 1
    number = text[start:i]
    if i < len(text) and _is_code_char(text[i]):
        # "2.2.female", "1a": a code that starts with a digit, written without braces.
        end = i
        while end < len(text) and _is_code_char(text[end]):
            end += 1
        word = text[start:end]
        code, suffix = _split_suffixes(word, codes)
        if suffix is None:
            raise ExpressionError(str(UNKNOWN_INDICATOR % {"code": code}))
        raise ExpressionError(str(CODE_STARTS_WITH_DIGIT % {"code": code, "suffix": suffix}))
    if number in codes:
        as_number = f"{number}0" if "." in number else f"{number}.0"
        raise ExpressionError(str(NUMBER_IS_A_CODE % {"number": number, "as_number": as_number}))
    tokens.append(_Token("number", number, start + 1, Number(Decimal(number))))
    return i


def _braced(text: str, i: int, codes: Collection[str], tokens: list[_Token]) -> int:
    close = text.find("}", i + 1)
    if close < 0:
        raise ExpressionError(str(UNCLOSED_BRACE % {"position": i + 1}))
    code = text[i + 1 : close].strip()
    end = close + 1
    while end < len(text) and _is_code_char(text[end]):
        end += 1
    suffix = text[close + 1 : end]
    if code not in codes:
        raise ExpressionError(str(UNKNOWN_INDICATOR % {"code": code}))
    sex, part = _read_suffix(suffix, code)
    tokens.append(_Token("ref", text[i:end], i + 1, Ref(code, sex, part)))
    return end


def _read_suffix(suffix: str, code: str) -> tuple[str, str]:
    """ ".female.numerator" → ("female", "numerator"); "" → ("total", "value")."""
    words = suffix.split(".")[1:] if suffix.startswith(".") else ([suffix] if suffix else [])
    sex, part = "total", "value"
    rest = list(words)
    if rest and rest[0] in SEXES:
        sex = rest.pop(0)
    if rest and rest[0] in PARTS:
        part = rest.pop(0)
    if rest or (suffix and not suffix.startswith(".")):
        raise ExpressionError(str(BAD_SUFFIX % {"suffix": suffix, "code": code}))
    return sex, part


def _split_suffixes(word: str, codes: Collection[str]) -> tuple[str, str | None]:
    """The code in `word` and the suffix after it ("CP.2.female" → "CP.2", ".female").

    Tries the longest known code first; when none is known, strips the parts a suffix
    may name so that the message names the code the writer meant.
    """
    if word in codes:
        return word, ""
    pieces = word.split(".")
    for cut in range(len(pieces) - 1, 0, -1):
        code = ".".join(pieces[:cut])
        if code in codes:
            return code, "." + ".".join(pieces[cut:])
    while len(pieces) > 1 and pieces[-1] in (*SEXES, *PARTS):
        pieces.pop()
    return ".".join(pieces), None


def _bare_ref(word: str, codes: Collection[str]) -> Ref:
    code, suffix = _split_suffixes(word, codes)
    if suffix is None:
        raise ExpressionError(str(UNKNOWN_INDICATOR % {"code": code}))
    sex, part = _read_suffix(suffix, code)
    return Ref(code, sex, part)


class _Parser:
    """Recursive descent over the tokens: expr := term (("+"|"-") term)*;
    term := unary ("*" unary)*; unary := "-" unary | primary;
    primary := number | ref | "(" expr ")"."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ExpressionError(str(UNEXPECTED_END))
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.expr()
        token = self.peek()
        if token is not None:
            message = UNEXPECTED_TOKEN % {"token": token.text, "position": token.position}
            raise ExpressionError(str(message))
        return node

    def expr(self) -> Node:
        node = self.term()
        while (token := self.peek()) is not None and token.text in "+-" and token.kind == "op":
            self.at += 1
            node = BinOp(token.text, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "*":
            self.at += 1
            node = BinOp("*", node, self.unary())
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text == "-":
            self.at += 1
            return Negate(self.nested(self.unary))
        return self.primary()

    def nested(self, rule: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(str(TOO_DEEP))
        try:
            return rule()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        token = self.take()
        if token.kind in ("number", "ref"):
            return token.value
        if token.kind == "(":
            node = self.nested(self.expr)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise ExpressionError(str(MISSING_BRACKET))
            self.at += 1
            return node
        message = UNEXPECTED_TOKEN % {"token": token.text, "position": token.position}
        raise ExpressionError(str(message))


def parse(text: str, codes: Collection[str]) -> Node:
    """The tree of `text`, whose indicators must be among `codes`; ExpressionError if not."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(str(TOO_LONG % {"max": MAX_LENGTH}))
    tokens = _tokens(text, codes)
    if not tokens:
        raise ExpressionError(str(EMPTY_EXPRESSION))
    return _Parser(tokens).parse()


def references(node: Node) -> set[Ref]:
    """Every figure the expression reads."""
    if isinstance(node, Ref):
        return {node}
    if isinstance(node, BinOp):
        return references(node.left) | references(node.right)
    if isinstance(node, Negate):
        return references(node.operand)
    return set()


def evaluate(node: Node, lookup: Callable[[Ref], Decimal | None]) -> Decimal | None:
    """The expression's value from `lookup`; None when a figure it reads is missing."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        return lookup(node)
    if isinstance(node, Negate):
        value = evaluate(node.operand, lookup)
        return None if value is None else -value
    left = evaluate(node.left, lookup)
    right = evaluate(node.right, lookup)
    if left is None or right is None:
        return None
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    return left * right


COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: a == b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
}


def holds(left: Decimal, operator: str, right: Decimal) -> bool:
    """Whether `left operator right` is true (operator: lte lt eq gte gt)."""
    return COMPARISONS[operator](left, right)
