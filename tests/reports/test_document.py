"""The review as a Word document: read back with python-docx, exactly as printed.

Nghị định 30/2020 (Phụ lục I) sets the layout; DOMAIN.md §5 the outline; the demo
province's 2016–2020 gender equality review the numbers ("đạt 18/24 chỉ tiêu").
"""

from decimal import Decimal

import pytest
from django.db.models import Sum
from docx.oxml.ns import qn
from docx.shared import Pt

from awards.models import Commendation
from reports.document_docx import render_docx
from reports.services import review_report_issue
from reports.snapshot import build_snapshot, default_words, report_snapshot
from tests.reports.support import (
    after,
    approve_every_figure,
    body_lines,
    cell_lines,
    demo_report,
    grouped,
    load_demo,
    read_docx,
)

pytestmark = pytest.mark.django_db

ALL_MISSED = "1.1, 1.3, 2.2, 2.3, 4.1, 6.1"
OBJECTIVES = [
    ("1. Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo", 2, 4),
    ("2. Mục tiêu 2: Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động, việc làm", 2, 4),
    ("3. Mục tiêu 3: Nâng cao chất lượng nguồn nhân lực nữ", 3, 3),
    (
        "4. Mục tiêu 4: Bảo đảm bình đẳng giới trong tiếp cận và thụ hưởng các dịch vụ chăm "
        "sóc sức khỏe",
        3,
        4,
    ),
    ("5. Mục tiêu 5: Bảo đảm bình đẳng giới trong lĩnh vực văn hóa và thông tin", 3, 3),
    (
        "6. Mục tiêu 6: Bảo đảm bình đẳng giới trong đời sống gia đình, từng bước xóa bỏ bạo "
        "lực trên cơ sở giới",
        3,
        4,
    ),
    ("7. Mục tiêu 7: Nâng cao năng lực quản lý nhà nước về bình đẳng giới", 2, 2),
]


def live_document(phase, *, approved_only: bool):
    snapshot = build_snapshot(
        phase=phase,
        area=phase.programme.area,
        year=2020,
        approved_only=approved_only,
        words=default_words(phase),
    )
    return read_docx(render_docx(snapshot))


def test_the_demo_draft_with_every_figure_achieves_18_of_24_and_says_drafts_are_in():
    lines = body_lines(live_document(load_demo(), approved_only=False))

    assert lines[:2] == [
        "DỰ THẢO",
        "Bản dự thảo này sử dụng cả số liệu chưa được phê duyệt (190 số liệu chưa phê duyệt).",
    ]
    assert after(lines, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU") == [
        f"Năm 2020 đạt 18/24 chỉ tiêu thuộc 7 mục tiêu; 06 chỉ tiêu chưa đạt ({ALL_MISSED})."
    ]
    assert [(heading, *after(lines, heading)) for heading, *_ in OBJECTIVES] == [
        (heading, f"Đạt {achieved}/{total} chỉ tiêu.") for heading, achieved, total in OBJECTIVES
    ]


def test_the_demo_draft_of_approved_figures_counts_none_until_they_are_approved():
    """The demo's figures are drafts: by default the review counts approved ones only."""
    phase = load_demo()

    before = body_lines(live_document(phase, approved_only=True))
    approve_every_figure()
    approved = body_lines(live_document(phase, approved_only=True))

    every_code = (
        "1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 4.1, 4.2, 4.3, 4.4, 5.1, 5.2, "
        "5.3, 6.1, 6.2, 6.3, 6.4, 7.1, 7.2"
    )
    assert before[1] == (
        "Chỉ tính số liệu đã được phê duyệt; 190 số liệu chưa được phê duyệt không được tính."
    )
    assert after(before, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU") == [
        f"Năm 2020 đạt 0/24 chỉ tiêu thuộc 7 mục tiêu; 24 chỉ tiêu chưa có số liệu ({every_code})."
    ]
    assert approved[:2] == ["DỰ THẢO", "BÁO CÁO"]
    assert after(approved, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU") == [
        f"Năm 2020 đạt 18/24 chỉ tiêu thuộc 7 mục tiêu; 06 chỉ tiêu chưa đạt ({ALL_MISSED})."
    ]


