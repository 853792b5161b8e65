"""Helpers the review-report tests share: the demo's review, and reading documents back."""

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
from django.core.management import call_command

from indicators.db_guards import reopening_all
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


def small_review(size: int = 1):
    """A province with `size` districts, a phase continuing the one before it, `size`
    objectives × `size` indicators with a 2020 target and approved figures, care models
    and an award decision: a review with every part, built from factories."""
    from programmes.models import AreaLevel
    from tests.factories import (
        AreaFactory,
        AwardDecisionFactory,
        CareModelFactory,
        CareModelReportFactory,
        CommendationFactory,
        IndicatorFactory,
        MeasurementFactory,
        ObjectiveFactory,
        PhaseFactory,
        ProgrammeFactory,
        TargetFactory,
    )

    province = AreaFactory(code="QP", name="Tỉnh Quy Mô")
    districts = [
        AreaFactory(code=f"QP-{d}", name=f"Huyện {d}", parent=province, level=AreaLevel.DISTRICT)
        for d in range(size)
    ]
    programme = ProgrammeFactory(code="QP-BDG", name="Bình đẳng giới tỉnh Quy Mô", area=province)
    previous = PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    phase = PhaseFactory(programme=programme, start_year=2016, end_year=2020, previous=previous)
    approved = MeasurementStatus.APPROVED
    for o in range(1, size + 1):
        objective = ObjectiveFactory(phase=phase, number=o, title=f"Mục tiêu số {o}")
        earlier = ObjectiveFactory(phase=previous, number=o)
        for i in range(1, size + 1):
            before = IndicatorFactory(objective=earlier, code=f"{o}.{i}")
            MeasurementFactory(
                indicator=before, area=province, period="2015", value=Decimal(20), status=approved
            )
            indicator = IndicatorFactory(
                objective=objective, code=f"{o}.{i}", name=f"Tỷ lệ {o}.{i}", previous=before
            )
            TargetFactory(
                indicator=indicator,
                area=province,
                year=2020,
                value=Decimal(30),
                source_text=f"Đạt từ 30% trở lên ({o}.{i})",
            )
            for district in districts:
                for sex, numerator, denominator in (
                    ("female", 3, 8),
                    ("male", 2, 8),
                    ("total", 5, 16),
                ):
                    MeasurementFactory(
                        indicator=indicator,
                        area=district,
                        period="2020",
                        sex=sex,
                        numerator=Decimal(numerator),
                        denominator=Decimal(denominator),
                        value=Decimal(numerator) / Decimal(denominator) * 100,
                        status=approved,
                    )
    for district in districts:
        model = CareModelFactory(area=district, programme=programme)
        CareModelReportFactory(care_model=model, period="2020")
    decision = AwardDecisionFactory(number="163/QĐ-UBND", phase=phase, programme=programme)
    for n in range(size):
        CommendationFactory(decision=decision, name=f"Nguyễn Thị {n}", area=province)
    return phase


def correct_figures(figures, **values) -> None:
    """Change approved figures as a provincial officer would: reopen, correct, approve.

    Queryset updates, not the workflow's services (these tests are about the report); the
    database's lock on approved figures is respected, so the status moves first.
    """
    ids = list(figures.values_list("pk", flat=True))
    rows = Measurement.objects.filter(pk__in=ids)
    with reopening_all(Measurement):
        rows.update(status=MeasurementStatus.DRAFT)
    rows.update(**values)
    rows.update(status=MeasurementStatus.APPROVED)
