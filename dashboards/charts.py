"""Chart data for the dashboard pages, and the rows of the tables that repeat it.

A chart is a plain dict that the page embeds as a JSON data block (`json_script`) and
`static/dashboards/dashboards.js` draws with Chart.js. Every number in a chart is also
in a table on the same page, for printing and for screen readers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.models import AwardForm, RecipientKind
from care.choices import CareModelKind
from dashboards.selectors import IndicatorDetail
from indicators.models import Indicator


def _number(value) -> float | None:
    """A number for the chart script (JSON has no decimals); tables keep the Decimal."""
    return None if value is None else float(value)


def _decimal(value) -> Decimal:
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def dataset(label: str, kind: str, values) -> dict:
    return {"label": str(label), "kind": kind, "data": [_number(v) for v in values]}


def indicator_chart(indicator: Indicator, detail: IndicatorDetail) -> dict:
    """Actual and target by year; female and male too where there are figures by sex."""
    rows = detail.years
    datasets = [
        dataset(_("Actual"), "actual", [row.actual for row in rows]),
        dataset(_("Target"), "target", [row.target for row in rows]),
    ]
    if detail.has_sex:
        datasets += [
            dataset(_("Female"), "female", [row.female for row in rows]),
            dataset(_("Male"), "male", [row.male for row in rows]),
        ]
    return {
        "type": "line",
        "labels": [str(row.year) for row in rows],
        "datasets": datasets,
        "unit": str(indicator.get_unit_display()),
    }


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
            dataset(_("Female"), "female", [row.female for row in rows]),
            dataset(_("Male"), "male", [row.male for row in rows]),
        ],
        "unit": _("children"),
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
    }
