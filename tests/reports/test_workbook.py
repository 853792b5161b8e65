"""The review's appendices as one Excel workbook, read back with openpyxl."""

import pytest
from django.db.models import Sum

from awards.models import Commendation
from reports.document_xlsx import HEADING_WIDTH, LINE_HEIGHT, render_xlsx
from reports.services import review_report_issue
from reports.snapshot import report_snapshot
from tests.reports.support import approve_every_figure, demo_report, load_demo, read_xlsx

pytestmark = pytest.mark.django_db

ATTACHED = (
    "(Kèm theo Báo cáo số 25/BC-SLĐTBXH ngày 05 tháng 01 năm 2021 của Sở Lao động – Thương "
    "binh và Xã hội)"
)


@pytest.fixture
def workbook():
    phase = load_demo()
    approve_every_figure()
    report = review_report_issue(report=demo_report(phase))
    return read_xlsx(render_xlsx(report_snapshot(report)))


def rows(sheet, first: int = 6) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=first, values_only=True) if any(row)]


def test_seven_appendices_each_headed_with_the_report_they_belong_to(workbook):
    assert workbook.sheetnames == [f"Biểu 0{n}" for n in range(1, 8)]
    assert [(s["A1"].value, s["A3"].value) for s in workbook] == [
        (f"Biểu 0{n}", ATTACHED) for n in range(1, 8)
    ]
    assert [s["A2"].value for s in workbook] == [
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU GIAI ĐOẠN 2016–2020",
        "SỐ LIỆU PHÂN TÁCH THEO GIỚI TÍNH VÀ ĐỊA BÀN NĂM 2020",
        "TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT ĐƯỢC HỖ TRỢ THEO NHÓM",
        "MÔ HÌNH CHĂM SÓC TRẺ EM GIAI ĐOẠN 2016–2020",
        "KINH PHÍ THỰC HIỆN THEO NGUỒN GIAI ĐOẠN 2016–2020",
        "KẾT QUẢ THI ĐUA, KHEN THƯỞNG",
        "CHỈ TIÊU GIAI ĐOẠN 2021–2025",
    ]


def test_every_sheet_freezes_its_headings_and_prints_on_a4_landscape(workbook):
    for sheet in workbook:
        assert sheet.freeze_panes == "A6"
        assert sheet.print_title_rows == "$5:$5"
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,  # A4
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        for cell in sheet[5]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= min(len(cell.value), HEADING_WIDTH) + 2, (sheet.title, cell.value)
        for row in sheet.iter_rows(min_row=5):
            longest = max((len(c.value) for c in row if isinstance(c.value, str)), default=0)
            widest = max(sheet.column_dimensions[c.column_letter].width for c in row)
            if longest > widest:  # wrapped: the row is as tall as its lines
                assert sheet.row_dimensions[row[0].row].height > LINE_HEIGHT


def test_results_by_target_with_each_years_actual_and_the_verdict(workbook):
    sheet = workbook["Biểu 01"]

    assert [c.value for c in sheet[5]] == [
        "STT",
        "Mục tiêu/Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch",
        "Thực hiện 2015",
        "Thực hiện 2016",
        "Thực hiện 2017",
        "Thực hiện 2018",
        "Thực hiện 2019",
        "Thực hiện 2020",
        "So sánh với giai đoạn trước",
        "Đánh giá",
        "Căn cứ (nguyên văn chỉ tiêu)",
    ]
    by_code = {row[0]: row for row in rows(sheet)}
    assert by_code["2.2"][:12] == (
        "2.2",
        "Tỷ lệ nữ làm chủ doanh nghiệp",
        "%",
        "≥ 35 (2020)",
        25.2,
        26.41,
        27.9,
        29.59,
        31.19,
        32.9,
        "+7,7 điểm phần trăm",
        "Chưa đạt",
    )
    assert (
        by_code[1][1]
        == "Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo"
    )
    verdicts = [row[11] for row in rows(sheet) if isinstance(row[0], str)]
    assert (verdicts.count("Đạt"), verdicts.count("Chưa đạt")) == (18, 6)
    cell = next(c for c in sheet["J"] if c.value == 32.9)
    assert (cell.number_format, cell.font.name) == ("#,##0.0", "Times New Roman")


