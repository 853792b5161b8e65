"""Reads about commendations that span decisions and recipients: the statistics.

`award_stats` answers the emulation-and-commendation officer's questions ("how many
women among the individuals we commended for child protection 2016–2020?") in two
aggregate queries, whatever the number of decisions and recipients. The API's
`award-decisions/stats/` and the dashboards call it.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from awards.models import AwardDecision, Commendation, RecipientKind, RecipientSex
from programmes.models import Phase, Programme

ONE_PLACE = Decimal("0.1")


def _decisions(
    *, phase: Phase | int | None, year: int | None, programme: Programme | int | None
) -> QuerySet[AwardDecision]:
    """The decisions the filters given select (every decision without any)."""
    conditions = Q()
    if phase is not None:
        conditions &= Q(phase=phase)
    if year is not None:
        conditions &= Q(year=year)
    if programme is not None:
        conditions &= Q(programme=programme)
    return AwardDecision.objects.filter(conditions)


def _counted_by(decisions: QuerySet[AwardDecision], *fields: str) -> list[dict]:
    """Decisions and their recipients counted per value of `fields`, in their order."""
    return list(
        decisions.values(*fields)
        .annotate(decisions=Count("pk", distinct=True), recipients=Count("commendations"))
        .order_by(*fields)
    )


def _female_share(female: int, male: int) -> Decimal | None:
    """Women's share of the individuals in percent, to one place; None without any."""
    if not female + male:
        return None
    return (Decimal(100 * female) / Decimal(female + male)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


def award_stats(
    *,
    phase: Phase | int | None = None,
    year: int | None = None,
    programme: Programme | int | None = None,
) -> dict[str, Any]:
    """Decisions and recipients counted by form, recipient kind and sex, and their bonuses.

    Filters are optional and combine: `phase` and `programme` (an instance or an id) are
    those the decision is linked to, `year` the year it was signed. Returns

        {"decisions", "recipients",
         "by_form": [{"form": code, "decisions", "recipients"}, ...],
         "by_year": [{"year", "decisions", "recipients"}, ...],
         "by_recipient_kind": {"collective", "individual", "household"},
         "individuals_female", "individuals_male",
         "female_share_percent": Decimal to one place, or None without individuals,
         "total_bonus_vnd": Decimal}

    `by_form` lists the forms that have decisions, in the forms' order (issuer, code);
    `by_year` the years decisions were signed in, in order.
    """
    decisions = _decisions(phase=phase, year=year, programme=programme)
    by_form = _counted_by(decisions, "form__issuer_level", "form__code")
    by_year = _counted_by(decisions, "year")
    individual = Q(recipient_kind=RecipientKind.INDIVIDUAL)
    totals = Commendation.objects.filter(decision__in=decisions.values("pk")).aggregate(
        recipients=Count("pk"),
        **{kind: Count("pk", filter=Q(recipient_kind=kind)) for kind in RecipientKind.values},
        female=Count("pk", filter=individual & Q(sex=RecipientSex.FEMALE)),
        male=Count("pk", filter=individual & Q(sex=RecipientSex.MALE)),
        bonus=Sum("bonus"),
    )
    female, male = totals["female"], totals["male"]
    return {
        "decisions": sum(row["decisions"] for row in by_form),
        "recipients": totals["recipients"],
        "by_form": [
            {
                "form": row["form__code"],
                "decisions": row["decisions"],
                "recipients": row["recipients"],
            }
            for row in by_form
        ],
        "by_year": [
            {"year": row["year"], "decisions": row["decisions"], "recipients": row["recipients"]}
            for row in by_year
        ],
        "by_recipient_kind": {kind: totals[kind] for kind in RecipientKind.values},
        "individuals_female": female,
        "individuals_male": male,
        "female_share_percent": _female_share(female, male),
        "total_bonus_vnd": totals["bonus"] if totals["bonus"] is not None else Decimal(0),
    }


def decisions_with_totals(queryset: QuerySet[AwardDecision] | None = None) -> QuerySet:
    """Decisions with `recipients_count` and `total_bonus` (VND, 0 without bonuses)."""
    if queryset is None:
        queryset = AwardDecision.objects.all()
    return queryset.annotate(
        recipients_count=Count("commendations"),
        total_bonus=Coalesce(Sum("commendations__bonus"), Value(Decimal(0))),
    )
