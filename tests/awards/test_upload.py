"""Uploading a decision's recipient list in the admin: template, preview, confirm."""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.forms import PREVIEW_EXPIRED, PREVIEW_UNREADABLE
from awards.imports import COLUMNS, HEADER_MISSING, MAX_FILE_BYTES
from awards.models import Commendation
from awards.services import AREA_CODE_UNKNOWN, SEX_REQUIRED
from tests.factories import AreaFactory, AwardDecisionFactory, AwardFormFactory

pytestmark = pytest.mark.django_db

HEADERS = [column.header_vi for column in COLUMNS]
GOOD_ROWS = [
    ["Tập thể", "Phòng Lao động – Thương binh và Xã hội huyện Sơn Mây", "", "", "", "MH-02"],
    ["Cá nhân", "Nguyễn Thị Lan", "Nữ", "Chuyên viên", "Sở Lao động – TB&XH", ""],
    ["Cá nhân", "Trần Văn Hùng", "Nam", "Trưởng phòng", "UBND xã Bến Lúa", "MH-02"],
]


@pytest.fixture
def decision():
    AreaFactory(code="MH-02", name="Huyện Sơn Mây")
    # Bằng khen: 2.0 × base salary for a collective, 1.0 × for a person.
    return AwardDecisionFactory(base_salary=D("1490000"), form=AwardFormFactory())


def upload_url(decision) -> str:
    return reverse("admin:awards_awarddecision_upload_recipients", args=[decision.pk])


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def csv_file(rows: list[list], *, delimiter: str = ",", bom: bool = True) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    return SimpleUploadedFile("danh-sach.csv", text.encode("utf-8"))


