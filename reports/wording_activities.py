"""The sentences of sections III and IV the system writes: care models and commendations.

Read from a snapshot alone, in the active language; `reports.wording` puts them with the
rest of the generated text.
"""

import datetime
from decimal import Decimal

from django.utils.translation import pgettext

from reports.formats import (
    in_running_text,
    money,
    number_text,
    padded,
    short_date,
    value_text,
    whole,
)


def care_models(snapshot: dict) -> list[str]:
    """Section III: the models, the children they reached by sex, their funding."""
    care = snapshot["care_models"]
    area = in_running_text(snapshot["area"]["name"])
    if not care["kinds"]:
        return [
            pgettext("review report", "No care model is recorded in %(area)s during the phase.")
            % {"area": area}
        ]
    totals = care["totals"]
    lines = [
        pgettext(
            "review report",
            "In the phase %(phase)s, %(models)s care models of %(kinds)s kinds ran in %(area)s "
            "and reached children %(children)s times (girls %(girls)s, boys %(boys)s); funding "
            "%(total)s, of which the state budget %(state)s and money mobilised %(mobilised)s.",
        )
        % {
            "phase": snapshot["phase"]["name"],
            "models": padded(totals["models"]),
            "kinds": padded(len(care["kinds"])),
            "area": area,
            "children": whole(totals["beneficiaries_total"]),
            "girls": whole(totals["beneficiaries_female"]),
            "boys": whole(totals["beneficiaries_male"]),
            "total": money(totals["state_budget_vnd"] + totals["mobilised_vnd"]),
            "state": money(totals["state_budget_vnd"]),
            "mobilised": money(totals["mobilised_vnd"]),
        }
    ]
    for kind in care["kinds"]:
        line = pgettext(
            "review report",
            "- %(label)s: %(models)s models in %(areas)s; children reached %(children)s times "
            "(girls %(girls)s, boys %(boys)s); state budget %(state)s, mobilised %(mobilised)s.",
        ) % {
            "label": kind["label"],
            "models": padded(kind["models"]),
            "areas": ", ".join(in_running_text(name) for name in kind["areas"]) or "–",
            "children": whole(kind["beneficiaries_total"]),
            "girls": whole(kind["beneficiaries_female"]),
            "boys": whole(kind["beneficiaries_male"]),
            "state": money(kind["state_budget_vnd"]),
            "mobilised": money(kind["mobilised_vnd"]),
        }
        if kind["partners"]:
            line += " " + pgettext("review report", "Partners: %(partners)s.") % {
                "partners": ", ".join(kind["partners"])
            }
        lines.append(line)
    return lines


def recipients_text(row: dict) -> str:
    """ "13 tập thể và 12 cá nhân"."""
    parts = [
        message % {"count": padded(row[name])}
        for name, message in (
            ("collectives", pgettext("review report", "%(count)s collectives")),
            ("individuals", pgettext("review report", "%(count)s individuals")),
            ("households", pgettext("review report", "%(count)s households")),
        )
        if row[name]
    ]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + pgettext("review report", " and ") + parts[-1]


def commendations(snapshot: dict) -> list[str]:
    """Section IV: each decision and what it granted, then the totals."""
    awards = snapshot["commendations"]
    if not awards["decisions"]:
        return [pgettext("review report", "No award decision is recorded for this review.")]
    lines = []
    for row in awards["decisions"]:
        lines.append(
            pgettext(
                "review report", "- %(form)s for %(recipients)s (Decision %(number)s of %(date)s)."
            )
            % {
                "form": row["form_name"],
                "recipients": recipients_text(row),
                "number": row["number"],
                "date": short_date_of(row["signed_on"]),
            }
        )
    totals = awards["totals"]
    parts = {"recipients": recipients_text(totals), "bonus": money(Decimal(totals["bonus_vnd"]))}
    if totals["individuals"]:
        share = Decimal(100 * totals["individuals_female"]) / totals["individuals"]
        parts.update(
            female=padded(totals["individuals_female"]),
            share=value_text(number_text(share.quantize(Decimal("0.1"))), "percent"),
        )
        text = pgettext(
            "review report",
            "In all %(recipients)s were commended (%(female)s of the individuals women, "
            "%(share)s); bonuses %(bonus)s.",
        )
    else:
        text = pgettext("review report", "In all %(recipients)s were commended; bonuses %(bonus)s.")
    lines.append(text % parts)
    return lines


def short_date_of(iso: str) -> str:
    return short_date(datetime.date.fromisoformat(iso))
