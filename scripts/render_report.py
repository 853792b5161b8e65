#!/usr/bin/env python
"""Render the demo province's 2016–2020 review for the README: .docx, .xlsx, PDF, PNG.

Builds the demo in a scratch SQLite database (never the one `make run` uses), renders
the gender equality review as a draft with every figure and example header words, then,
when LibreOffice (`soffice`) is installed, converts both files to PDF and, with
`pdftoppm`, writes the report's first two pages and the first appendix as PNG to
docs/screens/. Without those tools it says so and leaves the .docx and .xlsx where it
printed.

    python scripts/render_report.py [--out docs/screens]
"""

import argparse
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_WORDS = {
    "status": "draft",
    "number": "25/BC-SLĐTBXH",
    "place": "Minh Hòa",
    "issued_on": datetime.date(2021, 1, 5).isoformat(),
    "parent_body": "Ủy ban nhân dân tỉnh Minh Hòa (minh họa)",
    "issuing_body": "Sở Lao động – Thương binh và Xã hội",
    "recipients": {
        "to": ["Bộ Lao động – Thương binh và Xã hội"],
        "copies": ["UBND tỉnh (để b/c)", "Lưu: VT, BĐG"],
    },
    "signer_name": "Phạm Thị Thanh Huyền",
    "signer_title": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
    "sections": {
        "achievements": "Nhận thức về bình đẳng giới của cán bộ và người dân được nâng lên "
        "(nội dung minh họa).",
        "limitations": "Tỷ số giới tính khi sinh còn cao (nội dung minh họa).",
        "causes": "Định kiến giới còn nặng nề ở một số địa phương (nội dung minh họa).",
        "lessons": "Sự vào cuộc của cấp ủy, chính quyền là yếu tố quyết định (nội dung minh họa).",
        "directions": "Tiếp tục lồng ghép bình đẳng giới trong các chương trình (nội dung minh họa).",
        "recommendations": "Đề nghị Bộ tiếp tục hỗ trợ kinh phí (nội dung minh họa).",
    },
}


def render(work: Path) -> tuple[Path, Path]:
    """The demo's review as .docx and .xlsx in `work`."""
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'demo.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from programmes.models import Phase
    from reports.document_docx import render_docx
    from reports.document_xlsx import render_xlsx
    from reports.snapshot import build_snapshot

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    phase = Phase.objects.select_related("programme__area").get(
        programme__code="MH-BDG", name="2016–2020"
    )
    snapshot = build_snapshot(
        phase=phase, area=phase.programme.area, year=2020, approved_only=False, words=EXAMPLE_WORDS
    )
    docx, xlsx = work / "review-report.docx", work / "review-appendices.xlsx"
    docx.write_bytes(render_docx(snapshot))
    xlsx.write_bytes(render_xlsx(snapshot))
    return docx, xlsx


def to_png(pdf: Path, out: Path, name: str, pages: int) -> list[Path]:
    """The first `pages` pages of `pdf` as out/name-N.png (pdftoppm)."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(out / name)],
        check=True,
    )
    return sorted(out.glob(f"{name}-*.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    out = parser.parse_args().out.resolve()
    work = Path(tempfile.mkdtemp(prefix="review-report-"))
    docx, xlsx = render(work)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print(f"LibreOffice or pdftoppm is not installed; the documents are in {work}.")
        return 0
    for document in (docx, xlsx):
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(document)],
            check=True,
            capture_output=True,
        )
    out.mkdir(parents=True, exist_ok=True)
    written = to_png(docx.with_suffix(".pdf"), out, "review-report-page", pages=2)
    written += to_png(xlsx.with_suffix(".pdf"), out, "review-appendix", pages=1)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
