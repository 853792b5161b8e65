"""The page layout of an administrative document (Nghị định 30/2020, Phụ lục I) in python-docx.

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
(set for every script, so Vietnamese letters never fall back to another font), 14 pt
body text, justified, first line indented 1 cm, 6 pt after each paragraph; the page
number centred in the top margin from page 2 on. python-docx has no call for fields or
paragraph borders, so the few XML elements they need are built here.
"""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = 14
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]

CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)


def new_document():
    """An empty A4 document with the decree's margins, font and page numbers."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_SIZE)
        _all_scripts(style.element.get_or_add_rPr())
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after = Pt(0), Pt(6)
    normal.line_spacing = 1.15
    _page_numbers_from_page_two(section)
    return document


def _all_scripts(rpr) -> None:
    """Times New Roman for Latin, East Asian and complex scripts alike."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _page_numbers_from_page_two(section) -> None:
    """A PAGE field centred in the header; the first page has its own, empty, header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.size = Pt(BODY_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    section.first_page_header.paragraphs[0].text = ""


def write(
    container,
    text: str = "",
    *,
    size: int = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align=JUSTIFY,
    indent: bool = False,
    after: int = 6,
) -> Paragraph:
    """A paragraph of one run in `container` (the document or a table cell)."""
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic = bold, italic
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def add_run(paragraph: Paragraph, text: str, *, size: int = BODY_SIZE, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def rule(container, *, inset, after: int = 6) -> Paragraph:
    """A thin horizontal line, `inset` from each side of `container` (the decree's short
    rules under the issuing body, the motto and the subject): an empty paragraph two
    points high whose bottom border is the line."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.left_indent = inset
    paragraph.paragraph_format.right_indent = inset
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.paragraph_format.space_after = Pt(after)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(attribute), value)
    borders.append(bottom)
    ppr.append(borders)
    return paragraph


def plain_table(document, columns: list) -> Table:
    """A table without borders whose columns have the given widths (the header, the
    signature block)."""
    table = document.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, columns)
    for cell in table.rows[0].cells:
        # A new cell holds one empty paragraph; the writer adds its own.
        cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _column_widths(table: Table, widths: list) -> None:
    """Widths on the grid (which LibreOffice reads) and on every cell (which Word reads)."""
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def grid_table(document, header: list[str], rows: list[list[str]], widths: list, size=12) -> Table:
    """A bordered table with a bold header row, in `size` points."""
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, size=size, bold=True, align=CENTER)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell_text(cell, text, size=size, align=LEFT if index == 1 else CENTER)
    _column_widths(table, widths)
    return table


def _cell_text(cell: _Cell, text: str, *, size: int, bold: bool = False, align=CENTER) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    add_run(paragraph, text, size=size, bold=bold)
