"""The Excel entry form: downloaded, filled with openpyxl as an officer would, uploaded in
a dry run (errors by sheet and row, nothing written), then for real after fixing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from collection.entry_form import FIRST_ROW, KEY_ROW, META_ROW
from collection.imports import MAX_FILE_BYTES
from collection.models import FigureImport
from indicators.models import Measurement, MeasurementStatus
from indicators.services import NUMERATOR_OVER_DENOMINATOR
from programmes.area_keys import OFFICIAL_CODE_NAMES_NO_UNIT_THEN
from tests.api_support import api_client
from tests.collection.support import build_province, clerk, officer
from tests.factories import AreaFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db


def download(client, phase, area: str, period: str):
    response = client.get(
        f"/api/v1/phases/{phase.pk}/entry-form/", {"area": area, "period": period}
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="bieu-nhap-{area}-{period}.xlsx"'
    )
    return load_workbook(io.BytesIO(response.content))


def upload(client, workbook, dry_run: bool, name: str = "bieu.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile(name, buffer.getvalue())
    url = "/api/v1/measurements/import/" + ("?dry_run=1" if dry_run else "")
    return client.post(url, {"file": file}, format="multipart")


def columns(sheet) -> dict[str, int]:
    """Column key -> column number, from the form's hidden key row."""
    return {cell.value: cell.column for cell in sheet[KEY_ROW] if cell.value}


def put(sheet, row: int, key: str, value) -> None:
    sheet.cell(row=row, column=columns(sheet)[key], value=value)


@pytest.fixture
def world():
    world = build_province()
    # Figures C11 already reported for 2020, and its rate the year before.
    for sex, value in (("total", 10), ("female", 6), ("male", 4)):
        MeasurementFactory(
            indicator=world.count, area=world.c11, period="2020", sex=sex, value=value
        )
    MeasurementFactory(
        indicator=world.rate,
        area=world.c11,
        period="2019",
        value=Decimal("20"),
        numerator=Decimal("20"),
        denominator=Decimal("100"),
    )
    TargetFactory(indicator=world.rate, area=world.province, year=2020, value=Decimal("30"))
    return world


def test_the_form_has_a_sheet_per_reporting_area_and_a_row_per_indicator_due(world):
    workbook = download(api_client(officer()), world.phase, "D1", "2020")

    assert workbook.sheetnames == ["Hướng dẫn", "C11", "C12"]
    sheet = workbook["C11"]
    assert [c.value for c in sheet[META_ROW]][:8] == [
        "form",
        "1",
        "phase",
        world.phase.pk,
        "area",
        "C11",
        "period",
        "2020",
    ]
    assert sheet.row_dimensions[META_ROW].hidden and sheet.row_dimensions[KEY_ROW].hidden
    # Only the columns the indicators take: C by sex, R by its ratio, total only.
    assert list(columns(sheet)) == [
        "indicator_code",
        "name",
        "unit",
        "target",
        "previous",
        "total.value",
        "total.numerator",
        "total.denominator",
        "female.value",
        "male.value",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW)]
    assert rows == [
        ["C", "Số trẻ em", "số lượng", None, None, 10, None, None, 6, 4],
        ["R", "Tỷ lệ", "phần trăm", "≥ 30% (Tỉnh Thử, 2020)", 20, None, None, None, None, None],
    ]
    c = columns(sheet)
    # Headers locked, inputs open; what an indicator does not take is locked too.
    assert sheet.protection.sheet is True
    assert sheet.cell(row=FIRST_ROW, column=c["name"]).protection.locked is True
    assert sheet.cell(row=FIRST_ROW, column=c["total.value"]).protection.locked is False
    assert sheet.cell(row=FIRST_ROW, column=c["total.numerator"]).protection.locked is True
    assert sheet.cell(row=FIRST_ROW + 1, column=c["total.numerator"]).protection.locked is False
    assert sheet.cell(row=FIRST_ROW + 1, column=c["female.value"]).protection.locked is True
    validations = {
        (v.type, v.operator, v.formula1, v.formula2): str(v.sqref)
        for v in sheet.data_validations.dataValidation
    }
    assert validations == {
        ("whole", "greaterThanOrEqual", "0", None): "F8 I8 J8",
        ("decimal", "between", "0", "100"): "F9",
        ("decimal", "greaterThanOrEqual", "0", None): "G9 H9",
    }
    instructions = [cell.value for cell in workbook["Hướng dẫn"]["A"]]
    assert instructions[1] == "Kỳ báo cáo: Năm 2020. Hạn nộp ngày 31/01/2021."
    assert "Ô để trống được giữ nguyên: số liệu đã nhập không bị xóa." in instructions


