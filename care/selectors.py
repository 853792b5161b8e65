"""Reads of care models that span models: the yearly summary by kind."""

from django.db.models import Count, Q, Sum

from care.choices import OUTCOMES_BY_KIND, CareModelKind
from care.models import CareModel, CareModelReport, Contribution
from core.tree import subtree_q
from programmes.models import Area

SUMMED_FIELDS = (
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    "state_budget_vnd",
    "mobilised_vnd",
)
OUTCOME_FIELDS = tuple(dict.fromkeys(f for fs in OUTCOMES_BY_KIND.values() for f in fs))


def care_model_summary(*, year: int, area: Area | None = None) -> dict:
    """Per kind of care model, for `year` in `area` and every area below it (None: all).

    Returns {"year", "area" (code or None), "kinds": [{"kind", "models_running",
    "reports", "beneficiaries_female", "beneficiaries_male", "beneficiaries_total",
    "state_budget_vnd", "mobilised_vnd", "contributions_vnd", "outcomes": {name: sum}}]}
    with every kind listed, in the order of `CareModelKind`. Funding is what the reports
    state; `contributions_vnd` is the cash recorded as partner contributions to the
    models of that kind dated in the year. Three queries, whatever the number of models.
    """
    models = CareModel.objects.running_in_year(year)
    reports = CareModelReport.objects.filter(year=year)
    contributions = Contribution.objects.filter(date__year=year, care_model__isnull=False)
    if area is not None:
        models = models.in_area_tree(area)
        reports = reports.filter(subtree_q("care_model__area__path", area.path))
        contributions = contributions.filter(subtree_q("care_model__area__path", area.path))
    running = dict(
        models.order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    sums = {
        row.pop("care_model__kind"): row
        for row in reports.order_by()
        .values("care_model__kind")
        .annotate(
            reports=Count("id"),
            **{name: Sum(name) for name in SUMMED_FIELDS + OUTCOME_FIELDS},
        )
    }
    cash = dict(
        contributions.order_by()
        .values("care_model__kind")
        .annotate(cash=Sum("cash_vnd", filter=Q(cash_vnd__gt=0)))
        .values_list("care_model__kind", "cash")
    )
    kinds = []
    for kind in CareModelKind.values:
        row = sums.get(kind, {})
        kinds.append(
            {
                "kind": kind,
                "models_running": running.get(kind, 0),
                "reports": row.get("reports", 0),
                **{name: row.get(name) or 0 for name in SUMMED_FIELDS},
                "contributions_vnd": cash.get(kind) or 0,
                "outcomes": {name: row.get(name) for name in OUTCOMES_BY_KIND[kind]},
            }
        )
    return {"year": year, "area": area.code if area is not None else None, "kinds": kinds}
