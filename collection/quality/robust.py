"""The robust range a figure is judged against, and its shortcut for sibling areas.

`robust_range` is the plain computation: median ± threshold × spread, where the spread
is the median absolute deviation scaled to a standard deviation (× 1.4826) or, when that
is zero (more than half the values equal), the mean absolute deviation (× 1.2533); a
reference set with no spread at all, or fewer values than
`COLLECTION_OUTLIER_MIN_VALUES`, judges nothing.

`ranges_without_each` gives, for every value of a list, the range of the others (a
figure is compared with its sibling areas, not with itself) from one sort of the list:
the median of the others and their absolute deviations are read by index arithmetic on
the sorted list, instead of sorting n lists of n − 1 values. Its results are exactly
those of `robust_range` (a property test compares them on random lists): every step is
exact decimal arithmetic (sums, differences, halves of values with four decimals), so
the order of the additions cannot change a digit.
"""

from bisect import bisect_left
from decimal import Decimal
from statistics import median

from django.conf import settings

from collection.figures import FOUR_PLACES

MAD_TO_SD = Decimal("1.4826")
MEAN_AD_TO_SD = Decimal("1.2533")

Range = tuple[Decimal, Decimal]


def threshold() -> Decimal:
    return Decimal(str(getattr(settings, "COLLECTION_OUTLIER_THRESHOLD", "3.5")))


def min_values() -> int:
    return int(getattr(settings, "COLLECTION_OUTLIER_MIN_VALUES", 4))


def limits(
    middle: Decimal, mad: Decimal, deviation_sum: Decimal, count: int, threshold: Decimal
) -> Range | None:
    """The range from a reference set's median, median absolute deviation, and sum and
    number of absolute deviations (their mean is the fallback spread); None when there is
    no spread at all."""
    spread = mad * MAD_TO_SD
    if not spread:
        spread = deviation_sum / count * MEAN_AD_TO_SD
    if not spread:
        return None
    low = max(middle - threshold * spread, Decimal(0))
    return low.quantize(FOUR_PLACES), (middle + threshold * spread).quantize(FOUR_PLACES)


def robust_range(values: list[Decimal], threshold: Decimal) -> Range | None:
    """median ± threshold × robust spread of `values`; None when it cannot judge."""
    if len(values) < min_values():
        return None
    middle = median(values)
    deviations = [abs(value - middle) for value in values]
    return limits(
        middle, median(deviations), sum(deviations, Decimal(0)), len(deviations), threshold
    )


def median_without(ordered: list[Decimal], index: int) -> Decimal:
    """The median of the sorted list `ordered` without its item at `index`, computed as
    `statistics.median` computes it (the middle item, or the mean of the two middle ones)."""
    count = len(ordered) - 1
    half = count // 2

    def at(position: int) -> Decimal:
        return ordered[position if position < index else position + 1]

    if count % 2:
        return at(half)
    return (at(half - 1) + at(half)) / 2


def ranges_without_each(values: list[Decimal], threshold: Decimal) -> list[Range | None]:
    """`robust_range` of the other values, for each value of `values`, in its order.

    Leaving one value out of a sorted list moves its median to one of at most three
    values; the sorted absolute deviations from each of them (and their sum) are computed
    once, and each value's own deviation is left out of them the same way.
    """
    count = len(values) - 1
    if count < min_values():
        return [None] * len(values)
    ordered = sorted(values)
    around: dict[Decimal, tuple[list[Decimal], Decimal]] = {}
    found = []
    for value in values:
        middle = median_without(ordered, bisect_left(ordered, value))
        if middle not in around:
            deviations = sorted(abs(other - middle) for other in ordered)
            around[middle] = (deviations, sum(deviations, Decimal(0)))
        deviations, total = around[middle]
        own = abs(value - middle)
        mad = median_without(deviations, bisect_left(deviations, own))
        found.append(limits(middle, mad, total - own, count, threshold))
    return found
