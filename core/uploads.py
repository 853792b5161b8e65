"""Reading an uploaded table (.xlsx, first sheet, or UTF-8 CSV) with bounded work.

Every import from a spreadsheet goes through `read_table`: the file's name and bytes in,
its rows with their line numbers out, or `UploadRefused` with a message for the person
who uploaded it. What the rows mean is the caller's business. `read_sheets` is the same
for a workbook whose every sheet counts (one sheet per area), within the same limits:
the rows counted are those of all the sheets together.

An upload is untrusted input. Compressed XML unpacks a thousand-fold (a 44 KB workbook
of blank rows is 300,000 rows), and a parser's work follows the unpacked size, not the
upload's; so, whatever the file holds, `Limits` bounds:

- the bytes uploaded;
- the bytes the workbook unpacks to: every part openpyxl reads goes through
  `_BoundedArchive`, which refuses a part declared larger than what is left and counts
  what is read (zipfile never inflates a part past its declared size);
- the rows read, blank ones and the gaps between numbered rows included, and the
  columns kept of each (cells further right are parsed but dropped);
- the time: the clock is checked at every read of unpacked XML (at most 16 KB at a
  time, so every cell parsed is covered) and at every row.

XML declarations (a DTD, entities, external references) are refused: openpyxl parses the
sheets and the shared strings with defusedxml whenever it is installed (it is a
dependency; tests/test_uploads.py checks that it is in use), and its other parts with lxml
without entity resolution. A cell holding a control character such as NUL, which
PostgreSQL cannot store, is refused with its line.
"""

import csv
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import NamedTuple

from defusedxml import DefusedXmlException
from django.utils.translation import gettext_lazy as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException

from core.numbers import kilobytes

Cell = str | int | float | bool | Decimal | datetime | date | clock_time | timedelta | None


class Row(NamedTuple):
    line: int
    values: list[Cell]


class Sheet(NamedTuple):
    """A sheet's title (None for a CSV file) and its rows."""

    name: str | None
    rows: list[Row]


@dataclass(frozen=True)
class Limits:
    """How much one upload may cost. The defaults suit a list of a few thousand rows."""

    max_bytes: int = 2 * 1024 * 1024
    # Rows read, blank ones included: room for the caller's own row limit plus blank or
    # formatted rows below the data.
    max_rows: int = 5000
    max_columns: int = 30
    # Everything read from inside a workbook, all parts together (openpyxl reads a sheet
    # without a <dimension> twice). 5,000 rows of 30 formatted cells are about 6 MB.
    max_unpacked_bytes: int = 8 * 1024 * 1024
    # A list of a thousand rows reads in a fraction of a second; crafted XML parses at
    # 1 to 2 MB a second, so the clock, not the size, is what bounds the worst file.
    max_seconds: float = 3.0


class UploadRefused(Exception):
    """The file cannot be read; `message` says why, `line` where (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


FILE_TYPE_UNKNOWN = _(
    'Upload the list as an Excel workbook (.xlsx) or a CSV file (.csv); "%(name)s" is neither.'
)
FILE_TYPE_OLD_EXCEL = _(
    "Old Excel files (.xls) cannot be read; open the file in Excel and save it as .xlsx."
)
FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file is %(size)s KB; upload at most %(max)s KB, or split the list.")
FILE_NOT_XLSX = _(
    "The file could not be read as an Excel workbook; save it again as .xlsx "
    "or download the template."
)
FILE_NOT_UTF8 = _(
    'The CSV file is not in UTF-8; in Excel choose "CSV UTF-8" when saving, or upload .xlsx.'
)
FILE_NOT_CSV = _("The CSV file could not be read: %(error)s.")
XML_FORBIDDEN = _(
    "The workbook contains XML declarations (a DTD or entities) that are not accepted; "
    "open it in Excel and save it again as .xlsx."
)
UNPACKS_TOO_LARGE = _(
    "The workbook unpacks to more than %(max)s MB; copy only the list into a new "
    "workbook and upload that."
)
TOO_MANY_LINES = _(
    "The file has more than %(max)s rows, blank rows included; delete the empty rows "
    "below the list, or split it."
)
TOO_SLOW = _(
    "Reading the file took more than %(max)s seconds; copy only the list into a new "
    "workbook, or save it as CSV, and upload that."
)
CONTROL_CHARACTER = _(
    "This row holds a control character (such as NUL) that cannot be saved; "
    "retype the value and upload the file again."
)

# C0 controls and DEL, except tab, line feed and carriage return, which a cell may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_table(name: str, content: bytes, limits: Limits | None = None) -> list[Row]:
    """Every row of the file's first sheet (or of the CSV), each with its line number.

    Rows are returned as read, blank ones included; a workbook's cells keep their types
    (text, numbers, dates), a CSV's are text. Raises `UploadRefused` for a file of another
    type, too large, unreadable, over a limit, or holding a control character.
    """
    return _read(name, content, limits, every_sheet=False)[0].rows


def read_sheets(name: str, content: bytes, limits: Limits | None = None) -> list[Sheet]:
    """Every sheet of a workbook, in order, or the one table of a CSV file (named None).

    As `read_table`, but `limits.max_rows` bounds the rows of all the sheets together.
    """
    return _read(name, content, limits, every_sheet=True)


def _read(name: str, content: bytes, limits: Limits | None, *, every_sheet: bool) -> list[Sheet]:
    limits = limits or Limits()
    lowered = name.lower()
    if lowered.endswith(".xls"):
        raise UploadRefused(str(FILE_TYPE_OLD_EXCEL))
    if not lowered.endswith((".xlsx", ".csv")):
        raise UploadRefused(str(FILE_TYPE_UNKNOWN % {"name": name}))
    if not content:
        raise UploadRefused(str(FILE_EMPTY))
    if len(content) > limits.max_bytes:
        size = {"size": kilobytes(len(content)), "max": kilobytes(limits.max_bytes)}
        raise UploadRefused(str(FILE_TOO_LARGE % size))
    budget = _Budget(limits)
    if lowered.endswith(".xlsx"):
        sheets = _xlsx_sheets(content, budget, every_sheet)
    else:
        sheets = [Sheet(None, _csv_rows(content, budget))]
    for sheet in sheets:
        for row in sheet.rows:
            for value in row.values:
                if isinstance(value, str) and _CONTROL.search(value):
                    raise UploadRefused(str(CONTROL_CHARACTER), row.line)
    return sheets


class _Budget:
    """What is left of one upload's allowance of unpacked bytes, rows and time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.bytes_left = limits.max_unpacked_bytes
        self.deadline = time.monotonic() + limits.max_seconds

    def check_time(self) -> None:
        if time.monotonic() >= self.deadline:
            raise UploadRefused(str(TOO_SLOW % {"max": _number(self.limits.max_seconds)}))

    def check_size(self, size: int) -> None:
        if size > self.bytes_left:
            megabytes = _number(self.limits.max_unpacked_bytes / (1024 * 1024))
            raise UploadRefused(str(UNPACKS_TOO_LARGE % {"max": megabytes}))

    def spend(self, size: int) -> None:
        self.check_size(size)
        self.bytes_left -= size

    def check_rows(self, count: int) -> None:
        if count > self.limits.max_rows:
            raise UploadRefused(str(TOO_MANY_LINES % {"max": self.limits.max_rows}))
        self.check_time()


