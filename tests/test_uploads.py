"""`core.uploads.read_table`: a spreadsheet read with bounded work, hostile XML refused.

Work is measured by what openpyxl parses (rows and cells counted by spies on its parser),
never by the wall clock; the time limit is shown with a limit of zero seconds.
"""

import csv
import io
import zipfile

import defusedxml.ElementTree
import openpyxl.xml
import openpyxl.xml.functions
import pytest
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from core.uploads import (
    CONTROL_CHARACTER,
    FILE_NOT_XLSX,
    TOO_MANY_LINES,
    TOO_SLOW,
    UNPACKS_TOO_LARGE,
    XML_FORBIDDEN,
    Limits,
    UploadRefused,
    read_sheets,
    read_table,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XXE = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def workbook_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(parts: dict[str, str | bytes]) -> bytes:
    """A workbook saved by openpyxl with some parts replaced or added."""
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes([["x"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            if name not in parts:
                copy.writestr(name, original.read(name))
        for name, content in parts.items():
            copy.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(rows: str, *, doctype: str = "", dimension: str = "") -> str:
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="{MAIN}">'
        f"{dimension}<sheetData>{rows}</sheetData></worksheet>"
    )


def with_sheet(rows: str, **options) -> bytes:
    return with_parts({"xl/worksheets/sheet1.xml": sheet_xml(rows, **options)})


def with_shared_strings(doctype: str, text: str) -> bytes:
    """A sheet whose one cell is shared string 0, and the shared strings with a DTD."""
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes([["x"]])))
    types = original.read("[Content_Types].xml").decode()
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
    return with_parts(
        {
            "[Content_Types].xml": types.replace("</Types>", override + "</Types>"),
            "xl/worksheets/sheet1.xml": sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            "xl/sharedStrings.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
                f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
            ),
        }
    )


@pytest.fixture
def parsed(monkeypatch) -> dict[str, int]:
    """How many rows and cells openpyxl's sheet parser has parsed."""
    counts = {"rows": 0, "cells": 0}
    parse_row, parse_cell = WorkSheetParser.parse_row, WorkSheetParser.parse_cell

    def count_row(self, element):
        counts["rows"] += 1
        return parse_row(self, element)

    def count_cell(self, element):
        counts["cells"] += 1
        return parse_cell(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_row", count_row)
    monkeypatch.setattr(WorkSheetParser, "parse_cell", count_cell)
    return counts


def refusal(name: str, content: bytes, limits: Limits | None = None) -> tuple[str, int | None]:
    with pytest.raises(UploadRefused) as refused:
        read_table(name, content, limits)
    return refused.value.message, refused.value.line


# --- what is read ------------------------------------------------------------------------


def test_a_workbook_is_read_with_its_types_and_blank_rows_and_a_csv_as_text():
    content = workbook_bytes([["Tên", "Số"], [], ["Lan", 3.5]])
    limits = Limits(max_columns=3)
    assert read_table("a.XLSX", content, limits) == [
        (1, ["Tên", "Số", None]),
        (2, [None, None, None]),
        (3, ["Lan", 3.5, None]),
    ]
    assert read_table("a.csv", "\ufeffTên;Số\n\nLan;3,5\n".encode(), limits) == [
        (1, ["Tên", "Số"]),
        (2, []),
        (3, ["Lan", "3,5"]),
    ]


def test_rows_past_a_dimension_that_claims_fewer_are_still_read():
    content = with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c></row>',
        dimension="A1:A1",
    )
    assert [row.values for row in read_table("a.xlsx", content, Limits(max_columns=1))] == [
        [1],
        [2],
        [3],
    ]


def test_read_sheets_gives_every_sheet_by_title_and_a_csv_as_one_unnamed():
    workbook = Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.append(["Đọc kỹ"])
    workbook.create_sheet("C11").append(["x", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    limits = Limits(max_columns=2)
    assert read_sheets("a.xlsx", buffer.getvalue(), limits) == [
        ("Hướng dẫn", [(1, ["Đọc kỹ", None])]),
        ("C11", [(1, ["x", 1])]),
    ]
    assert read_table("a.xlsx", buffer.getvalue(), limits) == [(1, ["Đọc kỹ", None])]
    assert read_sheets("a.csv", b"a,b\n1,2\n", limits) == [
        (None, [(1, ["a", "b"]), (2, ["1", "2"])])
    ]


def test_read_sheets_counts_the_rows_of_all_sheets_together(parsed):
    workbook = Workbook()
    for title in ("A", "B", "C"):
        sheet = workbook.create_sheet(title)
        for number in range(4):
            sheet.append([number])
    del workbook["Sheet"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UploadRefused) as refused:
        read_sheets("a.xlsx", buffer.getvalue(), Limits(max_rows=10))
    assert refused.value.message == TOO_MANY_LINES % {"max": 10}
    # The third sheet is parsed only up to the row past the limit.
    assert parsed["rows"] == 4 + 4 + 3
    assert len(read_sheets("a.xlsx", buffer.getvalue(), Limits(max_rows=12))) == 3


# --- hostile XML --------------------------------------------------------------------------


def test_openpyxl_parses_sheets_and_shared_strings_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


@pytest.mark.parametrize(
    "content",
    [
        with_sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>', doctype=XXE
        ),
        with_sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', doctype=LAUGHS
        ),
        with_shared_strings(XXE, "&xxe;"),
        with_shared_strings(LAUGHS, "&lol9;"),
    ],
    ids=[
        "external-entity-in-sheet",
        "laughs-in-sheet",
        "external-entity-in-strings",
        "laughs-in-strings",
    ],
)
def test_xml_with_entity_declarations_is_refused(content, parsed):
    assert refusal("a.xlsx", content) == (str(XML_FORBIDDEN), None)
    assert parsed["cells"] == 0


