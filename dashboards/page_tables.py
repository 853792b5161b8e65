"""The aggregate tables of the dashboard pages as `dashboards.tables.Table`s, so that each
can be downloaded as .xlsx and CSV with the numbers the page shows.

Values carry the indicator's `decimals` (a rate shown "22,5%" leaves as 22.5), so the
file and the page agree; counts and money are whole numbers.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dashboards.charts import AwardFormRow, CareModelRow, shown_decimals, shown_value
from dashboards.selectors import IndicatorDetail, PhaseReview
from dashboards.tables import Cell, Column, Table
from indicators.formatting import format_change, format_value
from indicators.models import Indicator, Unit


def _count(value) -> Cell:
    value = Decimal(0) if value is None else Decimal(str(value))
    return Cell(int(value), format_value(value, Unit.COUNT))


def _rounded(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    if value is None:
        return None
    places = shown_decimals(indicator)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _value(value: Decimal | None, indicator: Indicator) -> Cell:
    """The value rounded as the page shows it, and the page's text."""
    return Cell(
        _rounded(value, indicator),
        shown_value(value, indicator),
        decimals=shown_decimals(indicator),
    )


def _column(label: str, indicator: Indicator | None = None) -> Column:
    return Column(label, numeric=True, decimals=shown_decimals(indicator) if indicator else 0)


def care_model_kinds_table(rows: list[CareModelRow], totals: dict | None) -> Table:
    table = Table(
        id="care-models-table",
        title=_("Children reached and funding by kind of model"),
        key="kind",
        columns=[
            Column(_("Kind of model")),
            _column(_("Models running")),
            _column(_("Girls")),
            _column(_("Boys")),
            _column(_("Children reached")),
            _column(_("State budget (VND)")),
            _column(_("Mobilised (VND)")),
        ],
    )
    fields = ("models_running", "female", "male", "total", "state_budget", "mobilised")
    for row in rows:
        table.add(
            Cell(row.label, header=True),
            *(_count(getattr(row, name)) for name in fields),
            key=row.kind,
        )
    if totals:
        table.footer = [Cell(_("Total"), header=True), *(_count(totals[name]) for name in fields)]
    return table


def recipient_kinds_table(by_kind: list[tuple[str, Decimal]], stats: dict) -> Table:
    table = Table(
        id="recipients-table",
        title=_("Recipients by kind and sex"),
        columns=[Column(_("Recipients")), _column(_("Number"))],
    )
    for label, n in by_kind:
        table.add(Cell(label, header=True), _count(n))
    table.add(Cell(_("Individuals: women"), header=True), _count(stats["individuals_female"]))
    table.add(Cell(_("Individuals: men"), header=True), _count(stats["individuals_male"]))
    share = stats["female_share_percent"]
    table.add(
        Cell(_("Women's share of individuals (%)"), header=True),
        Cell(share, format_value(share, Unit.PERCENT, decimals=1)),
    )
    table.add(Cell(_("Total bonus (VND)"), header=True), _count(stats["total_bonus_vnd"]))
    return table


def award_forms_table(rows: list[AwardFormRow]) -> Table:
    table = Table(
        id="forms-table",
        key="form",
        title=_("By form of award"),
        columns=[Column(_("Form of award")), _column(_("Decisions")), _column(_("Recipients"))],
    )
    for row in rows:
        table.add(
            Cell(row.name, header=True),
            _count(row.decisions),
            _count(row.recipients),
            key=row.code,
        )
    return table


def indicator_series_table(indicator: Indicator, detail: IndicatorDetail, area_name: str) -> Table:
    columns = [Column(_("Year")), _column(_("Actual"), indicator), _column(_("Target"), indicator)]
    if detail.has_sex:
        columns += [_column(_("Female"), indicator), _column(_("Male"), indicator)]
    table = Table(
        id="series-table",
        title=_("Figures for %(area)s") % {"area": area_name},
        columns=columns,
    )
    for row in detail.years:
        cells = [
            Cell(row.year, str(row.year), header=True),
            _value(row.actual, indicator),
            _value(row.target, indicator),
        ]
        if detail.has_sex:
            cells += [_value(row.female, indicator), _value(row.male, indicator)]
        table.add(*cells, key=str(row.year))
    return table


def indicator_areas_table(indicator: Indicator, detail: IndicatorDetail) -> Table:
    columns = [Column(_("Area")), Column(_("Code")), _column(_("Actual"), indicator)]
    if detail.has_sex:
        columns += [_column(_("Female"), indicator), _column(_("Male"), indicator)]
    table = Table(id="areas-table", title=_("Areas"), columns=columns)
    for row in detail.children:
        cells = [
            Cell(row.area.name, header=True),
            Cell(row.area.code),
            _value(row.total, indicator),
        ]
        if detail.has_sex:
            cells += [_value(row.female, indicator), _value(row.male, indicator)]
        table.add(*cells)
    return table


def phase_targets_table(review: PhaseReview) -> Table:
    """Every target of the phase review in one table: the page's per-objective tables."""
    table = Table(
        id="targets-table",
        title=_("Targets"),
        columns=[
            Column(_("Objective")),
            Column(_("Indicator")),
            Column(_("Name")),
            Column(_("Target")),
            Column(_("Target year")),
            Column(_("Actual"), numeric=True, decimals=2),
            Column(_("Status")),
            Column(_("Previous phase"), numeric=True, decimals=2),
            Column(_("Change")),
        ],
    )
    for objective in review.objectives:
        for line in objective.lines:
            indicator = line.indicator
            change = line.change
            table.add(
                Cell(objective.score.objective.number),
                Cell(indicator.code, header=True),
                Cell(indicator.name),
                Cell(line.target_text),
                Cell(line.target.year),
                _value(line.line.actual, indicator),
                Cell(line.status_label),
                _value(line.previous.value if line.previous else None, indicator),
                Cell(
                    format_change(change.headline_value, change.headline) if change else None,
                ),
            )
    return table


def phase_summary_table(review: PhaseReview) -> Table:
    """Targets by objective and status, with the total: the page's summary."""
    scorecard = review.scorecard
    statuses = [
        (_("achieved"), "achieved"),
        (_("not achieved"), "not_achieved"),
        (_("on track"), "on_track"),
        (_("off track"), "off_track"),
        (_("no data"), "no_data"),
    ]
    table = Table(
        id="summary-table",
        title=_("Targets by objective and status"),
        columns=[
            Column(_("Objective")),
            _column(_("Targets")),
            *(_column(label) for label, _name in statuses),
        ],
    )
    for score in scorecard.objectives:
        table.add(
            Cell(f"{score.objective.number}. {score.objective.title}", header=True),
            _count(score.targets_total),
            *(_count(getattr(score, name)) for _label, name in statuses),
        )
    table.footer = [
        Cell(_("Total"), header=True),
        _count(scorecard.targets_total),
        *(_count(getattr(scorecard, name)) for _label, name in statuses),
    ]
    return table
