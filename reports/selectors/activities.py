"""The activities part of a review: care models, children by group, funding, commendations.

Care models are read per year through `programmes.selectors.care_model_summary` (three
queries a year: a phase of five years takes fifteen, whatever the number of models) and
summed over the phase; the rest are one aggregate query each.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from awards.models import AwardDecision, IssuerLevel, RecipientKind, RecipientSex
from care.choices import (
    CHILD_GROUP_LABELS,
    CareModelKind,
    PartnerKind,
    SpecialCircumstance,
    SpecialCircumstance2004,
)
from care.models import CareModel, CareModelReportGroup, Contribution
from care.selectors import care_model_summary
from programmes.models import Area, Phase
from reports.formats import number_text

MONEY = ("state_budget_vnd", "mobilised_vnd")
CHILDREN = ("beneficiaries_female", "beneficiaries_male", "beneficiaries_total")


def phase_years(phase: Phase) -> list[int]:
    return list(range(phase.start_year, phase.end_year + 1))


def care_models(*, phase: Phase, area: Area) -> dict:
    """Per kind: the models that ran during the phase in `area`'s tree, where, since when,
    the children they reached (girls, boys; a child reached in two years counts twice,
    as reports count "lượt"), their funding by source and their partners."""
    years = phase_years(phase)
    summaries = [care_model_summary(year=year, area=area) for year in years]
    first_day, last_day = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    # Ordered by the area's code in Python: collations differ between databases.
    models = sorted(
        CareModel.objects.in_area_tree(area)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first_day), started_on__lte=last_day)
        .select_related("area")
        .order_by(),
        key=lambda model: (model.area.code, model.pk),
    )
    partners: dict[str, list[str]] = {}
    for kind, name in sorted(
        Contribution.objects.filter(care_model__in=[m.pk for m in models])
        .order_by()
        .values_list("care_model__kind", "partner__name")
        .distinct()
    ):
        partners.setdefault(kind, []).append(name)
    kinds = []
    for kind in CareModelKind.values:
        running = [m for m in models if m.kind == kind]
        by_year = [
            {"year": year, **_kind_row(summary, kind)}
            for year, summary in zip(years, summaries, strict=True)
        ]
        sums = {name: sum(row[name] for row in by_year) for name in (*CHILDREN, *MONEY)}
        if not running and not any(sums.values()):
            continue
        kinds.append(
            {
                "kind": kind,
                "label": str(CareModelKind(kind).label),
                "models": len(running),
                "areas": list(dict.fromkeys(m.area.name for m in running)),
                "started_on": min((m.started_on for m in running), default=None),
                "ended_on": _latest_end(running),
                "partners": partners.get(kind, []),
                "by_year": by_year,
                **sums,
            }
        )
    for row in kinds:
        for name in ("started_on", "ended_on"):
            row[name] = row[name].isoformat() if row[name] else None
    totals = {name: sum(row[name] for row in kinds) for name in ("models", *CHILDREN, *MONEY)}
    return {"kinds": kinds, "totals": totals}


def _kind_row(summary: dict, kind: str) -> dict:
    row = next(r for r in summary["kinds"] if r["kind"] == kind)
    return {name: int(row[name]) for name in (*CHILDREN, *MONEY)}


def _latest_end(models: list[CareModel]) -> datetime.date | None:
    """When the last of them ended; None while one still runs."""
    if not models or any(m.ended_on is None for m in models):
        return None
    return max(m.ended_on for m in models)


def children_by_group(*, phase: Phase, area: Area) -> dict:
    """Children the care models reached, by group of Art. 10 of the Law on Children and
    year (one query). A child may belong to several groups."""
    years = phase_years(phase)
    counts = {
        (group, year): children
        for group, year, children in CareModelReportGroup.objects.filter(
            report__year__in=years, report__care_model__area__path__startswith=area.path
        )
        .order_by()
        .values("group", "report__year")
        .annotate(children=Sum("children"))
        .values_list("group", "report__year", "children")
    }
    groups = []
    # The 14 groups of the Law on Children; before 2017-06-01 reports used the 2004 law's
    # 10, listed after them where any was reported.
    reported_2004 = {group for group, _year in counts if group in SpecialCircumstance2004.values}
    for group in [*SpecialCircumstance.values, *sorted(reported_2004, key=_order_2004)]:
        by_year = [counts.get((group, year), 0) for year in years]
        groups.append(
            {
                "group": group,
                "label": str(CHILD_GROUP_LABELS[group]),
                "by_year": by_year,
                "total": sum(by_year),
            }
        )
    return {"years": years, "groups": groups}


def _order_2004(group: str) -> int:
    return SpecialCircumstance2004.values.index(group)


def funding(*, phase: Phase, area: Area, care: dict) -> dict:
    """Money by year and source: the state budget and the money mobilised that the care
    models report (from `care`), and the cash partners gave, by kind of partner, to the
    models in `area`'s tree or to the programme itself (one query)."""
    years = phase_years(phase)
    cash = {
        (year, kind): amount
        for year, kind, amount in Contribution.objects.filter(
            Q(care_model__area__path__startswith=area.path)
            | Q(care_model__isnull=True, programme=phase.programme),
            date__year__in=years,
            cash_vnd__gt=0,
        )
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("year", "partner__kind")
        .annotate(amount=Sum("cash_vnd"))
        .values_list("year", "partner__kind", "amount")
    }
    rows = []
    for index, year in enumerate(years):
        reported = {
            name: sum(kind["by_year"][index][name] for kind in care["kinds"]) for name in MONEY
        }
        rows.append(
            {
                "year": year,
                **reported,
                "total_vnd": sum(reported.values()),
                "partners": {kind: int(cash.get((year, kind), 0)) for kind in PartnerKind.values},
            }
        )
    return {
        "partner_kinds": [
            {"kind": kind, "label": str(PartnerKind(kind).label)} for kind in PartnerKind.values
        ],
        "years": rows,
    }


