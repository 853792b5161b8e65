"""Reading an entry form (.xlsx) or a CSV of figures back, before any rule looks at it.

`read_entries` is pure: a file's name and bytes in; out, one `Entry` per figure a row
gives (its sheet, row, phase, indicator code, area code, period, sex and the cells
typed, still raw) and the problems of the file's shape. Whether a number is written
correctly depends on the indicator's unit (a count takes whole numbers), so the cells
are read as numbers by `collection.services.figures_import`, which knows the unit.

An .xlsx is read sheet by sheet: a sheet with the form's hidden rows (see
`collection.entry_form`) gives figures, any other sheet (the instructions) is skipped.
A CSV has a header row naming its columns: phase, indicator_code, area, period, sex,
value, numerator, denominator (sex defaults to total); one figure a line.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from collection.entry_form import (
    FIRST_ROW,
    FIXED_KEYS,
    KEY_MARK,
    KEY_ROW,
    META_MARK,
    RATE_PARTS,
    SEXES,
)
from core.uploads import Limits, Sheet

# A district's or province's form has a sheet per reporting child; a CSV, one figure a line,
# as many as one bulk call takes. The rows bound is of all the sheets together.
MAX_FILE_BYTES = 5 * 1024 * 1024
LIMITS = Limits(
    max_bytes=MAX_FILE_BYTES,
    max_rows=20_000,
    max_columns=40,
    max_unpacked_bytes=60 * 1024 * 1024,
    max_seconds=10.0,
)

CSV_COLUMNS = ("phase", "indicator_code", "area", "period", "sex", *RATE_PARTS)
CSV_REQUIRED = ("phase", "indicator_code", "area", "period")

NO_FORM_SHEET = _(
    "No sheet of this workbook is an entry form; download the form again and fill it in."
)
FORM_META_MISSING = _('The form\'s hidden row is incomplete: "%(name)s" is missing.')
CSV_HEADER_MISSING = _("The CSV file needs the columns %(columns)s; missing: %(missing)s.")
CSV_NO_HEADER = _("The CSV file is empty: it needs a header row naming its columns.")
CODE_MISSING = _("The row has figures but no indicator code.")
SEX_UNKNOWN = _('Sex must be total, female or male; got "%(sex)s".')
PHASE_NOT_A_NUMBER = _('The phase is given by its number (id); got "%(phase)s".')


@dataclass
class Entry:
    """One figure as a row gives it: its place in the file and its raw cells."""

    sheet: str | None
    row: int
    phase: int
    indicator_code: str
    area_code: str
    period: str
    sex: str
    cells: dict[str, object]  # part ("value", ...) -> the cell as typed, blanks left out


@dataclass
class Problem:
    sheet: str | None
    row: int | None
    field: str
    message: str


@dataclass
class Entries:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 2020, not 2020.0
    return str(value).strip()


def read_entries(sheets: list[Sheet]) -> Entries:
    """Every figure the sheets give, and what is wrong with their shape."""
    result = Entries()
    if len(sheets) == 1 and sheets[0].name is None:
        _read_csv(sheets[0], result)
        return result
    forms = 0
    for sheet in sheets:
        meta = _meta(sheet)
        if meta is None:
            continue
        forms += 1
        _read_form_sheet(sheet, meta, result)
    if not forms:
        result.problems.append(Problem(None, None, "file", str(NO_FORM_SHEET)))
    return result


def _meta(sheet: Sheet) -> dict[str, str] | None:
    """The hidden row's phase, area and period, or None for a sheet that is not a form."""
    for _number, values in sheet.rows[:10]:
        if values and _text(values[0]) == META_MARK:
            pairs = [_text(v) for v in values[2:]]
            return dict(zip(pairs[::2], pairs[1::2], strict=False))
    return None


def _read_form_sheet(sheet: Sheet, meta: dict[str, str], result: Entries) -> None:
    for name in ("phase", "area", "period"):
        if not meta.get(name):
            message = FORM_META_MISSING % {"name": name}
            result.problems.append(Problem(sheet.name, None, name, str(message)))
            return
    if not meta["phase"].isdigit():
        message = PHASE_NOT_A_NUMBER % {"phase": meta["phase"]}
        result.problems.append(Problem(sheet.name, None, "phase", str(message)))
        return
    keys, first_row = None, None
    for number, values in sheet.rows:
        if keys is None:
            if values and _text(values[0]) == KEY_MARK:
                keys = [_text(value) for value in values]
                first_row = number + FIRST_ROW - KEY_ROW  # the visible header comes between
            continue
        if number < first_row:
            continue
        row = dict(zip(keys, values, strict=False))
        inputs = {key: value for key, value in row.items() if key not in FIXED_KEYS and key}
        if all(_blank(value) for value in inputs.values()):
            continue  # a row left blank leaves its figures as they are
        code = _text(row.get("indicator_code"))
        if not code:
            result.problems.append(Problem(sheet.name, number, "indicator_code", str(CODE_MISSING)))
            continue
        for sex in SEXES:
            cells = {
                part: inputs[f"{sex}.{part}"]
                for part in RATE_PARTS
                if not _blank(inputs.get(f"{sex}.{part}"))
            }
            if cells:
                result.entries.append(
                    Entry(
                        sheet.name,
                        number,
                        int(meta["phase"]),
                        code,
                        meta["area"],
                        meta["period"],
                        sex,
                        cells,
                    )
                )
    if keys is None:
        message = FORM_META_MISSING % {"name": KEY_MARK}
        result.problems.append(Problem(sheet.name, None, KEY_MARK, str(message)))


def _read_csv(sheet: Sheet, result: Entries) -> None:
    rows = iter(sheet.rows)
    header = next(((n, v) for n, v in rows if any(not _blank(x) for x in v)), None)
    if header is None:
        result.problems.append(Problem(None, None, "file", str(CSV_NO_HEADER)))
        return
    names = [_text(value).lower() for value in header[1]]
    missing = [name for name in CSV_REQUIRED if name not in names]
    if missing:
        message = CSV_HEADER_MISSING % {
            "columns": ", ".join(CSV_COLUMNS),
            "missing": ", ".join(missing),
        }
        result.problems.append(Problem(None, header[0], "file", str(message)))
        return
    for number, values in rows:
        row = {name: values[i] if i < len(values) else "" for i, name in enumerate(names)}
        cells = {part: row[part] for part in RATE_PARTS if not _blank(row.get(part))}
        if not cells:
            continue
        sex = _text(row.get("sex")) or "total"
        if sex not in SEXES:
            result.problems.append(Problem(None, number, "sex", str(SEX_UNKNOWN % {"sex": sex})))
            continue
        phase = _text(row["phase"])
        if not phase.isdigit():
            message = PHASE_NOT_A_NUMBER % {"phase": phase}
            result.problems.append(Problem(None, number, "phase", str(message)))
            continue
        entry = Entry(
            None,
            number,
            int(phase),
            _text(row["indicator_code"]),
            _text(row["area"]),
            _text(row["period"]),
            sex,
            cells,
        )
        result.entries.append(entry)
