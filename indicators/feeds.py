"""Indicators whose figures are derived from care-model reports (DESIGN.md §3).

An indicator with `source = care_models` names a kind of care model and what to count
(children reached, or one outcome). Its figures are then, for every area that has
models of that kind and every year of the phase, the sum of the reports of those models
in that year (half-years add up): by sex for children reached, totals for outcomes.
They roll up through areas like any other count.

The figures are kept current here and nowhere else:
- `care.services` calls `on_reports_changed` (the setting `CARE_REPORTS_CHANGED_HOOK`)
  after reports change; it recomputes only the (kind, area, year) keys it names;
- saving a fed indicator through `indicators.services.indicator_save` recomputes all
  its figures;
- `indicators.services.writability` refuses to let anybody type over them.

Each recompute runs one aggregate query over the reports, one query for the figures it
may replace, and bulk writes.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from care.choices import CareModelMeasure
from care.models import CareModelReport
from core.four_eyes import first_and_last_authors
from core.periods import period_year
from core.tree import in_subtree
from indicators.models import Indicator, IndicatorSource, Measurement, Sex
from indicators.services.errors import FigureLocked
from indicators.services.writability import refuse_locked

DERIVED_FIGURE_APPROVED = _(
    "This change would alter the approved figure of indicator %(indicator)s for %(area)s, "
    "%(period)s; a provincial officer must reopen that figure first."
)
SUMMED_COLUMNS = (
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    *(m for m in CareModelMeasure.values if m != CareModelMeasure.BENEFICIARIES),
)


def _fed_indicators() -> "Iterable[Indicator]":
    return Indicator.objects.filter(source=IndicatorSource.CARE_MODELS).select_related(
        "phase__programme__area"
    )


def on_reports_changed(*, changes: set[tuple[str, int, int]]) -> None:
    """Called by `care.services` (CARE_REPORTS_CHANGED_HOOK): recompute the keys given."""
    kinds = {kind for kind, _area, _year in changes}
    indicators = list(_fed_indicators().filter(care_model_kind__in=kinds))
    if not indicators:
        return
    recompute(
        indicators=indicators,
        area_ids={area for _kind, area, _year in changes},
        years={year for _kind, _area, year in changes},
    )


def fed_indicator(pk: int) -> Indicator:
    """A fed indicator with what `recompute` reads of it."""
    return _fed_indicators().get(pk=pk)


def recompute(
    *,
    indicators: list[Indicator],
    area_ids: set[int] | None = None,
    years: set[int] | None = None,
) -> dict[str, int]:
    """Make the figures of fed `indicators` equal the sums of their reports.

    Limited to `area_ids` and `years` when given (both keys of a changed report).
    Returns how many figures were created, updated and deleted.
    """
    reports = CareModelReport.objects.filter(
        care_model__kind__in={i.care_model_kind for i in indicators}
    )
    figures = Measurement.objects.filter(indicator__in=indicators)
    if area_ids is not None:
        reports = reports.filter(care_model__area_id__in=area_ids)
        figures = figures.filter(area_id__in=area_ids)
    if years is not None:
        reports = reports.filter(year__in=years)
        figures = figures.filter(year__in=years)
    wanted = _wanted(indicators, _report_sums(reports))
    existing = {
        (m.indicator_id, m.area_id, m.period, m.sex): m for m in figures.select_for_update()
    }
    to_create, to_update, stale = _plan(wanted, existing)
    for figure in (*to_update, *stale):
        _refuse_approved(figure)
    for figure in to_update:
        figure.version += 1
    bulk_create_with_history(to_create, Measurement)
    bulk_update_with_history(
        to_update,
        Measurement,
        ["value", "numerator", "denominator", "updated_at", "updated_by", "version"],
    )
    if stale:
        Measurement.objects.filter(pk__in=[m.pk for m in stale]).delete()
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(stale)}


def report_authors(figure: Measurement) -> set[int]:
    """Who entered or last changed a care-model report behind a fed figure (four eyes).

    The reports are those of the indicator's kind of model in the figure's area and year
    (deleted ones included: a deletion changed the figure too), read from their history
    in one query; for each, the user of its first and of its last recorded state.
    """
    indicator = figure.indicator
    if indicator.source != IndicatorSource.CARE_MODELS:
        return set()
    rows = (
        CareModelReport.history.filter(
            care_model__kind=indicator.care_model_kind,
            care_model__area_id=figure.area_id,
            year=figure.year,
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_user_id")
    )
    return first_and_last_authors(rows)


def _report_sums(reports) -> list[dict]:
    """The reports' sums per kind, area and year (one aggregate query)."""
    return list(
        reports.order_by()
        .values("care_model__kind", "care_model__area_id", "care_model__area__path", "year")
        .annotate(**{column: Sum(column) for column in SUMMED_COLUMNS})
    )


def _wanted(indicators: list[Indicator], rows: list[dict]) -> dict[tuple, Decimal]:
    """The figures the reports give each indicator, by (indicator, area, period, sex)."""
    wanted: dict[tuple[int, int, str, str], Decimal] = {}
    for indicator in indicators:
        phase = indicator.phase
        root = indicator.phase.programme.area.path
        for row in rows:
            if (
                row["care_model__kind"] != indicator.care_model_kind
                or not phase.contains_year(row["year"])
                or not in_subtree(row["care_model__area__path"], root)
            ):
                continue
            key = (indicator.pk, row["care_model__area_id"], str(row["year"]))
            if indicator.care_model_measure == CareModelMeasure.BENEFICIARIES:
                by_sex = {
                    Sex.FEMALE: row["beneficiaries_female"],
                    Sex.MALE: row["beneficiaries_male"],
                    Sex.TOTAL: row["beneficiaries_total"],
                }
            else:
                by_sex = {Sex.TOTAL: row[indicator.care_model_measure]}
            for sex, value in by_sex.items():
                if value is not None:
                    wanted[(*key, sex)] = Decimal(value)
    return wanted


def _plan(
    wanted: dict[tuple, Decimal], existing: dict[tuple, Measurement]
) -> tuple[list[Measurement], list[Measurement], list[Measurement]]:
    """The figures to create, to update and to delete so that the stored equal the wanted."""
    now = timezone.now()
    to_create, to_update = [], []
    for key, value in wanted.items():
        current = existing.get(key)
        if current is None:
            indicator_id, area_id, period, sex = key
            to_create.append(
                Measurement(
                    indicator_id=indicator_id,
                    area_id=area_id,
                    period=period,
                    year=period_year(period),
                    sex=sex,
                    value=value,
                )
            )
        elif current.value != value or current.numerator is not None:
            current.value, current.numerator, current.denominator = value, None, None
            current.updated_at = now
            current.updated_by = None
            to_update.append(current)
    stale = [m for key, m in existing.items() if key not in wanted]
    return to_create, to_update, stale


def _refuse_approved(figure: Measurement) -> None:
    """An approved figure stays as approved (rule 6), even a derived one: the report
    change that would alter it is refused whole until a provincial officer reopens it."""
    try:
        refuse_locked(figure)
    except FigureLocked:
        raise ValidationError(
            DERIVED_FIGURE_APPROVED
            % {
                "indicator": figure.indicator.code,
                "area": figure.area.name,
                "period": figure.period,
            }
        ) from None