def test_each_target_is_quoted_and_judged_with_its_change_in_percentage_points():
    lines = body_lines(live_document(load_demo(), approved_only=False))

    assert after(
        lines, "2. Mục tiêu 2: Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động, việc làm", 6
    )[3:5] == [
        "Chỉ tiêu 2.2: Tỷ lệ nữ làm chủ doanh nghiệp. Chỉ tiêu đề ra: “Tỷ lệ nữ làm chủ doanh "
        "nghiệp đạt từ 35% trở lên vào năm 2020”.",
        "Năm 2020 đạt 32,9%, chưa đạt chỉ tiêu (kế hoạch: từ 35% trở lên); so với năm 2015 "
        "(25,2%): +7,7 điểm phần trăm.",
    ]
    assert (
        # The unit as the report writes it (DOMAIN §5), not the generic "trên 100".
        "Năm 2020 đạt 116,2 bé trai/100 bé gái, chưa đạt chỉ tiêu (kế hoạch: không vượt quá "
        "115 bé trai/100 bé gái); so với năm 2015 (112,6 bé trai/100 bé gái): +3,6 điểm."
    ) in lines
    assert "Năm 2020 đạt 98,6%, đạt chỉ tiêu (kế hoạch: từ 98% trở lên)." in lines  # no predecessor


def test_care_models_give_children_by_sex_and_funding_by_source():
    lines = body_lines(live_document(load_demo(), approved_only=False))

    assert after(lines, "III. KẾT QUẢ THỰC HIỆN CÁC MÔ HÌNH", 5) == [
        "Giai đoạn 2016–2020, trên địa bàn tỉnh Minh Hòa (minh họa) có 08 mô hình thuộc 04 loại "
        "được triển khai, đã hỗ trợ 545 lượt trẻ em (246 lượt trẻ em gái, 299 lượt trẻ em trai); "
        "tổng kinh phí 2.932.000.000 đồng, trong đó ngân sách nhà nước 2.085.000.000 đồng, huy "
        "động xã hội hóa 847.000.000 đồng.",
        "- Phục hồi chức năng dựa vào cộng đồng: 03 mô hình tại xã Đồi Chè Xanh (minh họa), xã "
        "Cồn Cát Trắng (minh họa), xã Ngàn Thông (minh họa); hỗ trợ 280 lượt trẻ em (120 lượt trẻ "
        "em gái, 160 lượt trẻ em trai); ngân sách nhà nước 840.000.000 đồng, huy động xã hội hóa "
        "274.000.000 đồng. Đối tác: Hội Chữ thập đỏ tỉnh Minh Hòa (minh họa), Trung tâm Công tác "
        "xã hội tỉnh Minh Hòa (minh họa).",
        "- Nhận nuôi dưỡng tạm thời: 02 mô hình tại xã Bến Lúa (minh họa), xã Bãi Lau Hồng (minh "
        "họa); hỗ trợ 69 lượt trẻ em (37 lượt trẻ em gái, 32 lượt trẻ em trai); ngân sách nhà nước "
        "396.000.000 đồng, huy động xã hội hóa 100.000.000 đồng. Đối tác: Quỹ Vì trẻ em Minh Hòa "
        "(minh họa).",
        "- Dạy nghề gắn với việc làm: 02 mô hình tại phường Hoa Sữa (minh họa), thị trấn Đồng Cói "
        "(minh họa); hỗ trợ 133 lượt trẻ em (54 lượt trẻ em gái, 79 lượt trẻ em trai); ngân sách "
        "nhà nước 615.000.000 đồng, huy động xã hội hóa 370.000.000 đồng. Đối tác: Công ty Cổ phần "
        "May mặc Sơn Mây (minh họa).",
        "- Trị liệu tâm lý: 01 mô hình tại phường Cầu Mây (minh họa); hỗ trợ 63 lượt trẻ em (35 "
        "lượt trẻ em gái, 28 lượt trẻ em trai); ngân sách nhà nước 234.000.000 đồng, huy động xã "
        "hội hóa 103.000.000 đồng. Đối tác: Nhà hảo tâm giấu tên (minh họa).",
    ]