def test_a_district_asks_for_its_communes_and_itself_where_it_reports(world):
    workbook = download(api_client(officer()), world.phase, "P", "2018")
    assert workbook.sheetnames == ["Hướng dẫn", "D1", "C11", "C12", "D2", "C21"]
    assert [c.value for c in workbook["D1"]["A"][FIRST_ROW - 1 :]] == ["A"]
    half = download(api_client(officer()), world.phase, "P", "2020S1")
    assert half.sheetnames == ["Hướng dẫn", "D1", "D2"]


def test_the_form_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = api_client(officer())
    client.get(f"/api/v1/phases/{world.phase.pk}/entry-form/", {"area": "D1", "period": "2020"})
    for area in ("C11", "D1", "P"):
        with django_assert_max_num_queries(12):
            client.get(
                f"/api/v1/phases/{world.phase.pk}/entry-form/", {"area": area, "period": "2018"}
            )


def test_filled_form_dry_run_lists_errors_by_sheet_and_row_and_writes_nothing(world):
    client = api_client(officer())
    workbook = download(client, world.phase, "D1", "2020")
    c11, c12 = workbook["C11"], workbook["C12"]
    put(c11, FIRST_ROW, "total.value", 11)
    put(c11, FIRST_ROW, "male.value", 5)
    put(c11, FIRST_ROW + 1, "total.numerator", 150)  # the bad row: 150 of 120
    put(c11, FIRST_ROW + 1, "total.denominator", 120)
    put(c12, FIRST_ROW, "total.value", "1.234")  # typed as text, the Vietnamese way
    put(c12, FIRST_ROW, "female.value", 634)
    put(c12, FIRST_ROW, "male.value", "600")
    before = list(Measurement.objects.values_list("pk", "value", "version"))

    response = upload(client, workbook, dry_run=True)

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "sheet": "C11",
                "row": 9,
                "field": "total.numerator",
                "message": f'Sheet "C11", row 9: {NUMERATOR_OVER_DENOMINATOR}',
            }
        ]
    }
    assert list(Measurement.objects.values_list("pk", "value", "version")) == before
    assert not FigureImport.objects.exists()

    # Fixed, checked again, then imported: the answer is the bulk API's for the same rows.
    put(c11, FIRST_ROW + 1, "total.numerator", 30)
    checked = upload(client, workbook, dry_run=True)
    bulk = client.post(
        "/api/v1/measurements/bulk/?dry_run=1",
        {
            "measurements": [
                {"indicator": world.count.pk, "area": "C11", "period": "2020", "sex": s, "value": v}
                for s, v in (("total", "11"), ("female", "6"), ("male", "5"))
            ]
            + [
                {
                    "indicator": world.rate.pk,
                    "area": "C11",
                    "period": "2020",
                    "numerator": "30",
                    "denominator": "120",
                },
            ]
            + [
                {"indicator": world.count.pk, "area": "C12", "period": "2020", "sex": s, "value": v}
                for s, v in (("total", "1234"), ("female", "634"), ("male", "600"))
            ]
        },
        format="json",
    )
    assert checked.status_code == 200
    assert (
        checked.json()
        == bulk.json()
        == {"created": 4, "updated": 2, "unchanged": 1, "dry_run": True}
    )
    assert list(Measurement.objects.values_list("pk", "value", "version")) == before

    done = upload(client, workbook, dry_run=False)

    assert done.status_code == 200
    assert done.json() == {"created": 4, "updated": 2, "unchanged": 1, "dry_run": False}
    figures = {
        (m.area.code, m.indicator.code, m.sex): (m.value, m.numerator, m.denominator)
        for m in Measurement.objects.filter(period="2020").select_related("area", "indicator")
    }
    assert figures == {
        ("C11", "C", "total"): (Decimal(11), None, None),
        ("C11", "C", "female"): (Decimal(6), None, None),
        ("C11", "C", "male"): (Decimal(5), None, None),
        ("C11", "R", "total"): (Decimal(25), Decimal(30), Decimal(120)),
        ("C12", "C", "total"): (Decimal(1234), None, None),
        ("C12", "C", "female"): (Decimal(634), None, None),
        ("C12", "C", "male"): (Decimal(600), None, None),
    }
    record = FigureImport.objects.get()
    assert (record.file_name, record.created, record.updated, record.unchanged) == (
        "bieu.xlsx",
        4,
        2,
        1,
    )


