"""Helpers the review-report tests share: the demo's review, and reading documents back."""

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
from django.core.management import call_command

from indicators.models import Measurement, MeasurementStatus
from programmes.models import Phase
from reports.models import ReviewReport
from reports.services import review_report_create

DEMO_WORDS = {
    "number": "25/BC-SLĐTBXH",
    "place": "Minh Hòa",
    "issued_on": datetime.date(2021, 1, 5),
    "parent_body": "Ủy ban nhân dân tỉnh Minh Hòa (minh họa)",
    "issuing_body": "Sở Lao động – Thương binh và Xã hội",
    "recipients": {
        "to": ["Bộ Lao động – Thương binh và Xã hội"],
        "copies": ["UBND tỉnh (để b/c)", "Lưu: VT, BĐG"],
    },
    "signer_name": "Phạm Thị Thanh Huyền",
    "signer_title": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
    "sections": {
        "achievements": "Nhận thức về bình đẳng giới của cán bộ và người dân được nâng lên.",
        "limitations": "Tỷ số giới tính khi sinh còn cao.",
        "causes": "Định kiến giới còn nặng nề ở một số địa phương.",
        "lessons": "Sự vào cuộc của cấp ủy, chính quyền là yếu tố quyết định.",
        "directions": "Tiếp tục lồng ghép bình đẳng giới trong các chương trình.",
        "recommendations": "Đề nghị Bộ tiếp tục hỗ trợ kinh phí cho tỉnh.",
    },
}


def load_demo() -> Phase:
    """The demo province; returns its gender equality phase 2016–2020."""
    call_command("load_demo", stdout=io.StringIO())
    return demo_phase()


def demo_phase() -> Phase:
    return Phase.objects.select_related("programme__area", "previous").get(
        programme__code="MH-BDG", name="2016–2020"
    )


def approve_every_figure() -> None:
    """The demo's figures are drafts; the official review counts approved ones only.

    A queryset update, not the review workflow: these tests are about the report, and
    the summaries the scorecard reads follow any write (database triggers).
    """
    Measurement.objects.update(status=MeasurementStatus.APPROVED)


def demo_report(phase: Phase, **fields) -> ReviewReport:
    """A draft of the demo's review, with every word an issue needs."""
    return review_report_create(phase=phase, **{**DEMO_WORDS, **fields})


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def body_lines(document) -> list[str]:
    """The text of the body's paragraphs (tables apart), in order."""
    return [paragraph.text for paragraph in document.paragraphs]


def cell_lines(table, column: int) -> list[str]:
    return [paragraph.text for paragraph in table.rows[0].cells[column].paragraphs]


def after(lines: list[str], heading: str, count: int = 1) -> list[str]:
    """The `count` lines that follow `heading`."""
    start = lines.index(heading) + 1
    return lines[start : start + count]


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def grouped(amount: Decimal | int) -> str:
    """A whole amount the Vietnamese way, written here by hand: 1.234.567."""
    return f"{int(amount):,}".replace(",", ".")
