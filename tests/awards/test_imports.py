"""`awards.imports`: a recipient file read into rows with their lines, and what is wrong.

And the service the upload feeds, `commendations_import`, with its dry run; and the
base salaries by date that default a decision's.
"""

import datetime
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from awards.imports import (
    CELL_IN_UNNAMED_COLUMN,
    FILE_NOT_XLSX,
    HEADER_REPEATED,
    read_recipient_list,
    template_csv,
    template_xlsx,
)
from awards.models import Commendation
from awards.services import (
    AREA_CODE_UNKNOWN,
    RECIPIENT_ALREADY_NAMED,
    SEX_REQUIRED,
    BatchInvalid,
    ImportedRecipient,
    RecipientInput,
    award_decision_create,
    base_salary_on,
    commendations_create_many,
    commendations_import,
)
from tests.factories import AreaFactory, AwardDecisionFactory, AwardFormFactory


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


# --- reading files (no database) ------------------------------------------------------


def test_a_csv_is_read_with_lines_kinds_and_sexes_in_either_language():
    parsed = read_recipient_list(
        "list.csv",
        csv_bytes(
            "STT,Recipient kind,Name,Sex,Position,Organisation,Area code\n"
            "1,Tập thể,UBND xã Bến Lúa,,,,MH-01-03\n"
            "\n"
            "2,individual,Nguyễn Thị Lan,NỮ,Chuyên viên,Sở,\n"
            '3,Hộ gia đình,"Hộ ông Trần Văn Ba, thôn 2",,,,\n'
        ),
    )
    assert parsed.errors == []
    assert [(r.line, r.recipient_kind, r.name, r.sex, r.area_code) for r in parsed.rows] == [
        (2, "collective", "UBND xã Bến Lúa", "", "MH-01-03"),
        (4, "individual", "Nguyễn Thị Lan", "female", ""),
        (5, "household", "Hộ ông Trần Văn Ba, thôn 2", "", ""),
    ]


def test_headers_without_accents_and_in_any_order_are_read():
    parsed = read_recipient_list(
        "list.csv", csv_bytes("ten;gioi tinh;LOAI DOI TUONG\nLê Văn Tâm;Nam;Cá nhân\n")
    )
    assert [(r.recipient_kind, r.name, r.sex) for r in parsed.rows] == [
        ("individual", "Lê Văn Tâm", "male")
    ]


def test_a_value_that_is_not_a_known_word_is_passed_on_for_the_service_to_refuse():
    parsed = read_recipient_list(
        "list.csv", csv_bytes("Loại đối tượng,Tên,Giới tính\nTổ chức,Hội Phụ nữ,khác\n")
    )
    assert (parsed.rows[0].recipient_kind, parsed.rows[0].sex) == ("Tổ chức", "khác")


def test_a_repeated_column_is_refused():
    parsed = read_recipient_list("list.csv", csv_bytes("Loại đối tượng,Tên,Name\n"))
    assert [(e.line, e.message) for e in parsed.errors] == [
        (1, str(HEADER_REPEATED % {"header": "Name"}))
    ]


def test_a_value_under_no_header_is_reported_on_its_line():
    parsed = read_recipient_list(
        "list.csv", csv_bytes("Loại đối tượng,Tên\nTập thể,UBND xã A\nTập thể,UBND xã B,thừa\n")
    )
    assert [(e.line, e.message) for e in parsed.errors] == [(3, str(CELL_IN_UNNAMED_COLUMN))]