def test_an_untouched_form_changes_nothing(world):
    client = api_client(officer())
    workbook = download(client, world.phase, "D1", "2020")
    response = upload(client, workbook, dry_run=False)
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 3, "dry_run": False}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4,5", '"4,5" is not a whole number; this figure counts, so write it without decimals.'),
        (4.5, '"4,5" is not a whole number; this figure counts, so write it without decimals.'),
        (
            "1,234",
            '"1,234" could be a number of thousands written the English way, or a number with '
            "three decimals. Write 1234 for the thousands, or 1,2340 for the decimals.",
        ),
    ],
)
def test_a_count_typed_badly_is_refused_at_its_cell(world, typed, message):
    client = api_client(officer())
    workbook = download(client, world.phase, "D1", "2020")
    put(workbook["C12"], FIRST_ROW, "female.value", typed)
    response = upload(client, workbook, dry_run=True)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "sheet": "C12",
            "row": FIRST_ROW,
            "field": "female.value",
            "message": f'Sheet "C12", row {FIRST_ROW}: {message}',
        }
    ]


def test_a_rate_given_a_new_ratio_beside_its_old_value_takes_the_ratio(world):
    MeasurementFactory(
        indicator=world.rate,
        area=world.c12,
        period="2020",
        value=Decimal("50"),
        numerator=Decimal("5"),
        denominator=Decimal("10"),
    )
    client = api_client(officer())
    workbook = download(client, world.phase, "C12", "2020")
    put(workbook["C12"], FIRST_ROW + 1, "total.numerator", 3)
    assert upload(client, workbook, dry_run=False).json()["updated"] == 1
    figure = Measurement.objects.get(indicator=world.rate, area=world.c12)
    assert (figure.value, figure.numerator, figure.denominator) == (30, 3, 10)


def test_changing_an_approved_figure_is_refused_whole(world):
    Measurement.objects.filter(area=world.c11, sex="male").update(status=MeasurementStatus.APPROVED)
    client = api_client(officer())
    workbook = download(client, world.phase, "D1", "2020")
    put(workbook["C11"], FIRST_ROW, "male.value", 5)
    put(workbook["C11"], FIRST_ROW, "total.value", 11)
    put(workbook["C12"], FIRST_ROW, "total.value", 7)
    response = upload(client, workbook, dry_run=False)
    assert response.status_code == 409
    assert Measurement.objects.filter(area=world.c12).count() == 0
    assert Measurement.objects.get(area=world.c11, sex="male").value == 4


def test_a_data_entry_officer_imports_only_their_areas(world):
    own = clerk(world.d1)
    form = download(api_client(officer()), world.phase, "P", "2020")
    put(form["C12"], FIRST_ROW, "total.value", 3)
    put(form["C21"], FIRST_ROW, "total.value", 4)
    response = upload(api_client(own), form, dry_run=True)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "sheet": "C21",
            "row": FIRST_ROW,
            "field": "area",
            "message": f'Sheet "C21", row {FIRST_ROW}: You may only enter figures for your '
            "assigned areas; Xã Hai Một is not one of them.",
        }
    ]
    denied = api_client(own).get(
        f"/api/v1/phases/{world.phase.pk}/entry-form/", {"area": "D2", "period": "2020"}
    )
    assert denied.status_code == 403


def test_a_csv_in_the_vietnamese_excel_dialect_is_imported(world):
    content = (
        "phase;indicator_code;area;period;sex;value;numerator;denominator\n"
        f"{world.phase.pk};C;C21;2020;total;1.234;;\n"
        f"{world.phase.pk};R;C21;2020;;;3;12\n"
        f"{world.phase.pk};R;C21;2019;total;12,5;;\n"
    ).encode("utf-8-sig")
    response = api_client(officer()).post(
        "/api/v1/measurements/import/",
        {"file": SimpleUploadedFile("so-lieu.csv", content)},
        format="multipart",
    )
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0, "dry_run": False}
    values = dict(
        Measurement.objects.filter(area=world.c21)
        .values_list("period", "value")
        .order_by()
        .filter(indicator=world.rate)
    )
    assert values == {"2020": Decimal(25), "2019": Decimal("12.5")}
    assert Measurement.objects.get(area=world.c21, indicator=world.count).value == 1234


