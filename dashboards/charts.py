"""Chart data for the dashboard pages, and the rows of the tables that repeat it.

A chart is a plain dict that the page embeds as a JSON data block (`json_script`) and
`static/dashboards/dashboards.js` draws with Chart.js. Every number in a chart is also
in a table on the same page, for printing and for screen readers.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from awards.models import AwardForm, RecipientKind
from care.choices import CareModelKind
from dashboards.selectors import IndicatorDetail
from indicators.formatting import format_value
from indicators.models import Direction, Indicator, Target, Unit
from indicators.rules import Change, expected_on_line


def _number(value) -> float | None:
    """A number for the chart script (JSON has no decimals); tables keep the Decimal."""
    return None if value is None else float(value)


def _decimal(value) -> Decimal:
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def dataset(label: str, kind: str, values) -> dict:
    return {"label": str(label), "kind": kind, "data": [_number(v) for v in values]}


def shown_decimals(indicator: Indicator) -> int:
    """The decimals every figure of `indicator` is shown with on the dashboards: its own
    `decimals`, else none for counts and money and one for rates, shares and ratios (a
    statistical table writes "90,0%" beside "4,4%")."""
    if indicator.decimals is not None:
        return indicator.decimals
    return 0 if indicator.unit in (Unit.COUNT, Unit.VND) else 1


def shown_value(value: Decimal | None, indicator: Indicator) -> str:
    """`format_value` with the indicator's label and `shown_decimals`."""
    return format_value(
        value, indicator.unit, label=indicator.unit_label, decimals=shown_decimals(indicator)
    )


NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def _nice_step(raw: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at least `raw`: ticks a reader can add up."""
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    return next(step for step in NICE_STEPS if step * magnitude >= raw) * magnitude


def value_range(values, *, unit: str = "", ticks: int = 5) -> dict[str, float] | None:
    """A y axis for a line chart that separates the series: from a round number below the
    lowest value to one above the highest, a tenth of the spread as margin (never below 0
    for values that are not negative, never above 100 for shares). None without values.

    84–93% gives 82–94 (the lines of girls, boys and all apart), not 0–100 where they
    merge; bars keep starting at zero (`care_model_chart`, `award_chart`)."""
    numbers = [Decimal(str(v)) for v in values if v is not None]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    margin = (high - low) / 10 if high > low else max(abs(high) / 10, Decimal(1))
    step = _nice_step((high - low + 2 * margin) / ticks)
    bottom = ((low - margin) / step).to_integral_value(ROUND_FLOOR) * step
    top = ((high + margin) / step).to_integral_value(ROUND_CEILING) * step
    if low >= 0:
        bottom = max(bottom, Decimal(0))
    if unit == Unit.PERCENT and high <= 100:
        top = min(top, Decimal(100))
    return {"min": float(bottom), "max": float(top)}


def trajectory(target: Target | None, years: list[int]) -> list[Decimal | None]:
    """The straight line from the baseline to the target that the on-track rule judges
    against (rule 2), at each of `years` between the two; None elsewhere or without a
    baseline."""
    if target is None or target.baseline_year is None or target.baseline_value is None:
        return [None] * len(years)
    return [
        expected_on_line(target, year) if target.baseline_year <= year <= target.year else None
        for year in years
    ]


def indicator_chart(
    indicator: Indicator, detail: IndicatorDetail, target: Target | None = None
) -> dict:
    """Actual and target by year; female and male too where there are figures by sex; the
    line from the baseline to `target` (the phase-end target) where it has a baseline,
    starting from the baseline's year; a y range that separates the lines."""
    rows = {row.year: row for row in detail.years}
    years = sorted(rows)
    if target is not None and target.baseline_year is not None and target.baseline_year < years[0]:
        years = list(range(target.baseline_year, years[0])) + years
    empty = type(detail.years[0])(year=0, actual=None, target=None, female=None, male=None)

    def column(name: str) -> list:
        return [getattr(rows.get(year, empty), name) for year in years]

    datasets = [dataset(_("Actual"), "actual", column("actual"))]
    if any(value is not None for value in column("target")):
        datasets.append(dataset(_("Target"), "target", column("target")))
    line = trajectory(target, years)
    if any(value is not None for value in line):
        datasets.append(dataset(_("Path from baseline to target"), "trajectory", line))
    if detail.has_sex:
        datasets += [
            dataset(_("Female"), "female", column("female")),
            dataset(_("Male"), "male", column("male")),
        ]
    return {
        "type": "line",
        "labels": [str(year) for year in years],
        "datasets": datasets,
        "unit": str(indicator.get_unit_display()),
        "y": value_range([v for d in datasets for v in d["data"]], unit=indicator.unit),
    }


BETTER, WORSE, SAME = "better", "worse", "same"


def change_verdict(change: Change | None, indicator: Indicator) -> str | None:
    """Whether a change is good news for the indicator's direction: up is better for an
    indicator to increase, down for one to decrease (maternal deaths)."""
    if change is None or change.absolute is None:
        return None
    if change.absolute == 0:
        return SAME
    rising = change.absolute > 0
    return BETTER if rising == (indicator.direction == Direction.INCREASE) else WORSE


@dataclass
class CareModelRow:
    kind: str
    label: str
    models_running: Decimal
    female: Decimal
    male: Decimal
    total: Decimal
    state_budget: Decimal
    mobilised: Decimal


def care_model_rows(summary: dict) -> list[CareModelRow]:
    """The summary's kinds (DESIGN.md §6 care-models/summary) as table rows."""
    return [
        CareModelRow(
            kind=item["kind"],
            label=str(CareModelKind(item["kind"]).label),
            models_running=_decimal(item.get("models_running")),
            female=_decimal(item.get("beneficiaries_female")),
            male=_decimal(item.get("beneficiaries_male")),
            total=_decimal(item.get("beneficiaries_total")),
            state_budget=_decimal(item.get("state_budget_vnd")),
            mobilised=_decimal(item.get("mobilised_vnd")),
        )
        for item in summary.get("kinds", [])
    ]


def care_model_totals(rows: list[CareModelRow]) -> dict[str, Decimal] | None:
    if not rows:
        return None
    fields = ["models_running", "female", "male", "total", "state_budget", "mobilised"]
    return {name: sum((getattr(row, name) for row in rows), Decimal(0)) for name in fields}


def care_model_chart(rows: list[CareModelRow]) -> dict:
    """Children reached by each kind of model, girls and boys stacked."""
    return {
        "type": "bar",
        "stacked": True,
        "labels": [row.label for row in rows],
        "datasets": [
            dataset(_("Girls"), "female", [row.female for row in rows]),
            dataset(_("Boys"), "male", [row.male for row in rows]),
        ],
        "unit": _("children"),
        "y": {"min": 0},
    }


@dataclass
class AwardFormRow:
    code: str
    name: str
    decisions: Decimal
    recipients: Decimal


def award_form_rows(stats: dict) -> list[AwardFormRow]:
    """The statistics' `by_form` with each form's name in the language in use."""
    items = stats.get("by_form", [])
    codes = [str(item["form"]) for item in items]
    names = {form.code: form.name for form in AwardForm.objects.filter(code__in=codes)}
    return [
        AwardFormRow(
            code=str(item["form"]),
            name=names.get(str(item["form"]), str(item["form"])),
            decisions=_decimal(item.get("decisions")),
            recipients=_decimal(item.get("recipients")),
        )
        for item in items
    ]


def recipient_kind_rows(stats: dict) -> list[tuple[str, Decimal]]:
    counts = stats.get("by_recipient_kind") or {}
    return [(str(kind.label), _decimal(counts.get(kind.value))) for kind in RecipientKind]


def award_chart(rows: list[AwardFormRow]) -> dict:
    """Decisions and recipients by form of award."""
    return {
        "type": "bar",
        "stacked": False,
        "labels": [row.name for row in rows],
        "datasets": [
            dataset(_("Decisions"), "decisions", [row.decisions for row in rows]),
            dataset(_("Recipients"), "recipients", [row.recipients for row in rows]),
        ],
        "unit": "",
        "y": {"min": 0},
    }
