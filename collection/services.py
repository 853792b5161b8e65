"""Every write of the collection app that carries a rule.

`figures_import` takes a filled entry form or a CSV through the same all-or-nothing
service as the bulk API (`indicators.services.measurements_save`), so a figure from a
file passes exactly the rules of one typed in the grid. `validation_rule_save` and
`assignment_save` check a rule's expressions and an assignment's indicator and years.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from collection.entry_form import WHOLE_UNITS
from collection.imports import LIMITS, Entry, Problem, read_entries
from collection.models import FigureImport, ReportingAssignment, ValidationRule
from core.batches import BatchInvalid
from core.number_input import WHOLE_ONLY, NumberInputError, parse_number
from core.uploads import UploadRefused, read_sheets
from indicators.models import Indicator, Measurement
from indicators.serializers import BULK_MAX_ROWS
from indicators.services import FigureInput, measurements_save, ratio_value
from programmes.area_keys import AreaKeys
from programmes.models import Area, Phase

FOUR_PLACES = Decimal("0.0001")
IMPORT_PERMISSIONS = (
    "collection.add_figureimport",
    "indicators.add_measurement",
    "indicators.change_measurement",
)

AT_SHEET_ROW = _('Sheet "%(sheet)s", row %(row)s: %(message)s')
AT_SHEET = _('Sheet "%(sheet)s": %(message)s')
AT_ROW = _("Row %(row)s: %(message)s")
NOT_ALLOWED = _("You are not allowed to import figures.")
NO_SUCH_PHASE = _("No phase with the id %(id)s.")
NO_SUCH_INDICATOR = _('No indicator with the code "%(code)s" in the phase %(phase)s.')
NO_SUCH_AREA = _('No area with the code "%(code)s".')
TOO_MANY_FIGURES = _("The file gives %(count)s figures; at most %(max)s can be imported at once.")
NO_FIGURES = _("The file gives no figure: every input cell is blank.")
CELL_IS_DATE = _(
    "Excel read this cell as a date; format the cell as a number and type the figure again."
)
CELL_NOT_A_NUMBER = _('"%(text)s" is not a number.')


class ImportRefused(Exception):
    """The file is refused whole; `problems` lists every reason, by sheet and row."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class PlannedFigure:
    """What the import does to one figure: create it, change it or leave it."""

    sheet: str | None
    row: int
    indicator: Indicator
    area: Area
    period: str
    sex: str
    action: str  # "create", "change" or "unchanged"
    current: Measurement | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class ImportOutcome:
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    planned: list[PlannedFigure] = field(default_factory=list)
    record: FigureImport | None = None


def located(problem: Problem) -> Problem:
    """The problem with its sheet and row named at the head of its message."""
    if problem.sheet is not None and problem.row is not None:
        text = AT_SHEET_ROW % {
            "sheet": problem.sheet,
            "row": problem.row,
            "message": problem.message,
        }
    elif problem.sheet is not None:
        text = AT_SHEET % {"sheet": problem.sheet, "message": problem.message}
    elif problem.row is not None:
        text = AT_ROW % {"row": problem.row, "message": problem.message}
    else:
        return problem
    return Problem(problem.sheet, problem.row, problem.field, str(text))


