"""The data-quality scan of an area tree, and the checks of figures being submitted.

Nothing here blocks a write. `data_quality` scans a phase's figures in an area tree for
a year (and its half-years); `violations_for` judges the figures someone is about to
submit or approve, so the workflow can show what they break and ask for a comment
(DESIGN.md §4 rule 10).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from collection.figures import FigureRow, FigureTable
from collection.models import ValidationRule
from collection.quality.outliers import Outlier, last_day, outliers_of
from collection.quality.rules import Violation, judge, parsed_rules
from indicators.models import Indicator, Measurement
from indicators.services.quality import APPROVAL_NEEDS_COMMENT
from programmes.models import Area, Phase
from programmes.succession import valid_on


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


def _rows(queryset) -> list[FigureRow]:
    return [FigureRow(*values) for values in queryset.values_list(*FigureRow.columns())]


def data_quality(*, phase: Phase, area: Area, year: int) -> Findings:
    """Rules broken and outliers among the phase's figures in `area`'s tree for `year`
    and its half-years (a fixed number of queries, whatever the size of the tree).

    The units that count for a period are those valid on its last day (DESIGN.md §4
    rules 1 and 8, as the roll-up reads them): a commune merged away in July is judged
    for the first half-year and not for the second or the year.
    """
    days = {period: last_day(period) for period in (str(year), f"{year}S1", f"{year}S2")}
    tree = list(
        Area.objects.in_tree_of(area)
        .valid_between(min(days.values()), max(days.values()))
        .order_by("path")
    )
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
        for period, day in days.items():
            if not valid_on(a, day):
                continue
            for rule in rules:
                violation = judge(rule, table, a, period)
                if violation is not None:
                    findings.violations.append(violation)
    judged = [
        row
        for row in figures
        if row.area_id in by_id and valid_on(by_id[row.area_id], days[row.period])
    ]
    findings.outliers = outliers_of(judged, by_id)
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
    findings.outliers = outliers_of(judged, tree)
    return findings
