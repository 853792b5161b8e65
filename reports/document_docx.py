"""The review as a Word document, laid out by Nghị định 30/2020, rendered from a snapshot.

Header table (parent and issuing body, number and symbol; Quốc hiệu and Tiêu ngữ; place
and date), "BÁO CÁO" and its subject, "Kính gửi", the body I–VIII of DOMAIN §5 (the
system's sentences from `reports.wording`, the officer's sections where the outline puts
them), "Nơi nhận" and the signature block. The renderer reads nothing but the snapshot.
"""

import datetime
import io

from django.utils import translation
from django.utils.translation import pgettext
from docx.shared import Mm

from reports import wording, wording_activities
from reports.docx_layout import (
    CENTER,
    LEFT,
    TEXT_WIDTH,
    add_run,
    grid_table,
    new_document,
    plain_table,
    rule,
    write,
)
from reports.formats import lines_of, long_date, paragraphs_of, value_text
from reports.snapshot import DOCUMENT_LANGUAGE

# A little wider than the text, as the decree's template is, so the motto fits one line.
HEADER_LEFT, HEADER_RIGHT = Mm(66), TEXT_WIDTH - Mm(63)
END_LEFT, END_RIGHT = Mm(80), TEXT_WIDTH - Mm(80)
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_docx(snapshot: dict) -> bytes:
    """The .docx file of the review `snapshot` describes."""
    with translation.override(DOCUMENT_LANGUAGE):
        document = new_document()
        _header(document, snapshot)
        _marks(document, snapshot)
        _title(document, snapshot)
        write(document, wording.opening(snapshot), indent=True)
        _body(document, snapshot)
        write(document, wording.closing(snapshot), indent=True)
        _end_matter(document, snapshot)
        properties = document.core_properties
        properties.title = wording.subject(snapshot)
        properties.author = snapshot["document"]["issuing_body"]
        properties.created = properties.modified = datetime.datetime.fromisoformat(
            snapshot["built_at"]
        )
        properties.revision = 1
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _header(document, snapshot: dict) -> None:
    words = snapshot["document"]
    table = plain_table(document, [HEADER_LEFT, HEADER_RIGHT])
    left, right = table.rows[0].cells
    write(left, words["parent_body"].upper(), size=12, align=CENTER, after=0)
    write(left, words["issuing_body"].upper(), size=12, bold=True, align=CENTER, after=0)
    rule(left, inset=Mm(20))
    number = words["number"] or "      /BC-…"
    write(
        left,
        pgettext("review report", "No.: %(number)s") % {"number": number},
        size=13,
        align=CENTER,
    )
    write(
        right,
        pgettext("review report", "SOCIALIST REPUBLIC OF VIETNAM"),
        size=12,
        bold=True,
        align=CENTER,
        after=0,
    )
    write(
        right,
        pgettext("review report", "Independence - Freedom - Happiness"),
        bold=True,
        align=CENTER,
        after=0,
    )
    rule(right, inset=Mm(19))
    issued_on = datetime.date.fromisoformat(words["issued_on"]) if words["issued_on"] else None
    write(right, f"{words['place'] or '…'}, {long_date(issued_on)}", italic=True, align=CENTER)


def _marks(document, snapshot: dict) -> None:
    """A draft says so, and says which figures it counts, on its first page."""
    if snapshot["document"]["status"] != "issued":
        write(document, pgettext("review report", "DRAFT"), bold=True, align=CENTER, after=0)
    notice = wording.figures_notice(snapshot)
    if notice:
        write(document, notice, size=12, italic=True, align=CENTER)


def _title(document, snapshot: dict) -> None:
    write(document, pgettext("review report", "REPORT"), bold=True, align=CENTER, after=0)
    write(document, wording.subject(snapshot), bold=True, align=CENTER, after=0)
    rule(document, inset=Mm(62), after=12)
    addressees = [line.rstrip(" ;.") for line in snapshot["document"]["recipients"]["to"]]
    label = pgettext("review report", "To:")
    if len(addressees) == 1:
        write(document, f"{label} {addressees[0]}.", align=CENTER, after=12)
    elif addressees:
        write(document, label, align=CENTER, after=0)
        for index, line in enumerate(addressees):
            end = "." if index == len(addressees) - 1 else ";"
            write(document, f"- {line}{end}", align=CENTER, after=0)
        write(document, after=6)


def _heading(document, text: str) -> None:
    write(document, text, bold=True, indent=True)


def _officer_text(document, snapshot: dict, key: str) -> None:
    """The officer's section, one paragraph per line; a marked placeholder while empty."""
    paragraphs = paragraphs_of(snapshot["document"]["sections"][key])
    if not paragraphs:
        write(document, wording.placeholder(key), italic=True, indent=True)
    for text in paragraphs:
        write(document, text, indent=True)


