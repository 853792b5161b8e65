"""Cells for the spreadsheets the app writes (CSV and .xlsx), safe to open in Excel.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by a spreadsheet that opens a CSV: a note or a name such as
`=HYPERLINK("http://…?"&A1)` would send the neighbouring cells away when a leader clicks
it (OWASP's "CSV injection"). Every export writes its cells through this module: in a
CSV such text is prefixed with an apostrophe, which spreadsheets read as "this is text";
in an .xlsx it is stored as text with Excel's own quote prefix, so it shows exactly as
typed and is never a formula. Numbers stay numbers, and a number written as text
("-5", "-0.25", the API's decimals) is left as it is: a spreadsheet reads it as the
number it is. What users typed is stored as typed; only what leaves the app is made safe.
"""

import re
from decimal import Decimal

from openpyxl.cell.cell import Cell

# The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as text: a sign, digits, at most one decimal point. Such a cell is its value.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would run `text` as a formula (a plain number would not)."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def csv_cell(value) -> object:
    """A value as one CSV cell: None is empty, a list its items separated by spaces, text
    that would run as a formula prefixed with an apostrophe; numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(str(item) for item in value)
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def xlsx_text(cell: Cell, value: int | float | Decimal | str | None) -> Cell:
    """Put `value` in an .xlsx `cell`; text that would run as a formula stays text.

    openpyxl stores any string that starts with `=` as a formula; here such text (and
    text starting with any other formula character) is stored as a string with the quote
    prefix, so Excel shows it as typed and keeps it text when the cell is edited. Call it
    after setting the cell's style: a style copied onto the cell afterwards drops the
    prefix.
    """
    cell.value = value
    if isinstance(value, str) and runs_as_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet, row: int, values) -> list[Cell]:
    """Write `values` into `row` of `sheet` from the first column, each through `xlsx_text`."""
    return [
        xlsx_text(sheet.cell(row=row, column=column), value)
        for column, value in enumerate(values, start=1)
    ]