def _higher_level_first(decision: AwardDecision) -> tuple:
    """Reports list the provincial chairman's awards before the department's."""
    return (
        decision.issuer_level != IssuerLevel.PROVINCE_CHAIRMAN,
        decision.signed_on,
        decision.pk,
    )


def commendations(*, phase: Phase, area: Area) -> dict:
    """The award decisions of the phase's review and what they granted (one query).

    A department reviews a period, and a provincial decision often commends work on
    several of its programmes at once while naming one phase; so the decisions linked to
    any phase of the same years in the same jurisdiction count. In an area below the
    jurisdiction only the recipients in that area's tree count.
    """
    jurisdiction = phase.programme.area
    within = (
        Q() if area.pk == jurisdiction.pk else Q(commendations__area__path__startswith=area.path)
    )
    individual = within & Q(commendations__recipient_kind=RecipientKind.INDIVIDUAL)
    decisions = (
        AwardDecision.objects.filter(
            phase__programme__area=jurisdiction,
            phase__start_year=phase.start_year,
            phase__end_year=phase.end_year,
        )
        .select_related("form")
        .annotate(
            **{
                kind: Count("commendations", filter=within & Q(commendations__recipient_kind=kind))
                for kind in RecipientKind.values
            },
            female=Count(
                "commendations", filter=individual & Q(commendations__sex=RecipientSex.FEMALE)
            ),
            bonus=Sum("commendations__bonus", filter=within),
        )
        .order_by()  # sorted below
    )
    rows = [
        {
            "number": d.number,
            "signed_on": d.signed_on.isoformat(),
            "issuer_level": d.issuer_level,
            "issuer_level_label": str(d.get_issuer_level_display()),
            "issuer_name": d.issuer_name,
            "form": d.form.code,
            "form_name": d.form.name_vi,
            "reason": d.reason,
            "collectives": d.collective,
            "individuals": d.individual,
            "households": d.household,
            "individuals_female": d.female,
            "bonus_vnd": number_text(d.bonus or 0),
        }
        for d in sorted(decisions, key=_higher_level_first)
        if d.collective or d.individual or d.household
    ]
    totals = {
        name: sum(row[name] for row in rows)
        for name in ("collectives", "individuals", "households", "individuals_female")
    }
    totals["bonus_vnd"] = number_text(sum((Decimal(row["bonus_vnd"]) for row in rows), Decimal(0)))
    totals["decisions"] = len(rows)
    return {"decisions": rows, "totals": totals}