def test_a_part_that_is_not_a_zip_member_or_not_xml_is_unreadable():
    assert refusal("a.xlsx", b"PK\x03\x04 not really") == (str(FILE_NOT_XLSX), None)
    content = with_parts({"xl/worksheets/sheet1.xml": b"\x00\x01 not xml"})
    assert refusal("a.xlsx", content) == (str(FILE_NOT_XLSX), None)


# --- bounded work ------------------------------------------------------------------------


def blank_rows(count: int) -> str:
    return "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t> </t></is></c></row>'
        for n in range(1, count + 1)
    )


def test_a_sheet_of_blank_rows_is_refused_after_the_limit_of_rows_read(parsed):
    content = with_sheet(blank_rows(30_000), dimension="A1:A30000")
    assert len(content) < 200_000  # 30,000 rows compress to a small upload

    message, line = refusal("a.xlsx", content, Limits(max_rows=1000))

    assert (message, line) == (str(TOO_MANY_LINES % {"max": 1000}), None)
    assert parsed["rows"] <= 1001


def test_a_gap_to_the_last_row_of_a_sheet_is_counted_as_rows_without_parsing_them(parsed):
    content = with_sheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    assert refusal("a.xlsx", content, Limits(max_rows=1000))[0] == str(
        TOO_MANY_LINES % {"max": 1000}
    )
    assert parsed["rows"] <= 1


@pytest.mark.parametrize(
    "rows",
    [
        # Rows that all say they are row 1: openpyxl parses them but yields none.
        '<row r="1"><c r="A1" t="inlineStr"><is><t> </t></is></c></row>' * 20_000,
        # One row of very many cells.
        '<row r="1">' + "<c><v>1</v></c>" * 60_000 + "</row>",
    ],
    ids=["repeated-row-number", "wide-row"],
)
def test_the_xml_read_is_bounded_whatever_its_shape(rows, parsed):
    limits = Limits(max_unpacked_bytes=64 * 1024)
    assert refusal("a.xlsx", with_sheet(rows), limits) == (
        str(UNPACKS_TOO_LARGE % {"max": "0.0625"}),
        None,
    )
    # A cell is at least 16 bytes of XML here: no more than the budget's worth is parsed.
    assert parsed["cells"] <= 64 * 1024 // 16


def test_a_part_declared_larger_than_the_budget_is_not_opened(parsed):
    content = with_sheet(blank_rows(3_000))
    assert refusal("a.xlsx", content, Limits(max_unpacked_bytes=100_000))[0] == str(
        UNPACKS_TOO_LARGE % {"max": "0.0953674"}
    )
    assert parsed["rows"] == 0


def test_blank_lines_of_a_csv_count_as_rows():
    assert refusal("a.csv", b"Name\n" + b"\n" * 5000, Limits(max_rows=1000)) == (
        str(TOO_MANY_LINES % {"max": 1000}),
        None,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.xlsx", workbook_bytes([["Tên"], ["Lan"]])), ("a.csv", b"Name\nLan\n")],
)
def test_reading_stops_when_the_time_is_up(name, content):
    assert refusal(name, content, Limits(max_seconds=0)) == (str(TOO_SLOW % {"max": "0"}), None)


# --- cells that cannot be stored ---------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x1b", "\x7f"])
def test_a_control_character_in_a_csv_cell_is_refused_on_its_line(character):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Name", "Note"], ["Lan", "ok"], ["Hoa", f"a{character}b"]])
    assert refusal("a.csv", buffer.getvalue().encode()) == (str(CONTROL_CHARACTER), 3)


def test_tabs_and_line_breaks_in_a_cell_are_kept():
    rows = read_table("a.csv", b'Name,Note\nLan,"two\r\nlines\tand a tab"\n')
    assert rows[1] == (2, ["Lan", "two\r\nlines\tand a tab"])
