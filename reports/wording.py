"""The sentences of the review the system writes, from a snapshot alone.

The Word document and the admin's side panel both take their generated text from here,
so the officer edits beside exactly the words the document will print. Each function
reads a snapshot (`reports.snapshot.build_snapshot`) and returns text in the active
language; the document renders it in Vietnamese, as an administrative document is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.formats import (
    change_text,
    in_running_text,
    money,
    padded,
    value_text,
    whole,
)
from reports.models import SECTION_LABELS
from reports.wording_activities import care_models, commendations


def comparator_text(comparator: str, value: str | None, unit: str, row: dict | None = None) -> str:
    """The target in words, as the law writes it: "từ 35% trở lên", "không vượt quá 115".

    With the snapshot's `row`, the unit's label ("bé trai/100 bé gái"), a range's upper
    value, a direction target's baseline and a target by sex's parts.
    """
    row = row or {}
    label, decimals = row.get("unit_label", ""), row.get("decimals")
    if row.get("parts") and len(row["parts"]) > 1:
        return "; ".join(
            comparator_text(comparator, value, unit, {**row, "parts": [], "sex": part["sex"]})
            for part in row["parts"]
        )
    amount = value_text(value, unit, label, decimals)
    phrases = {
        "gte": pgettext("review report", "at least %(value)s"),
        "gt": pgettext("review report", "above %(value)s"),
        "lte": pgettext("review report", "at most %(value)s"),
        "lt": pgettext("review report", "below %(value)s"),
        "eq": pgettext("review report", "exactly %(value)s"),
        "between": _("between %(value)s and %(value_max)s"),
        "increase": _("an increase on %(baseline)s (%(baseline_year)s)"),
        "decrease": _("a decrease on %(baseline)s (%(baseline_year)s)"),
    }
    phrase = phrases.get(comparator)
    if phrase is None:
        return f"{comparator} {amount}"
    text = phrase % {
        "value": amount,
        "value_max": value_text(row.get("value_max"), unit, label, decimals),
        "baseline": amount,
        "baseline_year": row.get("baseline_year") or "",
    }
    if row.get("sex") == "female":
        text += " " + _("for women")
    elif row.get("sex") == "male":
        text += " " + _("for men")
    return text


def status_words(status: str) -> str:
    return {
        "achieved": pgettext("review report", "target achieved"),
        "not_achieved": pgettext("review report", "target not achieved"),
        "on_track": pgettext("review report", "on track"),
        "off_track": pgettext("review report", "behind schedule"),
        "no_data": pgettext("review report", "no figure"),
    }[status]


def status_label(status: str) -> str:
    """The one-word assessment of an appendix table: "Đạt", "Chưa đạt"."""
    return {
        "achieved": pgettext("review report", "Achieved"),
        "not_achieved": pgettext("review report", "Not achieved"),
        "on_track": pgettext("review report", "On track"),
        "off_track": pgettext("review report", "Behind schedule"),
        "no_data": pgettext("review report", "No figure"),
    }[status]


def subject(snapshot: dict) -> str:
    parts = {"programme": snapshot["programme"]["name"], "phase": snapshot["phase"]["name"]}
    text = pgettext("review report", "Review of the programme “%(programme)s”, phase %(phase)s")
    if snapshot["area"]["code"] != snapshot["programme"]["area"]:
        text = pgettext(
            "review report", "Review of the programme “%(programme)s”, phase %(phase)s, in %(area)s"
        )
        parts["area"] = in_running_text(snapshot["area"]["name"])
    return text % parts


def opening(snapshot: dict) -> str:
    parts = {
        "programme": snapshot["programme"]["name"],
        "legal_basis": snapshot["programme"]["legal_basis"],
        "issuer": snapshot["document"]["issuing_body"],
        "phase": snapshot["phase"]["name"],
    }
    if parts["legal_basis"]:
        text = pgettext(
            "review report",
            "Carrying out the programme “%(programme)s” under %(legal_basis)s, %(issuer)s "
            "reports the results of the phase %(phase)s as follows:",
        )
    else:
        text = pgettext(
            "review report",
            "Carrying out the programme “%(programme)s”, %(issuer)s reports the results of "
            "the phase %(phase)s as follows:",
        )
    return text % parts


def figures_notice(snapshot: dict) -> str:
    """What the first page says about the figures behind the numbers."""
    count = whole(snapshot["not_approved"])
    if snapshot["figures"] == "all":
        if snapshot["document"]["status"] == "issued":
            return pgettext(
                "review report",
                "The figures of this report include figures not approved at issue "
                "(%(count)s figures not approved).",
            ) % {"count": count}
        return pgettext(
            "review report",
            "This draft includes figures that are not approved yet (%(count)s figures not "
            "approved).",
        ) % {"count": count}
    if not snapshot["not_approved"]:
        return ""
    return pgettext(
        "review report",
        "Only approved figures count; %(count)s figures not approved yet are left out.",
    ) % {"count": count}


def plan_summary(snapshot: dict) -> list[str]:
    """Section I: what the plan set and what the care models reported spending."""
    totals = snapshot["results"]["totals"]
    lines = [
        pgettext(
            "review report",
            "The plan for the phase %(phase)s sets %(targets)s targets under %(objectives)s "
            "objectives for %(area)s.",
        )
        % {
            "phase": snapshot["phase"]["name"],
            "targets": totals["targets_total"],
            "objectives": len(snapshot["results"]["objectives"]),
            "area": in_running_text(snapshot["area"]["name"]),
        }
    ]
    care = snapshot["care_models"]["totals"]
    spent = care["state_budget_vnd"] + care["mobilised_vnd"]
    if spent:
        lines.append(
            pgettext(
                "review report",
                "Funding reported by the care models over the phase: %(total)s, of which the "
                "state budget %(state)s and money mobilised %(mobilised)s (Appendix 05).",
            )
            % {
                "total": money(spent),
                "state": money(care["state_budget_vnd"]),
                "mobilised": money(care["mobilised_vnd"]),
            }
        )
    return lines


def _codes(targets: list[dict], status: str) -> list[str]:
    return [t["indicator_code"] for t in targets if t["status"] == status]


def results_summary(snapshot: dict) -> str:
    """ "Năm 2020 đạt 18/24 chỉ tiêu thuộc 7 mục tiêu; 06 chỉ tiêu chưa đạt (1.1, …)." """
    results = snapshot["results"]
    totals, targets = results["totals"], results["targets"]
    sentence = pgettext(
        "review report",
        "In %(year)s %(achieved)s/%(total)s targets under %(objectives)s objectives were achieved",
    ) % {
        "year": snapshot["year"],
        "achieved": totals["achieved"],
        "total": totals["targets_total"],
        "objectives": len(results["objectives"]),
    }
    clauses = {
        "not_achieved": pgettext("review report", "%(count)s targets not achieved (%(codes)s)"),
        "on_track": pgettext("review report", "%(count)s targets on track (%(codes)s)"),
        "off_track": pgettext("review report", "%(count)s targets behind schedule (%(codes)s)"),
        "no_data": pgettext("review report", "%(count)s targets without figures (%(codes)s)"),
    }
    parts = [sentence]
    for status, clause in clauses.items():
        codes = _codes(targets, status)
        if codes:
            parts.append(clause % {"count": padded(len(codes)), "codes": ", ".join(codes)})
    return "; ".join(parts) + "."


def objective_heading(objective: dict) -> str:
    return pgettext("review report", "%(number)s. Objective %(number)s: %(title)s") % objective


def objective_summary(objective: dict) -> str:
    return pgettext("review report", "Achieved %(achieved)s/%(targets_total)s targets.") % objective


def target_heading(target: dict) -> str:
    return pgettext("review report", "Target %(code)s: %(name)s") % {
        "code": target["indicator_code"],
        "name": target["indicator_name"],
    }


def target_wording(target: dict) -> str:
    if not target["source_text"]:
        return ""
    return pgettext("review report", "As set: “%(text)s”.") % {"text": target["source_text"]}


def target_result(target: dict, snapshot: dict) -> str:
    """ "Năm 2020 đạt 32,9%, chưa đạt chỉ tiêu (kế hoạch: từ 35% trở lên); so với năm
    2015 (25,2%): +7,7 điểm phần trăm." """
    unit, label, decimals = target["unit"], target.get("unit_label", ""), target.get("decimals")
    parts = {
        "year": target["year"],
        "actual": value_text(target["actual"], unit, label, decimals),
        "status": status_words(target["status"]),
        "target": comparator_text(target["comparator"], target["target_value"], unit, target),
        "target_year": target["target_year"],
    }
    if target["actual"] is None:
        if snapshot["figures"] == "approved":
            text = pgettext("review report", "No approved figure for %(year)s (plan: %(target)s)")
        else:
            text = pgettext("review report", "No figure for %(year)s (plan: %(target)s)")
    elif target["year"] < target["target_year"]:
        text = pgettext(
            "review report",
            "In %(year)s: %(actual)s, %(status)s towards the %(target_year)s plan (%(target)s)",
        )
    else:
        text = pgettext("review report", "In %(year)s: %(actual)s, %(status)s (plan: %(target)s)")
    sentence = text % parts
    previous, change = target["previous"], target["change"]
    if previous is not None and change is not None:
        period = previous["year"]
        if previous.get("aggregate", "end_value") != "end_value":
            period = previous["phase"]  # five-year totals: "so với giai đoạn 2011–2015"
        sentence += pgettext(
            "review report", "; compared with %(year)s (%(previous)s): %(change)s"
        ) % {
            "year": period,
            "previous": value_text(previous["value"], unit, label, decimals),
            "change": change_text(change),
        }
        if change.get("series_break"):
            sentence += " " + _("(definition changed: not strictly comparable)")
    return sentence + "."


