"""Each figure's range from its own past periods, computed in the database (one query).

A figure's past is the figures of the same indicator, area and sex for the earlier
periods of its kind (years with years, half-years with half-years). Reading those rows
into Python was most of a province's scan (about ten past figures for each of tens of
thousands); here PostgreSQL returns, for each judged figure with enough past, only what
`robust.limits` needs:

- the two middle values of its past (`percentile_disc(0.5)` ascending and descending:
  the same item when their number is odd), whose mean is the median;
- the two middle values of the doubled absolute deviations |2v − low − high| (doubled so
  that every step stays exact: the median itself may end in a half), and their sum.

Python then halves and scales them exactly as `robust.robust_range` does, so the range is
the plain computation's to the last digit. `percentile_cont` is not used: it works in
floating point.
"""

from decimal import Decimal

from django.db import connection

from collection.figures import FigureRow
from collection.quality.robust import Range, limits
from indicators.models import Measurement

PAST_SQL = """
WITH past AS (
    SELECT judged.id, array_agg(earlier.value ORDER BY earlier.value) AS vals
    FROM {table} AS judged
    JOIN {table} AS earlier
      ON earlier.indicator_id = judged.indicator_id
     AND earlier.area_id = judged.area_id
     AND earlier.sex = judged.sex
     -- periods of one shape (2019, 2019S2): any collation orders them as Python does
     AND earlier.period < judged.period
     AND (length(earlier.period) = 4) = (length(judged.period) = 4)
    WHERE judged.id = ANY(%s)
    GROUP BY judged.id
    HAVING count(*) >= %s
), middle AS (
    SELECT id, vals, cardinality(vals) AS n,
           vals[(cardinality(vals) + 1) / 2] AS low,
           vals[cardinality(vals) / 2 + 1] AS high
    FROM past
)
SELECT middle.id, middle.n, middle.low, middle.high,
       spread.low, spread.high, spread.total
FROM middle, LATERAL (
    SELECT percentile_disc(0.5) WITHIN GROUP (
               ORDER BY abs(2 * v - middle.low - middle.high)) AS low,
           percentile_disc(0.5) WITHIN GROUP (
               ORDER BY abs(2 * v - middle.low - middle.high) DESC) AS high,
           sum(abs(2 * v - middle.low - middle.high)) AS total
    FROM unnest(middle.vals) AS v
) AS spread
"""


def range_from_past(
    count: int,
    low: Decimal,
    high: Decimal,
    deviation_low: Decimal,
    deviation_high: Decimal,
    deviation_total: Decimal,
    threshold: Decimal,
) -> Range | None:
    """The range from the database's middles (of the values, and of the doubled
    deviations) and the doubled deviations' sum, as `robust_range` would compute it."""
    if count % 2:
        middle, mad = low, deviation_low / 2
    else:
        middle, mad = (low + high) / 2, (deviation_low + deviation_high) / 4
    return limits(middle, mad, deviation_total / 2, count, threshold)


def past_ranges(
    judged: list[FigureRow], *, threshold: Decimal, min_values: int
) -> dict[int, Range | None]:
    """The range of each judged figure's past, by figure id; a figure with fewer than
    `min_values` past figures is left out (it is not judged against its past)."""
    if not judged:
        return {}
    sql = PAST_SQL.format(table=connection.ops.quote_name(Measurement._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [[row.id for row in judged], min_values])
        return {pk: range_from_past(*rest, threshold) for pk, *rest in cursor.fetchall()}