@pytest.mark.parametrize(
    ("name", "content", "field", "message"),
    [
        (
            "bieu.xls",
            b"x",
            "file",
            "Old Excel files (.xls) cannot be read; open the file in Excel and save it as .xlsx.",
        ),
        (
            "bieu.pdf",
            b"x",
            "file",
            'Upload the list as an Excel workbook (.xlsx) or a CSV file (.csv); "bieu.pdf" is neither.',
        ),
        (
            "bieu.xlsx",
            b"not a zip",
            "file",
            "The file could not be read as an Excel workbook; save it again as .xlsx "
            "or download the template.",
        ),
        ("bieu.csv", b"", "file", "The file is empty."),
        (
            "bieu.csv",
            b"phase,area\n1,C11\n",
            "file",
            "Row 1: The CSV file needs the columns phase, indicator_code, area, period, sex, value, "
            "numerator, denominator; missing: indicator_code, period.",
        ),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(world, name, content, field, message):
    response = api_client(officer()).post(
        "/api/v1/measurements/import/?dry_run=1",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [(field, message)]


def test_the_import_needs_a_file_and_the_permission(world):
    assert api_client(officer()).post(
        "/api/v1/measurements/import/", {}, format="multipart"
    ).json() == {
        "errors": [
            {
                "sheet": None,
                "row": None,
                "field": "file",
                "message": 'Send the file as multipart form data in the field "file".',
            }
        ]
    }


def test_the_form_is_vietnamese_whatever_the_language_asked(world):
    with translation.override("en"):
        workbook = download(api_client(officer()), world.phase, "C11", "2020")
    assert workbook.sheetnames[0] == "Hướng dẫn"
    assert workbook["C11"]["A3"].value == "Kỳ báo cáo"


def test_a_form_whose_hidden_key_row_was_deleted_is_refused(world):
    client = api_client(officer())
    workbook = download(client, world.phase, "C11", "2020")
    workbook["C11"].delete_rows(KEY_ROW)
    response = upload(client, workbook, dry_run=True)
    assert response.json()["errors"] == [
        {
            "sheet": "C11",
            "row": None,
            "field": "indicator_code",
            "message": 'Sheet "C11": The form\'s hidden row is incomplete: '
            '"indicator_code" is missing.',
        }
    ]


def test_a_file_over_the_limit_is_refused_without_reading_it_all(world):
    content = b"x" * (MAX_FILE_BYTES + 5000)
    response = api_client(officer()).post(
        "/api/v1/measurements/import/",
        {"file": SimpleUploadedFile("so-lieu.csv", content)},
        format="multipart",
    )
    assert response.json()["errors"][0]["message"] == (
        "The file is 5121 KB; upload at most 5120 KB, or split the list."
    )


def test_a_csv_names_areas_by_official_code_as_the_unit_valid_at_the_end_of_the_period(world):
    # The commune's official code passed to another unit in 2021 (a reused code), and a
    # code borne only by a unit of a later era.
    world.c21.official_code = "00021"
    world.c21.save()
    AreaFactory(
        code="N21", name="Xã Hai Mới", official_code="00021", valid_from=datetime.date(2021, 1, 1)
    )
    AreaFactory(
        code="N77", name="Xã Bảy Mới", official_code="00077", valid_from=datetime.date(2021, 1, 1)
    )
    content = (
        "phase;indicator_code;area;period;sex;value;numerator;denominator\n"
        f"{world.phase.pk};C;00021;2020;total;7;;\n"
        f"{world.phase.pk};C;00077;2020;total;8;;\n"
    ).encode("utf-8-sig")
    client = api_client(officer())

    refused = client.post(
        "/api/v1/measurements/import/",
        {"file": SimpleUploadedFile("so-lieu.csv", content)},
        format="multipart",
    )

    message = OFFICIAL_CODE_NAMES_NO_UNIT_THEN % {
        "code": "00077",
        "period": "2020",
        "units": "Xã Bảy Mới (N77, 2021-01-01–…)",
    }
    assert [(e["row"], e["field"], e["message"]) for e in refused.json()["errors"]] == [
        (3, "area", f"Row 3: {message}")
    ]
    assert not Measurement.objects.filter(area=world.c21).exists()
    accepted = client.post(
        "/api/v1/measurements/import/",
        {"file": SimpleUploadedFile("so-lieu.csv", b"".join(content.splitlines(True)[:2]))},
        format="multipart",
    )
    assert accepted.json() == {"created": 1, "updated": 0, "unchanged": 0, "dry_run": False}
    assert Measurement.objects.get(area=world.c21).value == 7