def _body(document, snapshot: dict) -> None:
    _heading(document, pgettext("review report", "I. LEADERSHIP, DIRECTION AND ORGANISATION"))
    for line in wording.plan_summary(snapshot):
        write(document, line, indent=True)

    _heading(document, pgettext("review report", "II. RESULTS AGAINST THE OBJECTIVES AND TARGETS"))
    write(document, wording.results_summary(snapshot), indent=True)
    targets = snapshot["results"]["targets"]
    for objective in snapshot["results"]["objectives"]:
        _heading(document, wording.objective_heading(objective))
        write(document, wording.objective_summary(objective), indent=True)
        for target in (t for t in targets if t["objective"] == objective["number"]):
            paragraph = write(document, indent=True)
            add_run(paragraph, wording.target_heading(target) + ". ", bold=True)
            add_run(paragraph, wording.target_wording(target))
            write(document, wording.target_result(target, snapshot), indent=True)
    write(
        document,
        pgettext("review report", "(Details in Appendices 01–07 attached.)"),
        italic=True,
        indent=True,
    )

    _heading(document, pgettext("review report", "III. CARE MODELS"))
    for line in wording_activities.care_models(snapshot):
        write(document, line, indent=True)

    _heading(document, pgettext("review report", "IV. EMULATION AND COMMENDATION"))
    for line in wording_activities.commendations(snapshot):
        write(document, line, indent=True)

    _heading(document, pgettext("review report", "V. GENERAL ASSESSMENT"))
    _heading(document, pgettext("review report", "1. Achievements"))
    _officer_text(document, snapshot, "achievements")
    _heading(document, pgettext("review report", "2. Limitations"))
    for line in wording.limitations(snapshot):
        write(document, line, indent=True)
    _officer_text(document, snapshot, "limitations")
    _heading(document, pgettext("review report", "3. Causes"))
    _officer_text(document, snapshot, "causes")

    _heading(document, pgettext("review report", "VI. LESSONS LEARNT"))
    _officer_text(document, snapshot, "lessons")

    _next_phase(document, snapshot)

    _heading(document, pgettext("review report", "VIII. RECOMMENDATIONS"))
    _officer_text(document, snapshot, "recommendations")


def _next_phase(document, snapshot: dict) -> None:
    following = snapshot["next_phase"]
    if following["phase"] is None:
        title = pgettext("review report", "VII. DIRECTIONS AND TASKS FOR THE NEXT PHASE")
    else:
        title = pgettext("review report", "VII. DIRECTIONS AND TASKS FOR THE PHASE %(phase)s") % {
            "phase": following["phase"]["name"]
        }
    _heading(document, title)
    _heading(document, pgettext("review report", "1. Main targets"))
    write(document, wording.next_phase_intro(snapshot), indent=True)
    if following["targets"]:
        rows = [
            [
                str(index),
                f"{row['indicator_code']}. {row['indicator_name']}",
                value_text(row["baseline_value"], row["unit"])
                + (f" ({row['baseline_year']})" if row["baseline_year"] else ""),
                wording.comparator_text(row["comparator"], row["target_value"], row["unit"])
                + f" ({row['target_year']})",
            ]
            for index, row in enumerate(following["targets"], start=1)
        ]
        header = [
            pgettext("review report", "No."),
            pgettext("review report", "Target"),
            pgettext("review report", "Baseline"),
            pgettext("review report", "Plan"),
        ]
        grid_table(document, header, rows, [Mm(12), Mm(83), Mm(30), Mm(40)])
        write(document, after=6)
    _heading(document, pgettext("review report", "2. Tasks and measures"))
    _officer_text(document, snapshot, "directions")


def _end_matter(document, snapshot: dict) -> None:
    """ "Nơi nhận" on the left, the signature block on the right."""
    words = snapshot["document"]
    table = plain_table(document, [END_LEFT, END_RIGHT])
    left, right = table.rows[0].cells
    write(
        left,
        pgettext("review report", "Recipients:"),
        size=12,
        bold=True,
        italic=True,
        align=LEFT,
        after=0,
    )
    lines = [pgettext("review report", "As above")] if words["recipients"]["to"] else []
    lines += [line.strip().rstrip(";.") for line in words["recipients"]["copies"] if line.strip()]
    for index, line in enumerate(lines):
        end = "." if index == len(lines) - 1 else ";"
        write(left, f"- {line}{end}", size=11, align=LEFT, after=0)
    for line in lines_of(words["signer_title"]):
        write(right, line.upper(), bold=True, align=CENTER, after=0)
    for _blank in range(4):
        write(right, align=CENTER, after=0)
    write(right, words["signer_name"], bold=True, align=CENTER, after=0)
