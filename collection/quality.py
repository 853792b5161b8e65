"""Data quality: validation rules broken and figures that look unusual (DESIGN.md §4 rule 10).

Nothing here blocks a write. `data_quality` scans a phase's figures in an area tree for
a year (and its half-years); `violations_for` judges the figures someone is about to
submit or approve, so the workflow can show what they break and ask for a comment.

Outliers are judged by a robust range, median ± threshold × spread, where the spread is
the median absolute deviation scaled to a standard deviation (× 1.4826) or, when more
than half the values are equal and that is zero, the mean absolute deviation (× 1.2533);
a reference set with no spread at all, or fewer values than
`COLLECTION_OUTLIER_MIN_VALUES`, judges nothing. Two reference sets:

- its sibling areas (same parent) for the same indicator, period and sex, for rates
  only: a count compared with its neighbours' says more about their sizes than about
  its quality;
- its own past periods of the same kind (years with years, half-years with half-years).

And the plausible range an officer set for the indicator (`ValueBounds`), if any.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collection.expressions import Node, evaluate, holds, parse, references
from collection.figures import FOUR_PLACES, FigureRow, FigureTable
from collection.models import RuleOperator, ValidationRule, ValueBounds
from core.periods import period_bounds
from indicators.formatting import plain_decimal
from indicators.models import SUMMABLE_UNITS, Indicator, Measurement, Unit
from indicators.services.quality import APPROVAL_NEEDS_COMMENT
from programmes.models import Area, Phase

MAD_TO_SD = Decimal("1.4826")
MEAN_AD_TO_SD = Decimal("1.2533")


class Method:
    SIBLINGS = "siblings_mad"
    HISTORY = "history_mad"
    BOUNDS = "bounds"


RULE_BROKEN = _(
    "%(rule)s: %(left)s %(operator)s %(right)s does not hold for %(area)s, %(period)s "
    "(%(left_value)s against %(right_value)s)."
)
OUTSIDE_RANGE = {
    Method.SIBLINGS: _(
        "%(value)s lies outside %(low)s–%(high)s, the usual range of the neighbouring areas."
    ),
    Method.HISTORY: _("%(value)s lies outside %(low)s–%(high)s, the usual range of past periods."),
    Method.BOUNDS: _("%(value)s lies outside %(low)s–%(high)s, the plausible range set for it."),
}


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    area: Area
    period: str
    left: Decimal
    right: Decimal
    message: str


@dataclass(frozen=True)
class Outlier:
    measurement: int
    indicator_code: str
    area: Area
    period: str
    sex: str
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    method: str
    message: str


@dataclass
class Findings:
    violations: list[Violation] = field(default_factory=list)
    outliers: list[Outlier] = field(default_factory=list)

    @property
    def needs_comment(self) -> bool:
        """Approving figures that break a rule needs a comment (rule 10); outliers do not."""
        return bool(self.violations)

    def approval_refusal(self, comment: str) -> str | None:
        """The message refusing an approval without a comment, or None when it may go on."""
        if not self.needs_comment or comment.strip():
            return None
        names = list(dict.fromkeys(v.rule.name for v in self.violations))
        return str(APPROVAL_NEEDS_COMMENT % {"count": len(names), "rules": "; ".join(names)})


def _threshold() -> Decimal:
    return Decimal(str(getattr(settings, "COLLECTION_OUTLIER_THRESHOLD", "3.5")))


def _min_values() -> int:
    return int(getattr(settings, "COLLECTION_OUTLIER_MIN_VALUES", 4))


def robust_range(values: list[Decimal], threshold: Decimal) -> tuple[Decimal, Decimal] | None:
    """median ± threshold × robust spread of `values`; None when it cannot judge."""
    if len(values) < _min_values():
        return None
    middle = median(values)
    deviations = [abs(value - middle) for value in values]
    spread = median(deviations) * MAD_TO_SD
    if not spread:
        spread = sum(deviations, Decimal(0)) / len(deviations) * MEAN_AD_TO_SD
    if not spread:
        return None
    low = max(middle - threshold * spread, Decimal(0))
    return low.quantize(FOUR_PLACES), (middle + threshold * spread).quantize(FOUR_PLACES)


# --- validation rules -------------------------------------------------------------------


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
        "left_value": _plain(left),
        "right_value": _plain(right),
    }
    return Violation(rule.rule, area, period, left, right, str(message))


def _plain(number: Decimal) -> str:
    return f"{plain_decimal(number):f}"


# --- outliers ---------------------------------------------------------------------------


def _outlier(row: FigureRow, indicator: Indicator, area: Area, method: str, bounds) -> Outlier:
    low, high = bounds
    message = OUTSIDE_RANGE[method] % {
        "value": _plain(row.value),
        "low": "…" if low is None else _plain(low),
        "high": "…" if high is None else _plain(high),
    }
    return Outlier(
        row.id,
        indicator.code,
        area,
        row.period,
        row.sex,
        row.value,
        low,
        high,
        method,
        str(message),
    )


def find_outliers(
    judged: list[FigureRow],
    *,
    indicators: dict[int, Indicator],
    areas: dict[int, Area],
    siblings: Iterable[FigureRow],
    history: Iterable[FigureRow],
    bounds: dict[int, ValueBounds],
) -> list[Outlier]:
    """The figures of `judged` outside their siblings', their past's or their set range."""
    threshold = _threshold()
    by_parent: dict[tuple, list[tuple[int, Decimal]]] = defaultdict(list)
    for row in siblings:
        parent = areas[row.area_id].parent_id if row.area_id in areas else None
        by_parent[(row.indicator_id, parent, row.period, row.sex)].append((row.id, row.value))
    past: dict[tuple, list[tuple[str, Decimal]]] = defaultdict(list)
    for row in history:
        kind = len(row.period) == 4
        past[(row.indicator_id, row.area_id, row.sex, kind)].append((row.period, row.value))
    found = []
    for row in judged:
        indicator, area = indicators[row.indicator_id], areas[row.area_id]
        limits = bounds.get(row.indicator_id)
        if limits is not None and (
            (limits.minimum is not None and row.value < limits.minimum)
            or (limits.maximum is not None and row.value > limits.maximum)
        ):
            found.append(
                _outlier(row, indicator, area, Method.BOUNDS, (limits.minimum, limits.maximum))
            )
        if _compared_with_siblings(indicator) and area.parent_id is not None:
            key = (row.indicator_id, area.parent_id, row.period, row.sex)
            others = [value for pk, value in by_parent.get(key, ()) if pk != row.id]
            found += _if_outside(row, indicator, area, Method.SIBLINGS, others, threshold)
        key = (row.indicator_id, row.area_id, row.sex, len(row.period) == 4)
        earlier = [value for period, value in past.get(key, ()) if period < row.period]
        found += _if_outside(row, indicator, area, Method.HISTORY, earlier, threshold)
    return found


def _compared_with_siblings(indicator: Indicator) -> bool:
    return indicator.unit not in SUMMABLE_UNITS and indicator.unit != Unit.MILESTONE


def _if_outside(row, indicator, area, method, values, threshold) -> list[Outlier]:
    limits = robust_range(values, threshold)
    if limits is None or limits[0] <= row.value <= limits[1]:
        return []
    return [_outlier(row, indicator, area, method, limits)]


# --- reading what the checks need, in a fixed number of queries -------------------------


def _rows(queryset) -> list[FigureRow]:
    return [FigureRow(*values) for values in queryset.values_list(*FigureRow.columns())]


def _outliers_of(judged: list[FigureRow], areas: dict[int, Area]) -> list[Outlier]:
    """Outliers among `judged`, reading their siblings, past and bounds (four queries)."""
    if not judged:
        return []
    indicator_ids = {row.indicator_id for row in judged}
    indicators = Indicator.objects.in_bulk(indicator_ids)
    parents = {areas[row.area_id].parent_id for row in judged} - {None}
    rates = [pk for pk, indicator in indicators.items() if _compared_with_siblings(indicator)]
    siblings = []
    if parents and rates:
        siblings = _rows(
            Measurement.objects.filter(
                indicator_id__in=rates,
                area__parent_id__in=parents,
                period__in={row.period for row in judged},
            )
        )
        missing = {row.area_id for row in siblings} - areas.keys()
        areas = {**areas, **Area.objects.in_bulk(missing)} if missing else areas
    history = _rows(
        Measurement.objects.filter(
            indicator_id__in=indicator_ids,
            area_id__in={row.area_id for row in judged},
            year__lte=max(int(row.period[:4]) for row in judged),
        )
    )
    bounds = {b.indicator_id: b for b in ValueBounds.objects.filter(indicator_id__in=indicator_ids)}
    return find_outliers(
        judged,
        indicators=indicators,
        areas=areas,
        siblings=siblings,
        history=history,
        bounds=bounds,
    )


def data_quality(*, phase: Phase, area: Area, year: int) -> Findings:
    """Rules broken and outliers among the phase's figures in `area`'s tree for `year`
    and its half-years (a fixed number of queries, whatever the size of the tree)."""
    periods = [str(year), f"{year}S1", f"{year}S2"]
    tree = list(Area.objects.in_tree_of(area).valid_in_year(year).order_by("path"))
    by_id = {a.pk: a for a in tree}
    indicators = list(Indicator.objects.filter(phase=phase))
    codes = {indicator.code for indicator in indicators}
    rules = parsed_rules(ValidationRule.objects.filter(phase=phase).order_by("name"), codes)
    figures = _rows(
        Measurement.objects.filter(
            indicator__phase=phase, area__path__startswith=area.path, year=year
        ).order_by("indicator_id", "area__path", "period", "sex")
    )
    table = FigureTable(figures, tree, indicators)
    findings = Findings()
    for a in tree:
        for period in periods:
            start, end = period_bounds(period)
            if not a.is_valid_between(start, end):
                continue
            for rule in rules:
                violation = judge(rule, table, a, period)
                if violation is not None:
                    findings.violations.append(violation)
    findings.outliers = _outliers_of([r for r in figures if r.area_id in by_id], by_id)
    return findings


def violations_for(measurements: Iterable[Measurement]) -> Findings:
    """What the given figures break: the rules of their phase that read them, judged at
    their area and period, and the outliers among them (rule 10).

    For the workflow to show on submit and approve; `needs_comment` says whether
    approving them needs a comment. Nothing is blocked here. A fixed number of queries
    whatever the number of figures.
    """
    measurements = list(measurements)
    if not measurements:
        return Findings()
    ids = [m.pk for m in measurements]
    judged = _rows(Measurement.objects.filter(pk__in=ids).order_by("pk"))
    area_ids = {row.area_id for row in judged}
    roots = Area.objects.in_bulk(area_ids)
    subtree = Q()
    for root in roots.values():
        subtree |= Q(path__startswith=root.path)
    tree = {a.pk: a for a in Area.objects.filter(subtree)}
    indicator_ids = {row.indicator_id for row in judged}
    phase_ids = set(
        Indicator.objects.filter(pk__in=indicator_ids).values_list("phase_id", flat=True)
    )
    indicators = list(Indicator.objects.filter(phase_id__in=phase_ids))
    rules = list(ValidationRule.objects.filter(phase_id__in=phase_ids).order_by("name"))
    periods = set()
    for row in judged:
        periods.add(row.period)
        if len(row.period) == 4:
            periods.update({f"{row.period}S1", f"{row.period}S2"})
    figures = _rows(
        Measurement.objects.filter(
            indicator__phase_id__in=phase_ids, area_id__in=tree.keys(), period__in=periods
        )
    )
    by_pk = {indicator.pk: indicator for indicator in indicators}
    checks = {}  # phase id -> (its rules, parsed; the table of its figures)
    for phase_id in phase_ids:
        own = [i for i in indicators if i.phase_id == phase_id]
        checks[phase_id] = (
            parsed_rules([r for r in rules if r.phase_id == phase_id], {i.code for i in own}),
            FigureTable(figures, tree.values(), own),
        )
    findings = Findings()
    seen = set()
    for row in judged:
        indicator = by_pk[row.indicator_id]
        phase_rules, table = checks[indicator.phase_id]
        for rule in phase_rules:
            key = (rule.rule.pk, row.area_id, row.period)
            if indicator.code not in rule.codes or key in seen:
                continue
            seen.add(key)
            violation = judge(rule, table, tree[row.area_id], row.period)
            if violation is not None:
                findings.violations.append(violation)
    findings.outliers = _outliers_of(judged, tree)
    return findings
