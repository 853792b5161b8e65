"""The Excel entry form (biểu nhập số liệu) for an area and a period.

One sheet per reporting area under the area asked for (a commune: one sheet; a district
or province: one per reporting area below it), one row per indicator due from that
area in that period by the programme's calendar, input columns only for what the
sheet's indicators take (total / female / male; value, numerator, denominator for
rates), with the target and the last period's value beside them and the figures
already entered filled in. Everything but the input cells is locked (sheet protection
without a password: a guide, not a lock; the import checks every cell anyway), and
the input cells carry data validation. An instructions sheet comes first.

The workbook is always in Vietnamese: it is the province's reporting form, sent to
communes. A hidden row on every sheet names the form's phase, area and period, and a
hidden row above the header names each column, so the import reads what was sent
whatever is typed into the visible labels. The layout lives here; the import
(`collection.imports`) reads it back.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from collection.calendar import (
    Due,
    calendar_of,
    due_on,
    indicators_due,
    previous_period,
    reporting_areas,
)
from core.periods import period_year
from core.spreadsheets import xlsx_text
from indicators.formatting import format_value
from indicators.models import Indicator, Measurement, Sex, Target, Unit
from programmes.models import Area, Phase

FORM_VERSION = "1"
META_MARK = "form"  # column A of the hidden row that names phase, area and period
KEY_MARK = "indicator_code"  # column A of the hidden row that names the columns
META_ROW, KEY_ROW, HEADER_ROW, FIRST_ROW = 5, 6, 7, 8
FIXED_KEYS = ("indicator_code", "name", "unit", "target", "previous")
SEXES = (Sex.TOTAL, Sex.FEMALE, Sex.MALE)
RATE_PARTS = ("value", "numerator", "denominator")
WHOLE_UNITS = {Unit.COUNT, Unit.VND, Unit.MILESTONE}

LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
UNLOCKED = Protection(locked=False)


def parts_of(indicator: Indicator) -> tuple[str, ...]:
    """The parts a figure of the indicator is given by: a rate also by its ratio."""
    return RATE_PARTS if indicator.is_rate else ("value",)


def sexes_of(due: Due) -> tuple[str, ...]:
    return SEXES if due.by_sex else (Sex.TOTAL,)


@dataclass
class FormSheet:
    area: Area
    dues: list[Due]

    @property
    def columns(self) -> list[str]:
        """The input columns ("total.value", "female.numerator", ...) the rows need."""
        wanted = {
            f"{sex}.{part}"
            for due in self.dues
            for sex in sexes_of(due)
            for part in parts_of(due.indicator)
        }
        return [
            f"{sex}.{part}" for sex in SEXES for part in RATE_PARTS if f"{sex}.{part}" in wanted
        ]


@dataclass
class EntryForm:
    phase: Phase
    area: Area
    period: str
    due_on: datetime.date
    sheets: list[FormSheet] = field(default_factory=list)
    # (indicator id, area id, sex) -> the figure entered for the period
    existing: dict[tuple[int, int, str], Measurement] = field(default_factory=dict)
    # (indicator id, area id) -> the total figure's value in the period before
    previous: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    # (indicator id, area id) -> the target the area works to for the period's year
    targets: dict[tuple[int, int], Target] = field(default_factory=dict)


def entry_form(*, phase: Phase, area: Area, period: str) -> EntryForm:
    """What the form for `area` and `period` shows (nine queries at most)."""
    calendar = calendar_of(phase.programme)
    dues = indicators_due(phase=phase, period=period, calendar=calendar)
    form = EntryForm(phase=phase, area=area, period=period, due_on=due_on(calendar, period))
    levels = {due.level for due in dues}
    for reporting in reporting_areas(root=area, levels=levels, period=period):
        own = [due for due in dues if due.level == reporting.level]
        form.sheets.append(FormSheet(reporting, own))
    if not form.sheets:
        return form
    indicator_ids = {due.indicator.pk for due in dues}
    area_ids = {sheet.area.pk for sheet in form.sheets}
    for m in Measurement.objects.filter(
        indicator_id__in=indicator_ids, area_id__in=area_ids, period=period
    ):
        form.existing[(m.indicator_id, m.area_id, m.sex)] = m
    form.previous = {
        (indicator_id, area_id): value
        for indicator_id, area_id, value in Measurement.objects.filter(
            indicator_id__in=indicator_ids,
            area_id__in=area_ids,
            period=previous_period(period),
            sex=Sex.TOTAL,
        ).values_list("indicator_id", "area_id", "value")
    }
    form.targets = _targets(form, indicator_ids)
    return form


def _targets(form: EntryForm, indicator_ids: set[int]) -> dict[tuple[int, int], Target]:
    """Each sheet area's own target for the year, else its nearest ancestor's."""
    lineage = {
        sheet.area.pk: [int(pk) for pk in sheet.area.path.strip("/").split("/")][::-1]
        for sheet in form.sheets
    }
    candidates = {pk for ids in lineage.values() for pk in ids}
    found = {
        (t.indicator_id, t.area_id): t
        for t in Target.objects.filter(
            indicator_id__in=indicator_ids, area_id__in=candidates, year=period_year(form.period)
        ).select_related("area")
    }
    targets = {}
    for sheet in form.sheets:
        for due in sheet.dues:
            for ancestor in lineage[sheet.area.pk]:
                target = found.get((due.indicator.pk, ancestor))
                if target is not None:
                    targets[(due.indicator.pk, sheet.area.pk)] = target
                    break
    return targets


def period_label(period: str) -> str:
    year = period_year(period)
    if period.endswith("S1"):
        return _("First half of %(year)s") % {"year": year}
    if period.endswith("S2"):
        return _("Second half of %(year)s") % {"year": year}
    return _("Year %(year)s") % {"year": year}


def entry_form_xlsx(form: EntryForm) -> bytes:
    """The form as an .xlsx workbook, in Vietnamese."""
    with translation.override("vi"):
        workbook = Workbook()
        _instructions(workbook.active, form)
        for sheet in form.sheets:
            _form_sheet(workbook.create_sheet(sheet.area.code[:31]), form, sheet)
        if form.sheets:
            workbook.active = 1
        workbook.properties.creator = _("Programme tracker")
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, form: EntryForm) -> None:
    sheet.title = _("Instructions")
    lines = [
        _("Data entry form: %(programme)s, phase %(phase)s")
        % {"programme": form.phase.programme.name, "phase": form.phase.name},
        _("Period: %(period)s. Due on %(date)s.")
        % {"period": period_label(form.period), "date": f"{form.due_on:%d/%m/%Y}"},
        "",
        _("Each sheet is one area; each row is an indicator the area reports for this period."),
        _("Type only into the white cells. Grey cells do not apply to that indicator."),
        _("A blank cell leaves the figure as it is: nothing already entered is deleted."),
        _(
            "Counts (people, children, cases) are whole numbers. If you type a number as "
            "text, put a dot between thousands and a comma before decimals: 1.234 or 4,5."
        ),
        _(
            "For a rate, enter the numerator and the denominator (the rate is then "
            "computed), or only the rate when they are not known."
        ),
        _("Where women and men are reported, the total must equal women plus men."),
        _("An approved figure is locked; to change it, ask the provincial officer to reopen it."),
        _(
            "Upload the filled form in the administration (Data collection → Figure imports "
            "→ Add) or through the API (POST /api/v1/measurements/import/). The upload is all or "
            "nothing: if one row is wrong, no figure is saved and every error is listed by "
            "sheet and row; check first with a preview."
        ),
        _("Do not rename the sheets, and do not add or remove columns."),
    ]
    for number, text in enumerate(lines, start=1):
        cell = xlsx_text(sheet.cell(row=number, column=1), text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110


def _header_label(key: str) -> str:
    if key in FIXED_KEYS:
        return {
            "indicator_code": capfirst(_("code")),
            "name": _("Indicator"),
            "unit": _("Unit"),
            "target": _("Target"),
            "previous": _("Last period (%(period)s)"),
        }[key]
    sex, part = key.split(".")
    return f"{capfirst(_(sex))}: {_(part)}"


def _form_sheet(sheet, form: EntryForm, form_sheet: FormSheet) -> None:
    area = form_sheet.area
    xlsx_text(
        sheet["A1"],
        _("Data entry form: %(programme)s, phase %(phase)s")
        % {"programme": form.phase.programme.name, "phase": form.phase.name},
    )
    sheet["A1"].font = Font(bold=True, size=13)
    for row, (label, value) in enumerate(
        (
            (_("Area"), f"{area.name} ({area.code})"),
            (_("Period"), period_label(form.period)),
            (_("Due on"), f"{form.due_on:%d/%m/%Y}"),
        ),
        start=2,
    ):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        xlsx_text(sheet.cell(row=row, column=2), value)
    meta = (
        META_MARK,
        FORM_VERSION,
        "phase",
        form.phase.pk,
        "area",
        area.code,
        "period",
        form.period,
    )
    for column, value in enumerate(meta, start=1):
        xlsx_text(sheet.cell(row=META_ROW, column=column), value)
    sheet.row_dimensions[META_ROW].hidden = True

    keys = [*FIXED_KEYS, *form_sheet.columns]
    for column, key in enumerate(keys, start=1):
        sheet.cell(row=KEY_ROW, column=column, value=key)
        label = _header_label(key)
        if key == "previous":
            label = label % {"period": previous_period(form.period)}
        header = xlsx_text(sheet.cell(row=HEADER_ROW, column=column), label)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        width = {"indicator_code": 10, "name": 48, "unit": 12, "target": 24}.get(key, 13)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 32

    validations = _validations()
    for row, due in enumerate(form_sheet.dues, start=FIRST_ROW):
        _form_row(sheet, row, keys, due, form, area, validations)
    for validation in validations.values():
        if validation.sqref:
            sheet.add_data_validation(validation)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=len(FIXED_KEYS) + 1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # officers may widen a column
    sheet.protection.formatRows = False


def _form_row(sheet, row: int, keys: list[str], due: Due, form, area, validations) -> None:
    indicator = due.indicator
    target = form.targets.get((indicator.pk, area.pk))
    fixed = {
        "indicator_code": indicator.code,
        "name": indicator.name,
        "unit": indicator.get_unit_display(),
        "target": _target_text(target, area),
        "previous": form.previous.get((indicator.pk, area.pk)),
    }
    wanted = {f"{sex}.{part}" for sex in sexes_of(due) for part in parts_of(indicator)}
    for column, key in enumerate(keys, start=1):
        cell = sheet.cell(row=row, column=column)
        if key in fixed:
            xlsx_text(cell, fixed[key])
            cell.alignment = Alignment(wrap_text=key == "name", vertical="top")
            if key == "previous" and indicator.unit in WHOLE_UNITS:
                cell.number_format = "#,##0"
            continue
        if key not in wanted:
            cell.fill = LOCKED_FILL
            continue
        sex, part = key.split(".")
        figure = form.existing.get((indicator.pk, area.pk, sex))
        if figure is not None:
            cell.value = getattr(figure, part)
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED
        if part == "value" and indicator.unit in WHOLE_UNITS:
            cell.number_format = "#,##0"
        validations[_validation_kind(indicator, part)].add(cell)


def _target_text(target: Target | None, area: Area) -> str:
    if target is None:
        return ""
    text = f"{target.get_comparator_display()} {format_value(target.value, target.indicator.unit)}"
    if target.area_id != area.pk:
        return f"{text} ({target.area.name}, {target.year})"
    return f"{text} ({target.year})"


def _validation_kind(indicator: Indicator, part: str) -> str:
    if part != "value":
        return "positive"
    if indicator.unit == Unit.MILESTONE:
        return "milestone"
    if indicator.unit in WHOLE_UNITS:
        return "whole"
    if indicator.unit == Unit.PERCENT:
        return "percent"
    return "positive"


def _validations() -> dict[str, DataValidation]:
    def validation(kind: str, operator: str, message: str, *formulas: str) -> DataValidation:
        return DataValidation(
            type=kind,
            operator=operator,
            formula1=formulas[0],
            formula2=formulas[1] if len(formulas) > 1 else None,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not a valid figure"),
            error=message,
        )

    return {
        "whole": validation(
            "whole", "greaterThanOrEqual", _("Enter a whole number, 0 or more."), "0"
        ),
        "milestone": validation(
            "whole", "between", _("Enter 1 (reached) or 0 (not reached)."), "0", "1"
        ),
        "percent": validation(
            "decimal", "between", _("Enter a percentage from 0 to 100."), "0", "100"
        ),
        "positive": validation(
            "decimal", "greaterThanOrEqual", _("Enter a number, 0 or more."), "0"
        ),
    }