def test_numbers_in_an_xlsx_are_read_as_text_without_decimals():
    workbook = Workbook()
    workbook.active.append(["Loại đối tượng", "Tên", "Mã địa bàn"])
    workbook.active.append(["Tập thể", "UBND xã A", 101])
    workbook.active.append(["Tập thể", "UBND xã B", 102.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = read_recipient_list("LIST.XLSX", buffer.getvalue())
    assert [r.area_code for r in parsed.rows] == ["101", "102"]


def test_both_templates_read_back_as_their_one_example_row():
    for name, content in (("t.xlsx", template_xlsx()), ("t.csv", template_csv())):
        parsed = read_recipient_list(name, content)
        assert parsed.errors == []
        assert [(r.line, r.recipient_kind, r.name, r.sex) for r in parsed.rows] == [
            (2, "individual", "Nguyễn Thị Lan", "female")
        ], name


# --- base salaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "salary"),
    [
        (datetime.date(2011, 4, 30), None),
        (datetime.date(2016, 5, 1), D(1210000)),
        (datetime.date(2019, 6, 30), D(1390000)),
        (datetime.date(2019, 7, 1), D(1490000)),
        (datetime.date(2021, 3, 15), D(1490000)),
        (datetime.date(2023, 7, 1), D(1800000)),
        (datetime.date(2024, 7, 1), D(2340000)),
    ],
)
def test_the_base_salary_in_force_on_a_day(day, salary):
    assert base_salary_on(day) == salary


@pytest.mark.django_db
def test_a_decision_without_a_base_salary_takes_the_one_of_its_date():
    decision = award_decision_create(
        number="163/QĐ-UBND",
        signed_on=datetime.date(2021, 3, 15),
        issuer_level="province_chairman",
        issuer_name="Ủy ban nhân dân tỉnh Minh Hòa",
        signer_name="Lê Quang Vinh",
        form=AwardFormFactory(),
    )
    assert decision.base_salary == D(1490000)


# --- the service behind the upload ----------------------------------------------------


@pytest.mark.django_db
def test_a_dry_run_checks_and_prices_every_row_and_writes_nothing():
    decision = AwardDecisionFactory(base_salary=D(1490000))
    rows = [
        RecipientInput(recipient_kind="collective", name="UBND xã A"),
        RecipientInput(recipient_kind="individual", name="Lê Thị B", sex="female"),
    ]

    checked = commendations_create_many(decision=decision, rows=rows, dry_run=True)

    assert [(c.name, c.bonus, c.pk) for c in checked] == [
        ("UBND xã A", D(2980000), None),
        ("Lê Thị B", D(1490000), None),
    ]
    assert Commendation.objects.count() == 0


@pytest.mark.django_db
def test_an_import_resolves_area_codes_and_writes_every_row():
    area = AreaFactory(code="MH-01")
    decision = AwardDecisionFactory()

    created = commendations_import(
        decision=decision,
        rows=[ImportedRecipient(recipient_kind="collective", name="UBND xã A", area_code="MH-01")],
    )

    assert [(c.pk is not None, c.area) for c in created] == [(True, area)]
    assert Commendation.objects.count() == 1


@pytest.mark.django_db
def test_an_import_reports_every_bad_row_by_index_and_writes_nothing():
    decision = AwardDecisionFactory()
    Commendation.objects.create(
        decision=decision, recipient_kind="individual", name="Lê Văn Tâm", sex="male"
    )
    rows = [
        ImportedRecipient(recipient_kind="collective", name="UBND xã A", line=2),
        ImportedRecipient(recipient_kind="individual", name="Nguyễn Thị Lan", line=3),
        ImportedRecipient(recipient_kind="collective", name="UBND xã B", area_code="ZZ", line=4),
        ImportedRecipient(recipient_kind="individual", name="LÊ VĂN TÂM", sex="male", line=5),
    ]

    with pytest.raises(BatchInvalid) as caught:
        commendations_import(decision=decision, rows=rows)

    assert caught.value.row_errors == {
        1: {"sex": [str(SEX_REQUIRED)]},
        2: {"area": [str(AREA_CODE_UNKNOWN % {"code": "ZZ"})]},
        3: {"name": [str(RECIPIENT_ALREADY_NAMED % {"name": "LÊ VĂN TÂM"})]},
    }
    assert Commendation.objects.count() == 1
    assert isinstance(caught.value, ValidationError)


def test_a_workbook_with_a_damaged_sheet_is_refused_whole():
    original = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            copy.writestr(item, content)

    parsed = read_recipient_list("list.xlsx", damaged.getvalue())

    assert parsed.rows == []
    assert [(e.line, e.message) for e in parsed.errors] == [(None, str(FILE_NOT_XLSX))]
