"""The seven appendix tables of a review (DOMAIN §5), as titles, headings and rows.

Each builder takes a snapshot and returns (title, header, rows); the workbook layout is
`reports.document_xlsx`'s. Numbers stay numbers (int or float) so a spreadsheet can add
them up; text cells carry what a number cannot (a change with its kind, a verdict).
"""

import datetime
from collections.abc import Callable

from django.utils.translation import pgettext

from reports import wording
from reports.formats import change_text, decimal_or_none, plain_number
from reports.wording_activities import short_date_of

SYMBOLS = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "eq": "="}
Table = tuple[str, list[str], list[list]]


class Emphasis(list):
    """A row printed in bold: an objective, an indicator's heading, the totals."""


def number(text: str | None) -> int | float | None:
    """A snapshot decimal as a spreadsheet number (an int when whole)."""
    value = decimal_or_none(text)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def unit_label(unit: str) -> str:
    """The unit column (ĐVT) of a table."""
    return {
        "percent": "%",
        "count": pgettext("review report unit", "number"),
        "per_100": "/100",
        "per_1000": "‰",
        "per_100000": "/100.000",
        "times": pgettext("review report unit", "times"),
        "vnd": pgettext("review report unit", "VND"),
        "milestone": pgettext("review report unit", "milestone"),
    }.get(unit, unit)


def plan_text(comparator: str, value: str, year: int) -> str:
    """ "≥ 35 (2020)": a target in a table, where symbols are the custom."""
    return f"{SYMBOLS.get(comparator, comparator)} {plain_number(value)} ({year})"


def _total_row(label: str, rows: list[list], columns: range, width: int) -> Emphasis:
    row: list = [None, label, *[None] * (width - 2)]
    for column in columns:
        row[column] = sum(r[column] or 0 for r in rows if not isinstance(r, Emphasis))
    return Emphasis(row)


def results_table(snapshot: dict) -> Table:
    """Biểu 01: every target, the actual of each year, the previous phase, the verdict."""
    previous, targets = snapshot["previous_phase"], snapshot["results"]["targets"]
    years = list(range(snapshot["phase"]["start_year"], snapshot["phase"]["end_year"] + 1))
    actual = pgettext("review report", "Actual %(year)s")
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Objective / target"),
        pgettext("review report", "Unit"),
        pgettext("review report", "Plan"),
        *([actual % {"year": previous["end_year"]}] if previous else []),
        *[actual % {"year": year} for year in years],
        pgettext("review report", "Change on the previous phase"),
        pgettext("review report", "Assessment"),
        pgettext("review report", "Legal wording"),
    ]
    rows: list[list] = []
    for objective in snapshot["results"]["objectives"]:
        heading = pgettext("review report", "Objective %(number)s: %(title)s") % objective
        rows.append(Emphasis([objective["number"], heading, *[None] * (len(header) - 2)]))
        for target in (t for t in targets if t["objective"] == objective["number"]):
            row = [
                target["indicator_code"],
                target["indicator_name"],
                unit_label(target["unit"]),
                plan_text(target["comparator"], target["target_value"], target["target_year"]),
            ]
            if previous:
                row.append(number(target["previous"]["value"]) if target["previous"] else None)
            row += [number(point["actual"]) for point in target["series"]]
            row += [
                change_text(target["change"]) if target["change"] else None,
                wording.status_label(target["status"]),
                target["source_text"],
            ]
            rows.append(row)
    title = pgettext("review report", "Results by target, phase %(phase)s")
    return title % {"phase": snapshot["phase"]["name"]}, header, rows


def by_sex_table(snapshot: dict) -> Table:
    """Biểu 02: the indicators with figures by sex, for the area and each area below it."""
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Area"),
        pgettext("review report", "Total"),
        pgettext("review report", "Female"),
        pgettext("review report", "Male"),
        pgettext("review report", "Female share (%)"),
    ]
    rows: list[list] = []
    for table in snapshot["by_sex"]:
        label = (
            f"{table['indicator_code']}. {table['indicator_name']} ({unit_label(table['unit'])})"
        )
        rows.append(Emphasis([table["indicator_code"], label, None, None, None, None]))
        for index, row in enumerate(table["rows"]):
            total, female = number(row["total"]), number(row["female"])
            share = None
            if table["unit"] in ("count", "vnd") and total and female is not None:
                share = round(100 * female / total, 1)
            rows.append([index or None, row["name"], total, female, number(row["male"]), share])
    if not rows:
        rows.append(
            [None, pgettext("review report", "No figures by sex for this year."), *[None] * 4]
        )
    title = pgettext("review report", "Figures by sex and area, %(year)s")
    return title % {"year": snapshot["year"]}, header, rows


def children_table(snapshot: dict) -> Table:
    """Biểu 03: children the care models reached, by the 14 groups of the Law on Children."""
    data = snapshot["children_by_group"]
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Group (Art. 10, Law on Children 2016)"),
        *[str(year) for year in data["years"]],
        pgettext("review report", "Total"),
    ]
    rows: list[list] = [
        [index, group["label"], *group["by_year"], group["total"]]
        for index, group in enumerate(data["groups"], start=1)
    ]
    rows.append(
        [
            None,
            pgettext(
                "review report",
                "Note: children reached by the care models, a child counted in each group it "
                "belongs to and in each year it was reached; the 14 groups apply from "
                "01/6/2017.",
            ),
            *[None] * (len(header) - 2),
        ]
    )
    return pgettext("review report", "Children in special circumstances by group"), header, rows