def limitations(snapshot: dict) -> list[str]:
    """The generated part of V.2: each target not achieved, with its gap."""
    targets = snapshot["results"]["targets"]
    missed = [t for t in targets if t["status"] in ("not_achieved", "off_track")]
    lines = []
    if missed:
        lines.append(pgettext("review report", "Targets not achieved:"))
        for target in missed:
            lines.append(
                pgettext(
                    "review report",
                    "- Target %(code)s, %(name)s: %(actual)s in %(year)s, against the plan "
                    "%(target)s.",
                )
                % {
                    "code": target["indicator_code"],
                    "name": target["indicator_name"],
                    "actual": value_text(
                        target["actual"],
                        target["unit"],
                        target.get("unit_label", ""),
                        target.get("decimals"),
                    ),
                    "year": target["year"],
                    "target": comparator_text(
                        target["comparator"], target["target_value"], target["unit"], target
                    ),
                }
            )
    missing = _codes(targets, "no_data")
    if missing:
        lines.append(
            pgettext("review report", "Targets without figures: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    return lines


def next_phase_intro(snapshot: dict) -> str:
    following = snapshot["next_phase"]
    if following["phase"] is None:
        return pgettext("review report", "The next phase is not planned in the tracker yet.")
    if not following["targets"]:
        return pgettext("review report", "The phase %(phase)s has no targets for %(area)s yet.") % {
            "phase": following["phase"]["name"],
            "area": in_running_text(snapshot["area"]["name"]),
        }
    return pgettext(
        "review report",
        "Main targets of the phase %(phase)s; the baseline is the last actual of this phase "
        "where the plan sets none:",
    ) % {"phase": following["phase"]["name"]}


def placeholder(key: str) -> str:
    """Where the officer's text goes while it is not written yet."""
    return pgettext("review report", "[To be written by the drafting office: %(part)s]") % {
        "part": str(SECTION_LABELS[key]).lower()
    }


def closing(snapshot: dict) -> str:
    return pgettext(
        "review report",
        "This is the review of the phase %(phase)s of the programme “%(programme)s” by "
        "%(issuer)s./.",
    ) % {
        "phase": snapshot["phase"]["name"],
        "programme": snapshot["programme"]["name"],
        "issuer": snapshot["document"]["issuing_body"],
    }


def generated_parts(snapshot: dict) -> list[tuple[str, list[str]]]:
    """The parts the system writes, titled, for the admin to show beside the officer's."""
    objectives = []
    for objective in snapshot["results"]["objectives"]:
        objectives.append(f"{objective_heading(objective)} {objective_summary(objective)}")
    return [
        (pgettext("review report", "I. Leadership and organisation"), plan_summary(snapshot)),
        (
            pgettext("review report", "II. Results against the objectives and targets"),
            [results_summary(snapshot), *objectives],
        ),
        (pgettext("review report", "III. Care models"), care_models(snapshot)),
        (pgettext("review report", "IV. Emulation and commendation"), commendations(snapshot)),
        (
            pgettext("review report", "V.2 Limitations (targets not achieved)"),
            limitations(snapshot),
        ),
        (pgettext("review report", "VII. Targets of the next phase"), [next_phase_intro(snapshot)]),
    ]
