"""Reading the recipient list attached to a decision from an Excel (.xlsx) or CSV file.

`read_recipient_list` is a pure function: a file's name and bytes in, the recipients it
lists (each with its line in the file) and what is wrong with the file out. It knows the
columns and the words people write in them ("Nữ", "Tập thể"); whether a recipient may
be commended is for `awards.services.commendations_import` to say.

Columns, in any order, headed in Vietnamese or in English (accents and case are
ignored, so "Gioi tinh" is read as "Giới tính"); a leading "STT" column is ignored:

| Vietnamese header        | English header  | required | values                              |
|--------------------------|-----------------|----------|-------------------------------------|
| Loại đối tượng           | Recipient kind  | yes      | Tập thể, Cá nhân, Hộ gia đình       |
| Tên tập thể / Họ và tên  | Name            | yes      | the unit's name or the person's     |
| Giới tính                | Sex             | for a person | Nữ, Nam                         |
| Chức vụ                  | Position        | no       |                                     |
| Đơn vị công tác          | Organisation    | no       |                                     |
| Mã địa bàn               | Area code       | no       | the code of a province, district or commune |
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from awards.models import RecipientKind, RecipientSex
from awards.services import ImportedRecipient
from core.spreadsheets import csv_cell, xlsx_row
from core.text import CSV_BYTE_ORDER_MARK, nfc, search_key
from core.uploads import FILE_NOT_XLSX as FILE_NOT_XLSX  # the file's messages, kept here too
from core.uploads import FILE_TOO_LARGE as FILE_TOO_LARGE
from core.uploads import Limits, Row, UploadRefused, read_table

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# What reading one file may cost (core.uploads): rows read count blank ones too, so a list
# of MAX_ROWS recipients may have a few thousand empty or formatted rows below it; a
# recipient list has six columns, cells far to the right are not read at all.
LIMITS = Limits(max_bytes=MAX_FILE_BYTES, max_rows=5 * MAX_ROWS, max_columns=30)


@dataclass(frozen=True)
class Column:
    field: str
    header_vi: str
    header_en: str
    required: bool = False
    example: str = ""


COLUMNS = (
    Column("recipient_kind", "Loại đối tượng", "Recipient kind", True, "Cá nhân"),
    Column("name", "Tên tập thể / Họ và tên", "Name", True, "Nguyễn Thị Lan"),
    Column("sex", "Giới tính", "Sex", False, "Nữ"),
    Column("position", "Chức vụ", "Position", False, "Chuyên viên"),
    Column(
        "organisation",
        "Đơn vị công tác",
        "Organisation",
        False,
        "Phòng Trẻ em, Sở Lao động – Thương binh và Xã hội",
    ),
    Column("area_code", "Mã địa bàn", "Area code", False, ""),
)
# Other ways people head the columns; compared accent- and case-free.
HEADER_ALIASES = {
    "recipient_kind": ["Loại", "Đối tượng", "Loại khen thưởng", "Kind"],
    "name": ["Tên", "Họ và tên", "Họ tên", "Tên tập thể", "Tên tập thể, cá nhân"],
    "sex": ["Giới", "Gender"],
    "position": ["Chức danh", "Chức vụ, chức danh"],
    "organisation": ["Đơn vị", "Cơ quan, đơn vị", "Organization", "Unit"],
    "area_code": ["Mã đơn vị hành chính", "Mã địa phương", "Area"],
}
IGNORED_HEADERS = {search_key(h) for h in ("STT", "TT", "Số thứ tự", "No", "No.", "#")}

HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _header in (_column.header_vi, _column.header_en, _column.field):
        HEADERS[search_key(_header)] = _column.field
    for _header in HEADER_ALIASES[_column.field]:
        HEADERS[search_key(_header)] = _column.field

KIND_WORDS = {
    **{search_key(w): RecipientKind.COLLECTIVE for w in ("Tập thể", "collective")},
    **{search_key(w): RecipientKind.INDIVIDUAL for w in ("Cá nhân", "individual")},
    **{search_key(w): RecipientKind.HOUSEHOLD for w in ("Hộ gia đình", "Hộ", "household")},
}
SEX_WORDS = {
    **{search_key(w): RecipientSex.FEMALE for w in ("Nữ", "female", "F")},
    **{search_key(w): RecipientSex.MALE for w in ("Nam", "male", "M")},
}

NO_HEADER = _("The file has no header row; download the template and fill it in.")
HEADER_UNKNOWN = _('The column "%(header)s" is not one this list uses; the columns are: %(known)s.')
HEADER_REPEATED = _('The column "%(header)s" appears twice.')
HEADER_MISSING = _('The column "%(header)s" is missing.')
NO_ROWS = _("The file has a header row but no recipients.")
TOO_MANY_ROWS = _("The file lists more than %(max)s recipients; split it into several files.")
CELL_IN_UNNAMED_COLUMN = _("This row has a value in a column without a header.")


@dataclass(frozen=True)
class FileError:
    """Something wrong with the file; `line` is None when it is about the whole file."""

    message: str
    line: int | None = None
    field: str | None = None


@dataclass
class RecipientList:
    rows: list[ImportedRecipient] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def known_headers() -> str:
    return ", ".join(f"{c.header_vi} ({c.header_en})" for c in COLUMNS)


def read_recipient_list(name: str, content: bytes) -> RecipientList:
    """The recipients a file lists, each with its line, and every problem found in it.

    Checks the type, size, header and row count (`core.uploads` reads the file within
    its bounds); a row's values are read as text, with the usual Vietnamese and English
    words for the recipient kind and sex turned into their codes. Nothing is looked up
    in the database.
    """
    result = RecipientList()
    try:
        rows = read_table(name, content, LIMITS)
    except UploadRefused as error:
        result.errors.append(FileError(error.message, error.line))
        return result
    _read_checked_rows(_text_lines(rows), result)
    return result


def _text_lines(rows: list[Row]) -> Iterator[tuple[int, list[str]]]:
    for line, values in rows:
        yield line, [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 101, not 101.0
    return nfc(str(value).strip())


def _read_checked_rows(lines: Iterator[tuple[int, list[str]]], result: RecipientList) -> None:
    header = None
    for line, values in lines:
        if any(values):
            header = (line, values)
            break
    if header is None:
        result.errors.append(FileError(str(NO_HEADER)))
        return
    fields = _header_fields(*header, result)
    if fields is None:
        return
    for line, values in lines:
        if not any(values):
            continue
        if len(result.rows) == MAX_ROWS:
            result.rows.clear()
            result.errors.append(FileError(str(TOO_MANY_ROWS % {"max": MAX_ROWS})))
            return
        cells: dict[str, str] = {}
        for position, value in enumerate(values):
            name = fields[position] if position < len(fields) else None
            if name:
                cells[name] = value
            elif value and name is None:
                result.errors.append(FileError(str(CELL_IN_UNNAMED_COLUMN), line))
        kind = cells.get("recipient_kind", "")
        sex = cells.get("sex", "")
        result.rows.append(
            ImportedRecipient(
                recipient_kind=KIND_WORDS.get(search_key(kind), kind),
                name=cells.get("name", ""),
                sex=SEX_WORDS.get(search_key(sex), sex),
                position=cells.get("position", ""),
                organisation=cells.get("organisation", ""),
                area_code=cells.get("area_code", ""),
                line=line,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(FileError(str(NO_ROWS)))


def _header_fields(line: int, values: list[str], result: RecipientList) -> list | None:
    """The field each column holds ("" for an ignored one, None past the last header)."""
    fields: list[str | None] = []
    seen: set[str] = set()
    errors: list[FileError] = []
    last = max(i for i, value in enumerate(values) if value)
    for value in values[: last + 1]:
        key = search_key(value)
        if not value or key in IGNORED_HEADERS:
            fields.append(None if not value else "")
            continue
        name = HEADERS.get(key)
        if name is None:
            message = HEADER_UNKNOWN % {"header": value, "known": known_headers()}
            errors.append(FileError(str(message), line))
        elif name in seen:
            errors.append(FileError(str(HEADER_REPEATED % {"header": value}), line))
        else:
            seen.add(name)
        fields.append(name)
    for column in COLUMNS:
        if column.required and column.field not in seen:
            errors.append(FileError(str(HEADER_MISSING % {"header": column.header_vi}), line))
    if errors:
        result.errors.extend(errors)
        return None
    return fields


def template_xlsx() -> bytes:
    """An Excel workbook with the headers, one example row and a sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sach"
    xlsx_row(sheet, 1, [column.header_vi for column in COLUMNS])
    xlsx_row(sheet, 2, [column.example for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (16, 32, 11, 20, 44, 13), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Huong dan")
    xlsx_row(guide, 1, ["Cột", "Column", "Bắt buộc", "Giá trị"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    values = {
        "recipient_kind": "Tập thể, Cá nhân hoặc Hộ gia đình",
        "name": "Tên tập thể, hộ gia đình hoặc họ và tên cá nhân",
        "sex": "Nữ hoặc Nam; chỉ ghi đối với cá nhân",
        "position": "Chức vụ của cá nhân",
        "organisation": "Cơ quan, đơn vị công tác",
        "area_code": "Mã đơn vị hành chính (tỉnh, huyện, xã), nếu có",
    }
    for column in COLUMNS:
        required = "Có" if column.required else ("Với cá nhân" if column.field == "sex" else "")
        xlsx_row(
            guide,
            guide.max_row + 1,
            [column.header_vi, column.header_en, required, values[column.field]],
        )
    for letter, width in zip("ABCD", (26, 16, 12, 50), strict=True):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same headers and example row as CSV in UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(column.header_vi) for column in COLUMNS])
    writer.writerow([csv_cell(column.example) for column in COLUMNS])
    return (CSV_BYTE_ORDER_MARK + buffer.getvalue()).encode("utf-8")
