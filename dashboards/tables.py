"""Dashboard tables described once and rendered three ways: as HTML on the page, as CSV
and as .xlsx (`?download=csv|xlsx&table=<id>` on the page's own URL, filters kept).

A `Table` holds, for every cell, the value itself (a Decimal, an int, a date or text:
what a spreadsheet should compute with) and the text the page shows ("32,9%"), and
optionally a link. The page renders it with `dashboards/_table.html`; `download`
answers the same table as a file, every text cell made safe by `core.spreadsheets`
(a name starting with "=" is never a formula). Numbers leave as numbers: a CSV writes
them machine-formatted (a dot for decimals, as the API), an .xlsx as numbers with the
column's decimals as their display format.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import csv_cell, xlsx_row

CSV, XLSX = "csv", "xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    label: str
    numeric: bool = False
    decimals: int = 0  # the .xlsx display format of a numeric column


@dataclass
class Cell:
    value: object  # what the files carry
    text: str = ""  # what the page shows (the value itself when empty)
    href: str = ""
    header: bool = False  # a row's heading (<th scope="row">)
    decimals: int | None = None  # the .xlsx display format, where not the column's

    def __post_init__(self) -> None:
        if isinstance(self.value, Promise):  # a lazy translation: its text, now
            self.value = str(self.value)
        if not self.text:
            self.text = "–" if self.value in (None, "") else str(self.value)


@dataclass
class Row:
    cells: list[Cell]
    key: str = ""  # the row's `data-<table.key>` attribute on the page


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    footer: list[Cell] | None = None
    key: str = ""  # the name of the rows' data attribute ("kind": data-kind="…")

    def add(self, *cells: Cell, key: str = "") -> None:
        self.rows.append(Row(list(cells), key))

    def lines(self) -> list[list[Cell]]:
        """Every row's cells, the footer's last: what the files carry."""
        return [row.cells for row in self.rows] + ([self.footer] if self.footer else [])

    def values(self) -> list[list[object]]:
        return [[cell.value for cell in cells] for cells in self.lines()]


def _plain(value: object) -> object:
    """A value as a CSV writes it: numbers machine-formatted, dates ISO."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def as_csv(table: Table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(column.label) for column in table.columns])
    for values in table.values():
        writer.writerow([csv_cell(_plain(value)) for value in values])
    # The byte-order mark makes Excel read the file as UTF-8 (Vietnamese names).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_name(table)}.csv"'
    return response


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def as_xlsx(table: Table) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31] or table.id[:31]
    for cell in xlsx_row(sheet, 1, [column.label for column in table.columns]):
        cell.font = Font(bold=True)
    for index, cells in enumerate(table.lines(), start=2):
        written_row = xlsx_row(sheet, index, [cell.value for cell in cells])
        for column, cell, written in zip(table.columns, cells, written_row, strict=True):
            if column.numeric and isinstance(written.value, int | float | Decimal):
                decimals = column.decimals if cell.decimals is None else cell.decimals
                written.number_format = _number_format(decimals)
            elif isinstance(written.value, datetime.date):
                written.number_format = "DD/MM/YYYY"
    for letter, column in zip(
        (sheet.cell(row=1, column=i).column_letter for i in range(1, len(table.columns) + 1)),
        table.columns,
        strict=True,
    ):
        sheet.column_dimensions[letter].width = 14 if column.numeric else 40
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_name(table)}.xlsx"'
    return response


def _name(table: Table) -> str:
    return slugify(table.id) or "table"


def download(request: HttpRequest, tables: list[Table]) -> HttpResponse | None:
    """The file `?download=csv|xlsx&table=<id>` asks for, or None for the page itself.
    An unknown table or format is a 404, not the page."""
    kind = request.GET.get("download")
    if kind is None:
        return None
    table = next((t for t in tables if t.id == request.GET.get("table")), None)
    if table is None or kind not in (CSV, XLSX):
        raise Http404("No such table or format.")
    return as_csv(table) if kind == CSV else as_xlsx(table)


def download_query(request: HttpRequest, table_id: str, kind: str) -> str:
    """The page's query with the download of one table: filters kept."""
    query = request.GET.copy()
    query["download"] = kind
    query["table"] = table_id
    return query.urlencode()
