"""The review's appendices (Biểu 01–07) as one Excel workbook, rendered from a snapshot.

Each sheet is headed "Biểu 0n", its title and "(Kèm theo Báo cáo số … ngày … của …)",
keeps its column headings in view (frozen rows), prints on A4 landscape one page wide,
and holds numbers as numbers with grouping formats, so a Vietnamese Excel shows
1.234.567 and 32,9 and the figures stay usable for sums.
"""

import datetime
import io
import math
from copy import copy

from django.utils import translation
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import xlsx_text
from reports import wording
from reports.appendix_tables import TABLES, Emphasis
from reports.formats import long_date
from reports.snapshot import DOCUMENT_LANGUAGE

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"
HEADER_ROW = 5  # rows 1–4: "Biểu", the title, "Kèm theo…", the scope; then the headings
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDE_TEXT = 36  # the widest a text column grows before it wraps
HEADING_WIDTH = 14  # headings wrap past this, numbers' columns stay narrow
LINE_HEIGHT = 15.75  # points: one line of 12 pt text


HEADING_STYLE = "review-heading"
NUMBER_FORMATS = ("General", "#,##0", "#,##0.0", "#,##0.00")


def _add_styles(workbook: Workbook) -> dict:
    """The named styles every table cell takes (headings, and plain or bold cells in each
    number format), registered on `workbook`; returns each one's style array by name."""
    styles = [
        NamedStyle(
            HEADING_STYLE,
            font=Font(name=FONT, size=12, bold=True),
            alignment=CENTRE,
            border=BOX,
        )
    ]
    for weight in ("plain", "bold"):
        for shape in NUMBER_FORMATS:
            styles.append(
                NamedStyle(
                    f"review-{weight}-{shape}",
                    font=Font(name=FONT, size=12, bold=weight == "bold"),
                    alignment=WRAP,
                    border=BOX,
                    number_format=shape,
                )
            )
    for style in styles:
        workbook.add_named_style(style)
    return {style.name: style.as_tuple() for style in styles}


def render_xlsx(snapshot: dict) -> bytes:
    """The .xlsx file of the review's appendix tables.

    Written in openpyxl's write-only mode: each row goes to the file as it is appended,
    with no cell kept in memory; so everything a sheet lays out before its rows (column
    widths, row heights, frozen panes, merged headings) is set before the first row.
    """
    with translation.override(DOCUMENT_LANGUAGE):
        workbook = Workbook(write_only=True)
        styles = _add_styles(workbook)
        for number, build in enumerate(TABLES, start=1):
            title, header, rows = build(snapshot)
            _sheet(workbook, snapshot, number, title, header, rows, styles)
        workbook.properties.title = wording.subject(snapshot)
        workbook.properties.creator = snapshot["document"]["issuing_body"]
        built = datetime.datetime.fromisoformat(snapshot["built_at"]).replace(tzinfo=None)
        workbook.properties.created = workbook.properties.modified = built
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def attached_to(snapshot: dict) -> str:
    """ "(Kèm theo Báo cáo số 25/BC-SLĐTBXH ngày 05 tháng 01 năm 2021 của Sở …)"."""
    words = snapshot["document"]
    issued_on = datetime.date.fromisoformat(words["issued_on"]) if words["issued_on"] else None
    return pgettext(
        "review report", "(Attached to Report No. %(number)s of %(date)s by %(issuer)s)"
    ) % {
        "number": words["number"] or "…/BC-…",
        "date": long_date(issued_on),
        "issuer": words["issuing_body"],
    }


def _sheet(
    workbook, snapshot: dict, number: int, title: str, header: list, rows: list, styles: dict
) -> None:
    name = pgettext("review report", "Appendix %(number)s") % {"number": f"{number:02d}"}
    sheet = workbook.create_sheet(name)
    _lay_out(sheet, header, rows)
    lines = [
        (name, True, False),
        (title.upper(), True, False),
        (attached_to(snapshot), False, True),
        (_scope(snapshot), False, True),
    ]
    for row, (text, bold, italic) in enumerate(lines, start=1):
        cell = WriteOnlyCell(sheet)
        cell.font = Font(name=FONT, size=13 if row <= 2 else 12, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="left" if row == 1 else "center", wrap_text=True)
        sheet.append([xlsx_text(cell, text)])
        if row > 1:
            sheet.merged_cells.add(
                CellRange(min_row=row, min_col=1, max_row=row, max_col=len(header))
            )
    sheet.append([_cell(sheet, styles[HEADING_STYLE], text) for text in header])
    for values in rows:
        weight = "bold" if isinstance(values, Emphasis) else "plain"
        sheet.append(
            [
                _cell(
                    sheet,
                    styles[f"review-{weight}-{_number_format(value)}"],
                    _plain(value),
                )
                for value in values
            ]
        )


def _cell(sheet, style, value) -> WriteOnlyCell:
    """A cell of `sheet` with `style` (a named style's array: what `cell.style = name`
    does, without its search of the workbook's styles by name for every cell)."""
    cell = WriteOnlyCell(sheet)
    cell._style = copy(style)
    return xlsx_text(cell, value)


def _lay_out(sheet, header: list, rows: list) -> None:
    """What a write-only sheet needs before its first row: the widths and heights, the
    frozen headings, and the printing on A4 landscape, one page wide."""
    _fit_columns(sheet, header, rows)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _plain(value):
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _number_format(value) -> str:
    if not isinstance(value, int | float):
        return "General"
    if float(value).is_integer():
        return "#,##0"
    return "#,##0.0" if round(value, 1) == value else "#,##0.00"


def _fit_columns(sheet, header: list, rows: list) -> None:
    """Each column as wide as its longest entry, up to a width past which text wraps, and
    each row as tall as its most wrapped cell (spreadsheets do not grow rows they did not
    lay out themselves)."""
    widths = []
    for index, heading in enumerate(header):
        longest = max(
            [len(str(row[index])) for row in rows if index < len(row) and row[index] is not None],
            default=0,
        )
        widths.append(max(min(longest, WIDE_TEXT), min(len(heading), HEADING_WIDTH), 6) + 2)
        sheet.column_dimensions[get_column_letter(index + 1)].width = widths[-1]
    for number, values in enumerate([header, *rows], start=HEADER_ROW):
        lines = max(
            (
                math.ceil(len(str(value)) / (width - 2))
                for value, width in zip(values, widths, strict=False)
                if isinstance(value, str)
            ),
            default=1,
        )
        sheet.row_dimensions[number].height = max(lines, 1) * LINE_HEIGHT


def _scope(snapshot: dict) -> str:
    figures = (
        pgettext("review report", "approved figures only")
        if snapshot["figures"] == "approved"
        else pgettext("review report", "all figures, drafts included")
    )
    return pgettext("review report", "Area: %(area)s · Figures: %(figures)s") % {
        "area": snapshot["area"]["name"],
        "figures": figures,
    }
