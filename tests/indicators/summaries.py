"""What the summaries the database keeps should hold, computed plainly from the figures."""

import datetime
from collections import defaultdict
from decimal import Decimal

from indicators.models import (
    ChildSums,
    IndicatorCount,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    Sex,
)
from programmes.models import AreaSuccession

SUMMED = (
    "figures",
    "value_sum",
    "numerator_sum",
    "denominator_sum",
    "ratios",
    "approved_figures",
    "approved_value_sum",
    "approved_numerator_sum",
    "approved_denominator_sum",
    "approved_ratios",
)


def counts_towards_parent(area, year: int, successors: set[int]) -> bool:
    """Rule 8, read literally: `area` counts towards its parent for `year` when it is
    valid on the year's last day (or on its parent's, if the parent closed before) and
    has not passed its figures on (closed before that last day with a principal
    successor; `successors` holds the ids of the areas that have one)."""
    last = datetime.date(year, 12, 31)
    parent_to = area.parent.valid_to
    day = parent_to if parent_to is not None and parent_to < last else last
    valid = (area.valid_from is None or area.valid_from <= day) and (
        area.valid_to is None or area.valid_to >= day
    )
    passed_on = area.pk in successors and area.valid_to is not None and area.valid_to < last
    return valid and not passed_on


def expected_child_sums() -> dict[tuple, tuple]:
    """(indicator, parent, year) -> the sums of the yearly totals of the children that
    count that year (rule 8), added up in Python one figure at a time."""
    sums = defaultdict(lambda: [0, Decimal(0), Decimal(0), Decimal(0), 0] * 2)
    figures = Measurement.objects.filter(sex=Sex.TOTAL, area__parent__isnull=False).exclude(
        period__contains="S"
    )
    successors = set(
        AreaSuccession.objects.filter(principal=True).values_list("predecessor_id", flat=True)
    )
    for figure in figures.select_related("area__parent"):
        if not counts_towards_parent(figure.area, figure.year, successors):
            continue
        row = sums[(figure.indicator_id, figure.area.parent_id, figure.year)]
        approved = figure.status == MeasurementStatus.APPROVED
        for offset in (0, 5) if approved else (0,):
            row[offset] += 1
            row[offset + 1] += figure.value
            row[offset + 2] += figure.numerator or 0
            row[offset + 3] += figure.denominator or 0
            row[offset + 4] += figure.numerator is not None
    return {key: tuple(values) for key, values in sums.items()}


def stored_child_sums() -> dict[tuple, tuple]:
    """The rows of `ChildSums` that still sum something (emptied rows may stay behind)."""
    return {
        (row[0], row[1], row[2]): tuple(row[3:])
        for row in ChildSums.objects.values_list("indicator_id", "parent_id", "year", *SUMMED)
        if any(row[3:])
    }


def _figures_with_parent_key():
    """Every figure's count key fields, with its area's parent id (0 when it has none)."""
    for row in Measurement.objects.values_list(
        "indicator_id", "area__parent_id", "period", "year", "sex", "status"
    ):
        yield (row[0], row[1] or 0, *row[2:])


def expected_counts() -> dict[tuple, int]:
    counts = defaultdict(int)
    for key in _figures_with_parent_key():
        counts[key] += 1
    return dict(counts)


def stored_counts() -> dict[tuple, int]:
    return {
        row[:6]: row[6]
        for row in MeasurementCount.objects.values_list(
            "indicator_id", "parent_key", "period", "year", "sex", "status", "figures"
        )
        if row[6]
    }


def expected_indicator_counts() -> dict[tuple, int]:
    counts = defaultdict(int)
    for indicator_id, parent_key, *_rest in _figures_with_parent_key():
        counts[(indicator_id, parent_key)] += 1
    return dict(counts)


def stored_indicator_counts() -> dict[tuple, int]:
    return {
        (indicator_id, parent_key): figures
        for indicator_id, parent_key, figures in IndicatorCount.objects.filter(
            figures__gt=0
        ).values_list("indicator_id", "parent_key", "figures")
    }


def assert_summaries_match() -> None:
    assert stored_child_sums() == expected_child_sums()
    assert stored_counts() == expected_counts()
    assert stored_indicator_counts() == expected_indicator_counts()
    # Emptied rows may stay behind, never a count below zero.
    assert not IndicatorCount.objects.filter(figures__lt=0).exists()
    assert not MeasurementCount.objects.filter(figures__lt=0).exists()
    assert not ChildSums.objects.filter(figures__lt=0).exists()


def stored_summaries() -> tuple[dict, dict, dict]:
    """Every summary row that sums something, keyed as the plain computation keys them."""
    return stored_child_sums(), stored_counts(), stored_indicator_counts()


def empty_summary_rows() -> int:
    """Summary rows that sum nothing (emptied by the triggers; a rebuild writes none)."""
    return (
        ChildSums.objects.filter(figures=0).count()
        + MeasurementCount.objects.filter(figures=0).count()
        + IndicatorCount.objects.filter(figures=0).count()
    )