def payload(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirmation form"
    return match.group(1)


def page_errors(response) -> list[tuple[str, str, str]]:
    """(line, column, reason) of every row of the errors table."""
    html = response.content.decode()
    table = html.split('id="upload-errors"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"row\d\"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    return [tuple(cell.replace("&quot;", '"').replace("&#x27;", "'") for cell in r) for r in rows]


def test_the_decision_page_links_to_the_upload(admin_client, decision):
    change = reverse("admin:awards_awarddecision_change", args=[decision.pk])
    response = admin_client.get(change)
    assert upload_url(decision) in response.content.decode()


def test_xlsx_template_has_the_documented_headers_and_an_example(admin_client):
    response = admin_client.get(reverse("admin:awards_awarddecision_recipient_template_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [
        "Loại đối tượng",
        "Tên tập thể / Họ và tên",
        "Giới tính",
        "Chức vụ",
        "Đơn vị công tác",
        "Mã địa bàn",
    ]
    assert list(rows[1][:3]) == ["Cá nhân", "Nguyễn Thị Lan", "Nữ"]
    assert len(rows) == 2


def test_csv_template_has_the_same_headers_with_a_bom(admin_client):
    response = admin_client.get(reverse("admin:awards_awarddecision_recipient_template_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffLoại đối tượng,Tên tập thể / Họ và tên,Giới tính,")
    assert len(text.strip().splitlines()) == 2


def test_the_templates_themselves_upload_cleanly(admin_client, decision):
    for name in ("xlsx", "csv"):
        template = admin_client.get(
            reverse(f"admin:awards_awarddecision_recipient_template_{name}")
        ).content
        response = admin_client.post(
            upload_url(decision), {"file": SimpleUploadedFile(f"t.{name}", template)}
        )
        assert 'id="upload-preview"' in response.content.decode(), name


def test_a_good_xlsx_is_previewed_and_nothing_is_written(admin_client, decision):
    response = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="upload-errors"' not in html
    assert "Preview: 3 recipients from danh-sach.xlsx" in html
    assert "Nguyễn Thị Lan" in html
    assert Commendation.objects.count() == 0


def test_confirming_a_good_xlsx_adds_every_recipient_with_its_bonus(admin_client, decision):
    preview = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    response = admin_client.post(upload_url(decision), {"payload": payload(preview)})
    assert response.status_code == 302
    assert response.url == reverse("admin:awards_awarddecision_change", args=[decision.pk])
    saved = list(
        decision.commendations.order_by("pk").values_list(
            "recipient_kind", "name", "sex", "position", "area__code", "bonus"
        )
    )
    assert saved == [
        (
            "collective",
            "Phòng Lao động – Thương binh và Xã hội huyện Sơn Mây",
            "",
            "",
            "MH-02",
            D("2980000"),
        ),
        ("individual", "Nguyễn Thị Lan", "female", "Chuyên viên", None, D("1490000")),
        ("individual", "Trần Văn Hùng", "male", "Trưởng phòng", "MH-02", D("1490000")),
    ]


@pytest.mark.parametrize(
    ("delimiter", "bom"),
    [(",", True), (",", False), (";", True)],
    ids=["bom", "plain", "semicolon"],
)
def test_a_good_csv_is_added_after_the_preview(admin_client, decision, delimiter, bom):
    preview = admin_client.post(
        upload_url(decision), {"file": csv_file(GOOD_ROWS, delimiter=delimiter, bom=bom)}
    )
    assert "Preview: 3 recipients" in preview.content.decode()
    assert Commendation.objects.count() == 0
    admin_client.post(upload_url(decision), {"payload": payload(preview)})
    assert sorted(decision.commendations.values_list("name", flat=True)) == [
        "Nguyễn Thị Lan",
        "Phòng Lao động – Thương binh và Xã hội huyện Sơn Mây",
        "Trần Văn Hùng",
    ]


def test_english_headers_are_accepted(admin_client, decision):
    english = [column.header_en for column in COLUMNS]
    response = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS, english)})
    assert "Preview: 3 recipients" in response.content.decode()


def test_one_bad_row_is_reported_with_its_line_and_nothing_is_written(admin_client, decision):
    rows = [*GOOD_ROWS[:2], ["Cá nhân", "Lê Văn Tâm", "", "Cán bộ", "", ""], GOOD_ROWS[2]]
    response = admin_client.post(upload_url(decision), {"file": xlsx(rows)})
    html = response.content.decode()
    # The header is line 1, so the third recipient stands on line 4.
    assert page_errors(response) == [("4", "Sex", str(SEX_REQUIRED))]
    assert 'id="upload-preview"' not in html
    assert 'name="payload"' not in html
    assert Commendation.objects.count() == 0


def test_every_bad_row_of_a_csv_is_reported_with_its_line(admin_client, decision):
    rows = [
        GOOD_ROWS[0],
        [],  # a blank line is skipped but still counted
        ["Cá nhân", "Lê Văn Tâm", "Nam", "", "", "XX-99"],
        ["Tổ chức", "Hội Phụ nữ", "", "", "", ""],
        ["Cá nhân", "Nguyễn Thị Lan", "Nữ", "Chuyên viên", "Sở Lao động – TB&XH", ""],
        # The same person in capitals with a no-break space: a duplicate.
        ["cá nhân", "NGUYỄN\u00a0THỊ LAN", "nữ", "", "Sở Lao động – TB&XH", ""],
    ]
    response = admin_client.post(upload_url(decision), {"file": csv_file(rows)})
    assert page_errors(response) == [
        ("4", "Area", str(AREA_CODE_UNKNOWN % {"code": "XX-99"})),
        ("5", "Recipient kind", "Recipient kind must be collective, individual or household."),
        ("7", "Name", "NGUYỄN THỊ LAN is named twice in the list; it first appears on line 6."),
    ]
    assert Commendation.objects.count() == 0


def test_a_recipient_already_in_the_decision_is_refused(admin_client, decision):
    preview = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    admin_client.post(upload_url(decision), {"payload": payload(preview)})
    again = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    assert [line for line, _c, _m in page_errors(again)] == ["2", "3", "4"]
    assert Commendation.objects.count() == 3


def test_the_confirmation_checks_again_and_writes_nothing_if_a_row_went_bad(admin_client, decision):
    preview = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    # Someone adds one of the listed recipients by hand between preview and confirm.
    rows = [GOOD_ROWS[1]]
    other = admin_client.post(upload_url(decision), {"file": xlsx(rows)})
    admin_client.post(upload_url(decision), {"payload": payload(other)})
    response = admin_client.post(upload_url(decision), {"payload": payload(preview)})
    assert response.status_code == 200
    assert [line for line, _c, _m in page_errors(response)] == ["3"]
    assert Commendation.objects.count() == 1


def test_a_tampered_or_expired_preview_is_refused(admin_client, decision, monkeypatch):
    preview = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    token = payload(preview)
    tampered = admin_client.post(upload_url(decision), {"payload": token[:-2] + "xx"})
    assert page_errors(tampered) == [("whole file", "", str(PREVIEW_UNREADABLE))]
    monkeypatch.setattr("awards.forms.PREVIEW_MAX_AGE_SECONDS", -1)
    expired = admin_client.post(upload_url(decision), {"payload": token})
    assert page_errors(expired) == [("whole file", "", str(PREVIEW_EXPIRED))]
    assert Commendation.objects.count() == 0


def test_a_preview_for_another_decision_cannot_be_confirmed_here(admin_client, decision):
    other = AwardDecisionFactory()
    preview = admin_client.post(upload_url(other), {"file": xlsx(GOOD_ROWS)})
    response = admin_client.post(upload_url(decision), {"payload": payload(preview)})
    assert page_errors(response) == [("whole file", "", str(PREVIEW_UNREADABLE))]
    assert Commendation.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF-1.4", 'Upload the list as an Excel workbook (.xlsx) or a CSV file (.csv); "list.pdf" is neither.'),
        ("list.xls", b"\xd0\xcf\x11\xe0", "Old Excel files (.xls) cannot be read; open the file in Excel and save it as .xlsx."),
        ("list.xlsx", b"not a zip", "The file could not be read as an Excel workbook; save it again as .xlsx or download the template."),
        ("list.csv", "Loại đối tượng,Tên\n".encode("utf-16"), 'The CSV file is not in UTF-8; in Excel choose "CSV UTF-8" when saving, or upload .xlsx.'),
        ("list.csv", "Loại đối tượng,Tên tập thể / Họ và tên\n".encode(), "The file has a header row but no recipients."),
        ("list.csv", b"\n\n", "The file has no header row; download the template and fill it in."),
    ],
    ids=["pdf", "xls", "broken-xlsx", "utf16-csv", "header-only", "blank"],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused_whole(
    admin_client, decision, name, content, message
):
    response = admin_client.post(upload_url(decision), {"file": SimpleUploadedFile(name, content)})
    assert page_errors(response) == [("whole file", "", message)]
    assert Commendation.objects.count() == 0


