"""The indicator page's reads: actual against target by year, by sex and by child area.

Part of the dashboards' selectors (`dashboards.selectors` re-exports it); the rules stay
in `indicators.selectors`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.tree import subtree_q
from indicators.actuals import Actuals
from indicators.models import Indicator, Measurement, MeasurementStatus, Sex
from indicators.rules import Actual
from indicators.selectors import Progress, indicator_progress
from programmes.models import Area
from programmes.succession import Lineage


def actuals_by_sex(
    *, indicator: Indicator, root: Area, years: Iterable[int], approved_only: bool = False
) -> tuple[dict[str, Actuals], Lineage]:
    """Actuals of `indicator` for total, female and male in `root`'s tree and the units
    it took over (rule 8; two queries), and those units (`programmes.succession`);
    `approved_only`: approved figures only."""
    years = set(years)
    lineage = Lineage.around(root, fields=("code", "name", "level"))
    figures: dict[str, dict] = {sex: defaultdict(dict) for sex in Sex.values}
    figures_read = Measurement.objects.filter(subtree_q("area__path", lineage.tops())).filter(
        indicator=indicator, year__in=years
    )
    if approved_only:
        figures_read = figures_read.filter(status=MeasurementStatus.APPROVED)
    rows = figures_read.values_list(
        "sex", "area_id", "year", "period", "value", "numerator", "denominator"
    )
    for sex, area_id, year, period, value, numerator, denominator in rows:
        figures[sex][(indicator.pk, area_id, year)][period] = Actual(value, numerator, denominator)
    actuals = {
        # Rules 1 and 8 over one sex's figures: the engine's own roll-up, fed these rows.
        sex: Actuals.from_rows(
            indicator=indicator,
            root=root,
            years=years,
            children=lineage.children,
            figures=figures[sex],
            lineage=lineage,
        )
        for sex in Sex.values
    }
    return actuals, lineage


def _value(actual: Actual | None) -> Decimal | None:
    return actual.value if actual is not None else None


@dataclass
class YearRow:
    year: int
    actual: Decimal | None
    target: Decimal | None
    female: Decimal | None
    male: Decimal | None


@dataclass
class ChildRow:
    area: Area
    total: Decimal | None
    female: Decimal | None
    male: Decimal | None
    rolled_up_from: int  # 0: the area's own figure; n: added up from n areas below it


@dataclass
class IndicatorDetail:
    progress: Progress
    years: list[YearRow]
    has_sex: bool
    year: int
    children: list[ChildRow]

    @property
    def latest(self) -> YearRow | None:
        with_actual = [row for row in self.years if row.actual is not None]
        return with_actual[-1] if with_actual else None


def indicator_detail(
    *,
    indicator: Indicator,
    area: Area | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> IndicatorDetail:
    """Actual against target for every year of the phase, female and male where they
    exist, the change on the previous phase, and every child area's figure for `year`
    (default: the latest year with an actual)."""
    phase = indicator.phase
    area = area or phase.programme.area
    progress = indicator_progress(indicator=indicator, area=area, approved_only=approved_only)
    years = list(range(phase.start_year, phase.end_year + 1))
    by_sex, lineage = actuals_by_sex(
        indicator=indicator, root=area, years=years, approved_only=approved_only
    )
    rows = []
    for point, y in zip(progress.series, years, strict=True):
        rows.append(
            YearRow(
                year=y,
                actual=point.actual,
                target=point.target,
                female=_value(by_sex[Sex.FEMALE].get(indicator, area, y)),
                male=_value(by_sex[Sex.MALE].get(indicator, area, y)),
            )
        )
    has_sex = any(row.female is not None or row.male is not None for row in rows)
    if year is None:
        with_actual = [row.year for row in rows if row.actual is not None]
        year = with_actual[-1] if with_actual else phase.end_year
    child_rows = []
    # The children that count for the year (rule 8): valid on its last day.
    for child in sorted(lineage.counted_children(area, year), key=lambda a: a.code):
        total = by_sex[Sex.TOTAL].get(indicator, child, year)
        child_rows.append(
            ChildRow(
                area=child,
                total=_value(total),
                female=_value(by_sex[Sex.FEMALE].get(indicator, child, year)),
                male=_value(by_sex[Sex.MALE].get(indicator, child, year)),
                rolled_up_from=total.child_areas if total is not None else 0,
            )
        )
    return IndicatorDetail(
        progress=progress, years=rows, has_sex=has_sex, year=year, children=child_rows
    )