def test_figures_by_sex_roll_up_each_district(workbook):
    table = rows(workbook["Biểu 02"])
    # 2.1 "ít nhất 40% cho mỗi giới": each sex's share of new jobs, province-wide only.
    assert table[0][0] == "2.1"
    assert table[1] == (None, "Tỉnh Minh Hòa (minh họa)", None, 46.3, 53.7, None)
    assert table[6:] == [
        (
            "6.2",
            "6.2. Tỷ lệ nạn nhân bạo lực gia đình được phát hiện được tư vấn, hỗ trợ (%)",
            None,
            None,
            None,
            None,
        ),
        (None, "Tỉnh Minh Hòa (minh họa)", 78.4, 80.23, 67.14, None),
        (1, "Thành phố Minh Hòa (minh họa)", 78.3, 80.22, 66.67, None),  # MH-01
        (2, "Huyện Sơn Mây (minh họa)", 78.3, 80.22, 66.67, None),
        (3, "Huyện Đồng Cói (minh họa)", 78.68, 80.34, 68.42, None),
        (4, "Huyện Ngàn Thông (minh họa)", 78.26, 80, 66.67, None),
    ]


def test_care_models_and_funding_add_up(workbook):
    care = rows(workbook["Biểu 04"])
    funding = rows(workbook["Biểu 05"])

    assert care[-1] == (
        None,
        "Tổng cộng",
        8,
        None,
        None,
        545,
        246,
        299,
        2_085_000_000,
        847_000_000,
        None,
    )
    assert care[0][:5] == (
        1,
        "Phục hồi chức năng dựa vào cộng đồng",
        3,
        "Xã Đồi Chè Xanh (minh họa), Xã Cồn Cát Trắng (minh họa), Xã Ngàn Thông (minh họa)",
        "03/2016 – nay",
    )
    assert funding[-1][:5] == (None, "Tổng cộng", 2_085_000_000, 847_000_000, 2_932_000_000)
    assert funding[0][:5] == (1, "2016", 318_400_000, 75_000_000, 393_400_000)
    assert workbook["Biểu 05"]["C6"].number_format == "#,##0"


def test_commendations_by_decision_with_women_and_bonuses(workbook):
    bonus = int(Commendation.objects.aggregate(total=Sum("bonus"))["total"])

    table = rows(workbook["Biểu 06"])

    assert [row[:9] for row in table] == [
        (
            1,
            "163/QĐ-UBND",
            "15/3/2021",
            "Chủ tịch Ủy ban nhân dân cấp tỉnh",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            13,
            12,
            8,
            0,
        ),
        (2, "45/QĐ-SLĐTBXH", "25/01/2021", "Giám đốc Sở", "Giấy khen của Giám đốc Sở", 3, 5, 3, 0),
        (None, "Tổng cộng", None, None, None, 16, 17, 11, 0),
    ]
    assert table[-1][9] == bonus


def test_children_by_group_and_next_phase_targets(workbook):
    children = rows(workbook["Biểu 03"])
    targets = rows(workbook["Biểu 07"])

    assert [c.value for c in workbook["Biểu 03"][5]] == [
        "STT",
        "Nhóm (Điều 10 Luật Trẻ em 2016)",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "Tổng cộng",
    ]
    # 2016 reports use the 2004 law's groups (Art. 40), listed after the 14 of the Law on
    # Children 2016, in force from 01/6/2017.
    assert children[0] == (1, "a. Trẻ em mồ côi cả cha và mẹ", 0, 7, 7, 9, 9, 32)
    assert [row[1] for row in children[14:-1]] == [
        "1. Trẻ em mồ côi không nơi nương tựa, trẻ em bị bỏ rơi (Luật năm 2004)",
        "2. Trẻ em khuyết tật, tàn tật (Luật năm 2004)",
        "7. Trẻ em lang thang (Luật năm 2004)",
        "8. Trẻ em bị xâm hại tình dục (Luật năm 2004)",
    ]
    assert all(row[3:7] == (0, 0, 0, 0) for row in children[14:-1])
    assert len(children) == 19  # the 14 groups, the four 2004 groups reported, the note
    assert targets[2][:6] == (
        "2.2",
        "Tỷ lệ nữ giám đốc hoặc chủ doanh nghiệp, hợp tác xã",
        "%",
        32.9,
        "2020",
        "≥ 37 (2025)",
    )
