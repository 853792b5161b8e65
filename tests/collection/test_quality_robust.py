"""The shortcuts of the outlier checks give exactly the plain robust range, always.

- Against sibling areas, `ranges_without_each` reads every value's leave-one-out range
  from one sort of the group; hypothesis compares it, digit for digit, with
  `robust_range` of the list without that value, on random lists (ties, runs of equal
  values that make the median absolute deviation zero, tiny and huge values).
- Against the past, `past_ranges` gathers each figure's past in PostgreSQL; hypothesis
  builds random series of years and half-years and compares each figure's range with
  `robust_range` of its earlier figures of the same kind, picked out in Python.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collection.figures import FigureRow
from collection.quality.history import past_ranges
from collection.quality.robust import median_without, ranges_without_each, robust_range
from indicators.models import Measurement, Unit
from tests.factories import AreaFactory, IndicatorFactory

THRESHOLDS = st.sampled_from([Decimal("3.5"), Decimal("2"), Decimal("1.25"), Decimal("5")])
# Values as the database stores them (four decimals): a narrow range makes ties and
# equal majorities (a zero median absolute deviation) common, a wide one covers money.
VALUES = st.one_of(
    st.integers(0, 6).map(Decimal),
    st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-4)),
    st.integers(0, 10**15).map(lambda n: Decimal(n).scaleb(-2)),
)


def shown(found) -> list:
    """Ranges as their digits: equal numbers written differently would differ here."""
    return [None if r is None else (str(r[0]), str(r[1])) for r in found]


@given(values=st.lists(st.integers(-50, 50).map(Decimal), min_size=2, max_size=30))
def test_the_median_without_one_item_is_the_plain_median_of_the_others(values):
    from statistics import median

    ordered = sorted(values)
    for index in range(len(ordered)):
        others = ordered[:index] + ordered[index + 1 :]
        assert median_without(ordered, index) == median(others)


@settings(max_examples=300)
@given(
    values=st.one_of(
        st.lists(VALUES, max_size=40),
        st.lists(st.integers(0, 3).map(Decimal), max_size=12),
    ),
    threshold=THRESHOLDS,
)
def test_each_values_range_against_the_others_is_the_plain_robust_range(values, threshold):
    plain = [robust_range(values[:i] + values[i + 1 :], threshold) for i in range(len(values))]
    assert shown(ranges_without_each(values, threshold)) == shown(plain)


def test_the_shortcut_on_known_siblings():
    values = [Decimal(v) for v in (20, 21, 22, 19, 20, 80)]
    found = ranges_without_each(values, Decimal("3.5"))
    # Without 80: median 20, deviations 0 1 2 1 0 → MAD 1 → 20 ± 3.5 × 1.4826.
    assert found[5] == (Decimal("14.8109"), Decimal("25.1891"))
    # Without the first 20: 19 20 21 22 80, median 21, deviations 2 1 0 1 59 → MAD 1.
    assert found[0] == (Decimal("15.8109"), Decimal("26.1891"))
    assert ranges_without_each(values[:4], Decimal("3.5")) == [None] * 4  # 3 others


SERIES = st.lists(st.tuples(st.booleans(), VALUES), min_size=0, max_size=14)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(series=SERIES, threshold=THRESHOLDS)
def test_each_figures_past_gathered_by_the_database_gives_the_plain_range(series, threshold):
    with transaction.atomic():
        indicator = IndicatorFactory(code="C", unit=Unit.VND)
        area = AreaFactory(code="X")
        periods = []
        for index, (half, value) in enumerate(series):
            period = f"{2000 + index // 2}S{index % 2 + 1}" if half else str(2000 + index)
            if period not in periods:
                periods.append(period)
                Measurement.objects.create(
                    indicator=indicator, area=area, period=period, year=int(period[:4]), value=value
                )
        rows = [
            FigureRow(*row)
            for row in Measurement.objects.filter(indicator=indicator).values_list(
                *FigureRow.columns()
            )
        ]
        found = past_ranges(rows, threshold=threshold, min_values=4)
        for row in rows:
            earlier = [
                other.value
                for other in rows
                if other.period < row.period and (len(other.period) == 4) == (len(row.period) == 4)
            ]
            plain = robust_range(earlier, threshold)
            assert shown([found.get(row.id)]) == shown([plain]), (row.period, earlier)
        transaction.set_rollback(True)