def care_models_table(snapshot: dict) -> Table:
    """Biểu 04: the care models by kind: where, since when, children reached, money."""
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Kind of care model"),
        pgettext("review report", "Models"),
        pgettext("review report", "Communes and wards"),
        pgettext("review report", "Period"),
        pgettext("review report", "Children reached (times)"),
        pgettext("review report", "of whom girls"),
        pgettext("review report", "of whom boys"),
        pgettext("review report", "State budget (VND)"),
        pgettext("review report", "Mobilised (VND)"),
        pgettext("review report", "Partners"),
    ]
    rows: list[list] = []
    for index, kind in enumerate(snapshot["care_models"]["kinds"], start=1):
        rows.append(
            [
                index,
                kind["label"],
                kind["models"],
                ", ".join(kind["areas"]),
                _period(kind["started_on"], kind["ended_on"]),
                kind["beneficiaries_total"],
                kind["beneficiaries_female"],
                kind["beneficiaries_male"],
                kind["state_budget_vnd"],
                kind["mobilised_vnd"],
                ", ".join(kind["partners"]),
            ]
        )
    if rows:
        total = _total_row(pgettext("review report", "Total"), rows, range(5, 10), len(header))
        total[2] = snapshot["care_models"]["totals"]["models"]
        rows.append(total)
    title = pgettext("review report", "Care models for children, phase %(phase)s")
    return title % {"phase": snapshot["phase"]["name"]}, header, rows


def _period(started_on: str | None, ended_on: str | None) -> str:
    if started_on is None:
        return ""
    start = datetime.date.fromisoformat(started_on).strftime("%m/%Y")
    end = (
        datetime.date.fromisoformat(ended_on).strftime("%m/%Y")
        if ended_on
        else pgettext("review report", "now")
    )
    return f"{start} – {end}"


def funding_table(snapshot: dict) -> Table:
    """Biểu 05: money by year and source."""
    kinds = snapshot["funding"]["partner_kinds"]
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Year"),
        pgettext("review report", "State budget (VND)"),
        pgettext("review report", "Mobilised (VND)"),
        pgettext("review report", "Total (VND)"),
        *[
            pgettext("review report", "Cash from partners: %(kind)s") % {"kind": kind["label"]}
            for kind in kinds
        ],
    ]
    rows: list[list] = [
        [
            index,
            str(row["year"]),
            row["state_budget_vnd"],
            row["mobilised_vnd"],
            row["total_vnd"],
            *[row["partners"][kind["kind"]] for kind in kinds],
        ]
        for index, row in enumerate(snapshot["funding"]["years"], start=1)
    ]
    rows.append(
        _total_row(pgettext("review report", "Total"), rows, range(2, len(header)), len(header))
    )
    title = pgettext("review report", "Funding by source, phase %(phase)s")
    return title % {"phase": snapshot["phase"]["name"]}, header, rows


def commendations_table(snapshot: dict) -> Table:
    """Biểu 06: each award decision and what it granted."""
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Decision number"),
        pgettext("review report", "Date"),
        pgettext("review report", "Decided by"),
        pgettext("review report", "Form"),
        pgettext("review report", "Collectives"),
        pgettext("review report", "Individuals"),
        pgettext("review report", "of whom women"),
        pgettext("review report", "Households"),
        pgettext("review report", "Bonus (VND)"),
    ]
    rows: list[list] = [
        [
            index,
            row["number"],
            short_date_of(row["signed_on"]),
            row["issuer_level_label"],
            row["form_name"],
            row["collectives"],
            row["individuals"],
            row["individuals_female"],
            row["households"],
            number(row["bonus_vnd"]),
        ]
        for index, row in enumerate(snapshot["commendations"]["decisions"], start=1)
    ]
    if rows:
        rows.append(_total_row(pgettext("review report", "Total"), rows, range(5, 10), len(header)))
    return pgettext("review report", "Emulation and commendation"), header, rows


def next_targets_table(snapshot: dict) -> Table:
    """Biểu 07: the next phase's targets, each with its baseline."""
    following = snapshot["next_phase"]
    header = [
        pgettext("review report", "No."),
        pgettext("review report", "Target"),
        pgettext("review report", "Unit"),
        pgettext("review report", "Baseline"),
        pgettext("review report", "Baseline year"),
        pgettext("review report", "Plan"),
        pgettext("review report", "Legal wording"),
    ]
    rows: list[list] = [
        [
            row["indicator_code"],
            row["indicator_name"],
            unit_label(row["unit"]),
            number(row["baseline_value"]),
            str(row["baseline_year"] or ""),
            plan_text(row["comparator"], row["target_value"], row["target_year"]),
            row["source_text"],
        ]
        for row in following["targets"]
    ]
    if not rows:
        rows.append([None, wording.next_phase_intro(snapshot), *[None] * 5])
    if following["phase"] is None:
        return pgettext("review report", "Targets of the next phase"), header, rows
    title = pgettext("review report", "Targets of the phase %(phase)s")
    return title % {"phase": following["phase"]["name"]}, header, rows


TABLES: list[Callable[[dict], Table]] = [
    results_table,
    by_sex_table,
    children_table,
    care_models_table,
    funding_table,
    commendations_table,
    next_targets_table,
]