def cell_number(value: object, *, whole: bool) -> Decimal:
    """A cell as a number: typed numbers as they are, text by rule 11 (`parse_number`)."""
    if isinstance(value, bool):
        raise NumberInputError(str(CELL_NOT_A_NUMBER % {"text": value}))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise NumberInputError(str(CELL_IS_DATE))
    if isinstance(value, str):
        number = parse_number(value, whole=whole)
    elif isinstance(value, int | float | Decimal):
        try:
            number = Decimal(repr(value) if isinstance(value, float) else value)
        except InvalidOperation:
            raise NumberInputError(str(CELL_NOT_A_NUMBER % {"text": value})) from None
        if not number.is_finite():
            raise NumberInputError(str(CELL_NOT_A_NUMBER % {"text": value}))
        if whole and number != number.to_integral_value():
            text = f"{number:f}".replace(".", ",")
            raise NumberInputError(str(WHOLE_ONLY % {"text": text}))
    else:
        raise NumberInputError(str(CELL_NOT_A_NUMBER % {"text": value}))
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class _Resolved:
    figures: list[FigureInput] = field(default_factory=list)
    places: list[Entry] = field(default_factory=list)
    planned: list[PlannedFigure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _resolve(entries: list[Entry]) -> _Resolved:
    """Entries as the service's figures, blanks kept from the figures entered (4 queries)."""
    resolved = _Resolved()
    phases = Phase.objects.in_bulk({e.phase for e in entries})
    indicators = {
        (i.phase_id, i.code): i
        for i in Indicator.objects.filter(
            phase_id__in=phases.keys(), code__in={e.indicator_code for e in entries}
        ).select_related("phase")
    }
    areas = AreaKeys(e.area_code for e in entries)
    keys = {}
    for entry in entries:
        problem = None
        indicator = indicators.get((entry.phase, entry.indicator_code))
        area, area_refusal = areas.resolve(entry.area_code, entry.period)
        if entry.phase not in phases:
            problem = ("phase", NO_SUCH_PHASE % {"id": entry.phase})
        elif indicator is None:
            problem = (
                "indicator_code",
                NO_SUCH_INDICATOR
                % {"code": entry.indicator_code, "phase": phases[entry.phase].name},
            )
        elif area is None:
            problem = ("area", area_refusal or NO_SUCH_AREA % {"code": entry.area_code})
        if problem is not None:
            resolved.problems.append(Problem(entry.sheet, entry.row, problem[0], str(problem[1])))
            continue
        keys[id(entry)] = (indicator, area)
    existing = {}
    if keys:
        found = Measurement.objects.filter(
            indicator_id__in={i.pk for i, _a in keys.values()},
            area_id__in={a.pk for _i, a in keys.values()},
            period__in={e.period for e in entries},
        )
        existing = {(m.indicator_id, m.area_id, m.period, m.sex): m for m in found}
    for entry in entries:
        if id(entry) in keys:
            indicator, area = keys[id(entry)]
            current = existing.get((indicator.pk, area.pk, entry.period, entry.sex))
            _add_figure(resolved, entry, indicator, area, current)
    return resolved


def _add_figure(resolved: _Resolved, entry: Entry, indicator, area, current) -> None:
    given = {}
    for part, raw in entry.cells.items():
        whole = part == "value" and indicator.unit in WHOLE_UNITS
        try:
            given[part] = cell_number(raw, whole=whole)
        except NumberInputError as error:
            field_name = f"{entry.sex}.{part}"
            resolved.problems.append(Problem(entry.sheet, entry.row, field_name, error.message))
    if len(given) < len(entry.cells):
        return
    numerator = given.get("numerator", current.numerator if current else None)
    denominator = given.get("denominator", current.denominator if current else None)
    ratio_changed = ("numerator" in given or "denominator" in given) and (
        current is None or (numerator, denominator) != (current.numerator, current.denominator)
    )
    if "value" in given:
        value = given["value"]
        # A rate's old value left in its cell beside a new ratio: the ratio decides.
        if indicator.is_rate and ratio_changed and current is not None and value == current.value:
            value = None
    else:
        value = None if ratio_changed or current is None else current.value
    figure = FigureInput(
        indicator=indicator,
        area=area,
        period=entry.period,
        sex=entry.sex,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )
    resolved.figures.append(figure)
    resolved.places.append(entry)
    resolved.planned.append(
        PlannedFigure(
            entry.sheet,
            entry.row,
            indicator,
            area,
            entry.period,
            entry.sex,
            _action(indicator, current, value, numerator, denominator),
            current,
            value,
            numerator,
            denominator,
        )
    )


def _action(indicator, current, value, numerator, denominator) -> str:
    if current is None:
        return "create"
    if value is None and numerator is not None and denominator and indicator.is_rate:
        value = ratio_value(numerator, denominator, indicator.scale)
    same = (value, numerator, denominator) == (
        current.value,
        current.numerator,
        current.denominator,
    )
    return "unchanged" if same else "change"


def _batch_problems(invalid: BatchInvalid, places: list[Entry]) -> list[Problem]:
    problems = []
    for index, messages in sorted(invalid.row_errors.items()):
        entry = places[index]
        for name, items in messages.items():
            field_name = (
                f"{entry.sex}.{name}" if name in ("value", "numerator", "denominator") else name
            )
            problems += [Problem(entry.sheet, entry.row, field_name, str(m)) for m in items]
    return problems


def figures_import(
    *, name: str, content: bytes, user: AbstractBaseUser, dry_run: bool = False
) -> ImportOutcome:
    """Create or update the figures a filled entry form or CSV gives, all or nothing.

    Blank cells leave figures as they are. Every problem, of the file or of a figure, is
    reported with its sheet and row (ImportRefused) and nothing is written; with
    `dry_run` the checks run and the counts come back, and nothing is written either.
    An approved figure the file would change raises FigureLocked (409), as in `bulk/`.
    """
    if not user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied(NOT_ALLOWED)
    try:
        sheets = read_sheets(name, content, LIMITS)
    except UploadRefused as error:
        problem = Problem(None, error.line, "file", error.message)
        raise ImportRefused([problem]) from None
    read = read_entries(sheets)
    problems = list(read.problems)
    if len(read.entries) > BULK_MAX_ROWS:
        message = TOO_MANY_FIGURES % {"count": len(read.entries), "max": BULK_MAX_ROWS}
        raise ImportRefused([Problem(None, None, "file", str(message))])
    if not read.entries and not problems:
        raise ImportRefused([Problem(None, None, "file", str(NO_FIGURES))])
    resolved = _resolve(read.entries)
    problems += resolved.problems
    result = None
    if resolved.figures:
        try:
            result = measurements_save(
                figures=resolved.figures, user=user, dry_run=dry_run or bool(problems)
            )
        except BatchInvalid as invalid:
            problems += _batch_problems(invalid, resolved.places)
    if problems:
        unique = list(dict.fromkeys((p.sheet, p.row, p.field, p.message) for p in problems))
        raise ImportRefused([located(Problem(*p)) for p in unique])
    outcome = ImportOutcome(
        result.created, result.updated, result.unchanged, dry_run, resolved.planned
    )
    if not dry_run:
        outcome.record = FigureImport.objects.create(
            user=user,
            file_name=name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return outcome


@transaction.atomic
def validation_rule_save(*, rule: ValidationRule) -> ValidationRule:
    """Create or update a rule after reading both its sides against the phase's codes."""
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def assignment_save(*, assignment: ReportingAssignment) -> ReportingAssignment:
    """Create or update an indicator's assignment to a calendar, its years checked."""
    assignment.full_clean()
    assignment.save()
    return assignment
