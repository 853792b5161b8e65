"""A bounded reader of uploaded spreadsheets: .xlsx sheets or one CSV, as rows of cells.

Bounds every read so that a hostile or broken file costs little: the file's size, an
.xlsx's unpacked size and number of parts (a zip bomb unpacks to gigabytes), the sheets,
rows and columns read. openpyxl parses the XML through defusedxml (installed), which
refuses entity expansion.

A minimal stand-in: `core/uploads.py`, being written by another change, is to give every
upload one bounded reader; this module should then be replaced by it.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 2000
MAX_SHEETS = 300
MAX_ROWS = 1000  # per sheet
MAX_CSV_ROWS = 10_001  # a header and one figure a line, as many as one bulk call takes
MAX_COLUMNS = 40

FILE_TYPE_UNKNOWN = _('"%(name)s" is neither an Excel workbook (.xlsx) nor a CSV file.')
FILE_TYPE_OLD_EXCEL = _(
    "Old Excel files (.xls) cannot be read; open it in Excel and save it as .xlsx."
)
FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file has %(size)s KB; at most %(max)s KB can be uploaded at once.")
FILE_NOT_XLSX = _("The file cannot be read as an Excel workbook (.xlsx); is it damaged?")
FILE_TOO_BIG_UNPACKED = _(
    "The workbook unpacks to more than %(max)s MB; split it into smaller ones."
)
FILE_NOT_UTF8 = _("The CSV file is not in UTF-8; save it as “CSV UTF-8” and upload it again.")
FILE_NOT_CSV = _("The CSV file cannot be read: %(error)s.")
TOO_MANY_SHEETS = _("The workbook has more than %(max)s sheets; split it into smaller ones.")
TOO_MANY_ROWS = _("More than %(max)s rows in one sheet or file; split it into smaller files.")


class UploadUnreadable(Exception):
    """The file cannot be read at all; `message` says why and what to do."""

    def __init__(self, message) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass
class Sheet:
    """A sheet's name (None for a CSV file) and its rows, each with its 1-based number."""

    name: str | None
    rows: list[tuple[int, tuple]]


def read_sheets(name: str, content: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook, or the one table of a CSV file, bounded.

    Cells keep their types (numbers stay numbers, text stays text); CSV cells are text.
    Raises UploadUnreadable with a message for the user.
    """
    lowered = name.lower()
    if lowered.endswith(".xls"):
        raise UploadUnreadable(FILE_TYPE_OLD_EXCEL)
    if not lowered.endswith((".xlsx", ".csv")):
        raise UploadUnreadable(FILE_TYPE_UNKNOWN % {"name": name})
    if not content:
        raise UploadUnreadable(FILE_EMPTY)
    if len(content) > MAX_FILE_BYTES:
        size, most = -(-len(content) // 1024), MAX_FILE_BYTES // 1024
        raise UploadUnreadable(FILE_TOO_LARGE % {"size": size, "max": most})
    if lowered.endswith(".csv"):
        return [Sheet(None, list(_csv_rows(content)))]
    return _xlsx_sheets(content)


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadUnreadable(FILE_NOT_XLSX) from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        raise UploadUnreadable(FILE_TOO_BIG_UNPACKED % {"max": MAX_UNPACKED_BYTES // 2**20})


def _xlsx_sheets(content: bytes) -> list[Sheet]:
    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UploadUnreadable(FILE_NOT_XLSX) from None
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise UploadUnreadable(TOO_MANY_SHEETS % {"max": MAX_SHEETS})
        return [Sheet(sheet.title, list(_xlsx_rows(sheet))) for sheet in workbook.worksheets]
    except (KeyError, TypeError, ValueError, SyntaxError):
        # A damaged sheet (XML parse errors are SyntaxErrors) reads no further.
        raise UploadUnreadable(FILE_NOT_XLSX) from None
    finally:
        workbook.close()


def _xlsx_rows(sheet) -> Iterator[tuple[int, tuple]]:
    rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            if any(value not in (None, "") for value in values):
                raise UploadUnreadable(TOO_MANY_ROWS % {"max": MAX_ROWS})
            return
        yield number, tuple(values)


def _csv_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadUnreadable(FILE_NOT_UTF8) from None
    first_line = text.split("\n", 1)[0]
    # Excel in a Vietnamese locale writes ";" between cells, since "," is the decimal mark.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for values in reader:
            if line > MAX_CSV_ROWS:
                raise UploadUnreadable(TOO_MANY_ROWS % {"max": MAX_CSV_ROWS})
            yield line, tuple(values[:MAX_COLUMNS])
            line = reader.line_num + 1
    except csv.Error as error:
        raise UploadUnreadable(FILE_NOT_CSV % {"error": error}) from None