def _number(value: float) -> str:
    return f"{value:g}"


class _BoundedStream(io.RawIOBase):
    """A part of the workbook, read against the budget."""

    def __init__(self, inner: io.BufferedIOBase, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self._budget.check_time()
        data = self._inner.read(size)
        self._budget.spend(len(data))
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


class _BoundedArchive:
    """The workbook's zip archive as openpyxl uses it, every read counted."""

    def __init__(self, archive: zipfile.ZipFile, budget: _Budget) -> None:
        self._archive = archive
        self._budget = budget
        self.filename = archive.filename

    def namelist(self) -> list[str]:
        return self._archive.namelist()

    def open(self, name: str, mode: str = "r") -> _BoundedStream:
        self._budget.check_size(self._archive.getinfo(name).file_size)
        return _BoundedStream(self._archive.open(name, mode), self._budget)

    def read(self, name: str) -> bytes:
        with self.open(name) as part:
            return part.read()

    def close(self) -> None:
        self._archive.close()


# What a damaged workbook raises from zipfile, zlib, the XML parsers (their errors are
# SyntaxErrors or, from defusedxml, ValueErrors) and openpyxl's typed descriptors.
_DAMAGED = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    zlib.error,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted part
)


def _xlsx_sheets(content: bytes, budget: _Budget, every_sheet: bool) -> list[Sheet]:
    try:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.archive = _BoundedArchive(reader.archive, budget)
        reader.read()
    except _DAMAGED as error:
        raise _unreadable(error) from None
    workbook = reader.wb
    try:
        worksheets = workbook.worksheets if every_sheet else workbook.worksheets[:1]
        if not worksheets:
            raise IndexError("no sheet")
        counted = 0
        sheets = []
        for worksheet in worksheets:
            # max_row so that openpyxl stops parsing after the limit, and reads past a
            # <dimension> that claims fewer rows than the sheet holds.
            lines = worksheet.iter_rows(
                max_row=budget.limits.max_rows - counted + 1,
                max_col=budget.limits.max_columns,
                values_only=True,
            )
            rows = []
            for line, values in enumerate(lines, start=1):
                budget.check_rows(counted + line)
                rows.append(Row(line, list(values)))
            counted += len(rows)
            sheets.append(Sheet(worksheet.title, rows))
        return sheets
    except _DAMAGED as error:
        raise _unreadable(error) from None
    finally:
        workbook.close()


def _unreadable(error: BaseException) -> UploadRefused:
    """The refusal for an exception from openpyxl: forbidden XML said as such."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return UploadRefused(str(XML_FORBIDDEN))
        cause = cause.__cause__ or cause.__context__
    return UploadRefused(str(FILE_NOT_XLSX))


def _csv_rows(content: bytes, budget: _Budget) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(str(FILE_NOT_UTF8)) from None
    first_line = text.split("\n", 1)[0]
    # Excel in a Vietnamese locale writes ";" between cells, since "," is the decimal mark.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for count, values in enumerate(reader, start=1):
            budget.check_rows(count)
            rows.append(Row(start, list(values[: budget.limits.max_columns])))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UploadRefused(str(FILE_NOT_CSV % {"error": error})) from None
    return rows
