"""Validation rules judged on one area's figures for one period (DESIGN.md §4 rule 10)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from collection.expressions import Node, evaluate, holds, parse, references
from collection.figures import FigureTable
from collection.models import RuleOperator, ValidationRule
from collection.quality.outliers import plain
from programmes.models import Area

RULE_BROKEN = _(
    "%(rule)s: %(left)s %(operator)s %(right)s does not hold for %(area)s, %(period)s "
    "(%(left_value)s against %(right_value)s)."
)


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    area: Area
    period: str
    left: Decimal
    right: Decimal
    message: str


@dataclass(frozen=True)
class ParsedRule:
    rule: ValidationRule
    left: Node
    right: Node

    @property
    def codes(self) -> set[str]:
        return {ref.code for ref in references(self.left) | references(self.right)}


def parsed_rules(rules: Iterable[ValidationRule], codes: set[str]) -> list[ParsedRule]:
    """The rules whose sides still parse (an indicator renamed since is skipped)."""
    parsed = []
    for rule in rules:
        try:
            parsed.append(ParsedRule(rule, parse(rule.left, codes), parse(rule.right, codes)))
        except ValueError:
            continue
    return parsed


def judge(rule: ParsedRule, table: FigureTable, area: Area, period: str) -> Violation | None:
    """The rule's violation at `area` and `period`, or None (holds, or cannot be judged).

    Judged only where the area entered a figure the rule reads: a district whose
    figures are all its communes' is judged at the communes.
    """
    indicators = [table.indicators[code] for code in rule.codes]
    if not any(table.has_own(indicator, area, period) for indicator in indicators):
        return None
    left = evaluate(rule.left, lambda ref: table.get(ref, area, period))
    right = evaluate(rule.right, lambda ref: table.get(ref, area, period))
    if left is None or right is None or holds(left, rule.rule.operator, right):
        return None
    message = RULE_BROKEN % {
        "rule": rule.rule.name,
        "left": rule.rule.left,
        "operator": RuleOperator(rule.rule.operator).label,
        "right": rule.rule.right,
        "area": area.name,
        "period": period,
        "left_value": plain(left),
        "right_value": plain(right),
    }
    return Violation(rule.rule, area, period, left, right, str(message))