def test_an_empty_file_is_refused(admin_client, decision):
    response = admin_client.post(
        upload_url(decision), {"file": SimpleUploadedFile("list.csv", b"")}
    )
    # Django's own check for an empty upload speaks first.
    assert "The submitted file is empty." in response.content.decode()
    assert Commendation.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_reading(admin_client, decision):
    big = SimpleUploadedFile("list.csv", b"x" * (MAX_FILE_BYTES + 1))
    response = admin_client.post(upload_url(decision), {"file": big})
    assert "The file is 2049 KB; upload at most 2048 KB, or split the list." in (
        response.content.decode()
    )


def test_wrong_headers_are_named(admin_client, decision):
    headers = ["Loại đối tượng", "Địa chỉ", "Giới tính"]
    response = admin_client.post(upload_url(decision), {"file": xlsx([], headers)})
    errors = page_errors(response)
    assert [line for line, _c, _m in errors] == ["1", "1"]
    assert errors[0][2].startswith('The column "Địa chỉ" is not one this list uses;')
    assert errors[1][2] == str(HEADER_MISSING % {"header": "Tên tập thể / Họ và tên"})


def test_too_many_rows_are_refused(admin_client, decision, monkeypatch):
    monkeypatch.setattr("awards.imports.MAX_ROWS", 2)
    response = admin_client.post(upload_url(decision), {"file": xlsx(GOOD_ROWS)})
    assert page_errors(response) == [
        ("whole file", "", "The file lists more than 2 recipients; split it into several files.")
    ]


def test_the_upload_needs_the_right_to_change_the_decision(client, decision, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(upload_url(decision)).status_code == 403
    client.logout()
    assert client.get(upload_url(decision)).status_code == 302  # to the login page