def test_commendations_name_each_decision_and_the_totals():
    lines = body_lines(live_document(load_demo(), approved_only=False))

    bonus = Commendation.objects.aggregate(total=Sum("bonus"))["total"]
    assert after(lines, "IV. CÔNG TÁC THI ĐUA, KHEN THƯỞNG", 3) == [
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 13 tập thể và 12 cá nhân (Quyết định "
        "số 163/QĐ-UBND ngày 15/3/2021).",
        "- Giấy khen của Giám đốc Sở cho 03 tập thể và 05 cá nhân (Quyết định số 45/QĐ-SLĐTBXH "
        "ngày 25/01/2021).",
        "Tổng cộng đã khen thưởng 16 tập thể và 17 cá nhân (trong đó 11 cá nhân là nữ, chiếm "
        f"64,7%); tổng tiền thưởng {grouped(bonus)} đồng.",
    ]


def test_an_issued_report_has_the_decrees_header_number_date_and_end_matter():
    phase = load_demo()
    approve_every_figure()
    report = review_report_issue(report=demo_report(phase))

    document = read_docx(render_docx(report_snapshot(report)))
    header, end = document.tables[0], document.tables[-1]
    lines = body_lines(document)

    assert cell_lines(header, 0) == [
        "ỦY BAN NHÂN DÂN TỈNH MINH HÒA (MINH HỌA)",
        "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
        "",  # the short rule under the issuing body
        "Số: 25/BC-SLĐTBXH",
    ]
    assert cell_lines(header, 1) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",  # the rule under the motto
        "Minh Hòa, ngày 05 tháng 01 năm 2021",
    ]
    rules = [header.rows[0].cells[0].paragraphs[2], header.rows[0].cells[1].paragraphs[2]]
    assert all(p._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None for p in rules)
    assert lines[:4] == [
        "BÁO CÁO",
        "Tổng kết thực hiện chương trình “Bình đẳng giới tỉnh Minh Hòa (minh họa)” giai đoạn "
        "2016–2020",
        "",  # the short rule under the subject
        "Kính gửi: Bộ Lao động – Thương binh và Xã hội.",
    ]
    assert "DỰ THẢO" not in lines
    assert cell_lines(end, 0) == [
        "Nơi nhận:",
        "- Như trên;",
        "- UBND tỉnh (để b/c);",
        "- Lưu: VT, BĐG.",
    ]
    assert cell_lines(end, 1) == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "",
        "",
        "",
        "",
        "Phạm Thị Thanh Huyền",
    ]
    assert lines[-1] == (
        "Trên đây là báo cáo tổng kết giai đoạn 2016–2020 thực hiện chương trình “Bình đẳng giới "
        "tỉnh Minh Hòa (minh họa)” của Sở Lao động – Thương binh và Xã hội./."
    )


def test_the_officers_sections_stand_where_the_outline_puts_them():
    phase = load_demo()
    report = demo_report(phase, figures="all")
    lines = body_lines(read_docx(render_docx(report_snapshot(report))))

    sections = report.sections
    assert after(lines, "1. Kết quả đạt được") == [sections["achievements"]]
    limitations = after(lines, "2. Tồn tại, hạn chế", 8)
    assert limitations[0] == "Các chỉ tiêu chưa đạt:"
    assert limitations[5] == (
        "- Chỉ tiêu 4.1, Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái): năm 2020 đạt "
        "116,2 bé trai/100 bé gái, chưa đạt kế hoạch không vượt quá 115 bé trai/100 bé gái."
    )
    assert limitations[7] == sections["limitations"]
    assert after(lines, "3. Nguyên nhân") == [sections["causes"]]
    assert after(lines, "VI. BÀI HỌC KINH NGHIỆM") == [sections["lessons"]]
    assert after(lines, "2. Nhiệm vụ, giải pháp") == [sections["directions"]]
    assert after(lines, "VIII. ĐỀ XUẤT, KIẾN NGHỊ") == [sections["recommendations"]]


def test_a_draft_marks_the_parts_the_officer_has_not_written_yet():
    lines = body_lines(live_document(load_demo(), approved_only=False))

    assert after(lines, "VI. BÀI HỌC KINH NGHIỆM") == [
        "[Phần do cơ quan soạn thảo viết: bài học kinh nghiệm]"
    ]


def test_the_page_is_a4_in_times_new_roman_14_with_page_numbers_from_page_two():
    document = live_document(load_demo(), approved_only=False)
    section = document.sections[0]
    normal = document.styles["Normal"]

    assert [round(length.mm) for length in (section.page_width, section.page_height)] == [210, 297]
    assert [
        round(length.mm)
        for length in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    runs = [
        run
        for container in [document, *(c for t in document.tables for r in t.rows for c in r.cells)]
        for paragraph in container.paragraphs
        for run in paragraph.runs
    ]
    assert {run.font.name for run in runs} == {None}  # every run keeps the style's font
    assert {run.font.size.pt for run in runs if run.font.size} <= {11.0, 12.0, 13.0, 14.0}
    body = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.font.size}
    assert body == {12.0, 14.0}  # 12: the note on the figures under "DỰ THẢO"
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_numbers_are_written_the_vietnamese_way_whatever_the_request_language():
    phase = load_demo()
    snapshot = build_snapshot(
        phase=phase,
        area=phase.programme.area,
        year=2020,
        approved_only=False,
        words=default_words(phase),
    )

    lines = body_lines(read_docx(render_docx(snapshot)))  # tests run in English

    assert any("2.932.000.000 đồng" in line for line in lines)
    assert Decimal(snapshot["results"]["targets"][5]["actual"]) == Decimal("32.9")
