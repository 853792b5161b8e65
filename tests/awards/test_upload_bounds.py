"""The recipient upload against hostile files: bounded work, a message, nothing written.

A workbook of blank rows (a few KB that unpack to hundreds of thousands of rows), XML
with entity declarations and a NUL byte in a CSV field each get the upload page back
with the reason in Vietnamese, and no recipient is added (security review M4 and L3).
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from awards.imports import COLUMNS, LIMITS, MAX_ROWS, read_recipient_list
from awards.models import Commendation
from core.uploads import CONTROL_CHARACTER, TOO_MANY_LINES, UNPACKS_TOO_LARGE, XML_FORBIDDEN
from tests.awards.test_upload import GOOD_ROWS, HEADERS, decision, page_errors, upload_url
from tests.test_uploads import LAUGHS, XXE, blank_rows, with_sheet

__all__ = ["decision"]  # the fixture, shared with the upload tests

pytestmark = pytest.mark.django_db

WHOLE_FILE = "cả tệp"  # the line column of an error about the whole file, in Vietnamese


@pytest.fixture
def rows_parsed(monkeypatch) -> list[int]:
    count = [0]
    parse_row = WorkSheetParser.parse_row

    def counted(self, element):
        count[0] += 1
        return parse_row(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counted)
    return count


def upload(client, decision, name: str, content: bytes, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        with translation.override("vi"):
            url = upload_url(decision)
        return client.post(
            url,
            {"file": SimpleUploadedFile(name, content)},
            HTTP_ACCEPT_LANGUAGE="vi",
        )


def in_vietnamese(message) -> str:
    with translation.override("vi"):
        return str(message)


def test_the_review_workbook_of_blank_rows_is_refused_before_a_row_is_parsed(
    admin_client, decision, rows_parsed, django_assert_max_num_queries
):
    # 300,000 rows holding one blank cell each: 18 MB of XML in a small upload.
    content = with_sheet(blank_rows(300_000), dimension="A1:A300000")
    assert len(content) < 2 * 1024 * 1024

    response = upload(
        admin_client, decision, "danh-sach.xlsx", content, django_assert_max_num_queries
    )

    megabytes = LIMITS.max_unpacked_bytes // (1024 * 1024)
    assert page_errors(response) == [
        (WHOLE_FILE, "", in_vietnamese(UNPACKS_TOO_LARGE % {"max": megabytes}))
    ]
    assert rows_parsed[0] == 0
    assert Commendation.objects.count() == 0


def test_a_workbook_of_blank_rows_within_the_size_is_refused_after_the_rows_limit(
    admin_client, decision, rows_parsed, django_assert_max_num_queries
):
    content = with_sheet(blank_rows(20_000), dimension="A1:A20000")

    response = upload(
        admin_client, decision, "danh-sach.xlsx", content, django_assert_max_num_queries
    )

    message = in_vietnamese(TOO_MANY_LINES % {"max": LIMITS.max_rows})
    assert page_errors(response) == [(WHOLE_FILE, "", message)]
    assert rows_parsed[0] <= LIMITS.max_rows + 1
    assert Commendation.objects.count() == 0


@pytest.mark.parametrize(
    "doctype, entity", [(XXE, "&xxe;"), (LAUGHS, "&lol9;")], ids=["xxe", "laughs"]
)
def test_a_workbook_with_entity_declarations_is_refused(
    admin_client, decision, doctype, entity, django_assert_max_num_queries
):
    content = with_sheet(
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{entity}</t></is></c></row>', doctype=doctype
    )
    response = upload(
        admin_client, decision, "danh-sach.xlsx", content, django_assert_max_num_queries
    )
    assert page_errors(response) == [(WHOLE_FILE, "", in_vietnamese(XML_FORBIDDEN))]
    assert Commendation.objects.count() == 0


def test_a_nul_byte_in_a_csv_field_is_refused_on_its_line(
    admin_client, decision, django_assert_max_num_queries
):
    buffer = io.StringIO()
    rows = [HEADERS, GOOD_ROWS[0], ["Cá nhân", "Nguyễn Thị\x00 Lan", "Nữ", "", "", ""]]
    csv.writer(buffer).writerows(rows)

    response = upload(
        admin_client,
        decision,
        "danh-sach.csv",
        buffer.getvalue().encode(),
        django_assert_max_num_queries,
    )

    assert page_errors(response) == [("3", "", in_vietnamese(CONTROL_CHARACTER))]
    assert 'name="payload"' not in response.content.decode()
    assert Commendation.objects.count() == 0


def test_a_full_list_with_formatted_empty_rows_below_it_is_read(rows_parsed):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header_vi for column in COLUMNS])
    for number in range(MAX_ROWS):
        sheet.append(["Tập thể", f"UBND xã {number}", "", "", "", ""])
    # An officer's template formatted far below the list: empty cells with a style.
    for row in range(MAX_ROWS + 2, 3 * MAX_ROWS):
        sheet.cell(row=row, column=1).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = read_recipient_list("danh-sach.xlsx", buffer.getvalue())

    assert parsed.errors == []
    assert len(parsed.rows) == MAX_ROWS
    assert (parsed.rows[0].line, parsed.rows[-1].name) == (2, f"UBND xã {MAX_ROWS - 1}")
    assert rows_parsed[0] == 3 * MAX_ROWS - 1
