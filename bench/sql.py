"""Hand-written SQL baselines: the same numbers as the app's read models, in one query each.

They cover the shape of the generated data (a province with communes below it, yearly
figures): an area's own figure, else its valid children's figures rolled up (counts and
money summed, rates as Σ numerator ÷ Σ denominator). The runner checks that they give
exactly the app's numbers before it times them, so the comparison is like for like.
"""

RATE_SCALE_SQL = """
CASE i.unit WHEN 'percent' THEN 100 WHEN 'per_100' THEN 100 WHEN 'per_1000' THEN 1000
            WHEN 'per_100000' THEN 100000 WHEN 'times' THEN 1 END
"""

# Actual of indicator `j.indicator_id` in area %(area)s for year `j.jy`, as a lateral join.
ACTUAL_TEMPLATE = """
LEFT JOIN LATERAL (
  SELECT m.value FROM indicators_measurement m
  WHERE m.indicator_id = j.indicator_id AND m.area_id = %(area)s
    AND m.period = j.jy::text AND m.sex = 'total'
) own ON true
{kids}
CROSS JOIN LATERAL (
  SELECT COALESCE(own.value, CASE
    WHEN kids.n = 0 THEN NULL
    WHEN i.unit IN ('count', 'vnd') THEN kids.v
    WHEN i.unit IN ('percent', 'per_100', 'per_1000', 'per_100000', 'times') AND kids.ratios
      THEN round(kids.num / kids.den * {rate_scale}, 4)
  END) AS actual
) a
"""

# The children's yearly totals rolled up from the figures themselves.
KIDS_FROM_FIGURES = """LEFT JOIN LATERAL (
  SELECT count(*) AS n, sum(m.value) AS v, sum(m.numerator) AS num, sum(m.denominator) AS den,
         bool_and(m.numerator IS NOT NULL) AS ratios
  FROM indicators_measurement m
  JOIN programmes_area c ON c.id = m.area_id
  WHERE c.parent_id = %(area)s
    AND (c.valid_from IS NULL OR c.valid_from <= make_date(j.jy, 12, 31))
    AND (c.valid_to IS NULL OR c.valid_to >= make_date(j.jy, 1, 1))
    AND m.indicator_id = j.indicator_id AND m.year = j.jy
    AND m.period = j.jy::text AND m.sex = 'total'
) kids ON true"""

# The same read from the summary the app reads (`indicators_childsums`, kept by triggers):
# what one hand-written query over this design's own tables costs (issue #21 point 1).
KIDS_FROM_SUMMARIES = """LEFT JOIN LATERAL (
  SELECT s.figures AS n, s.value_sum AS v, s.numerator_sum AS num,
         s.denominator_sum AS den, s.ratios = s.figures AS ratios
  FROM indicators_childsums s
  WHERE s.parent_id = %(area)s AND s.indicator_id = j.indicator_id AND s.year = j.jy
) kids ON true"""

ACTUAL_SQL = ACTUAL_TEMPLATE.format(kids=KIDS_FROM_FIGURES, rate_scale=RATE_SCALE_SQL)
ACTUAL_SUMMARY_SQL = ACTUAL_TEMPLATE.format(kids=KIDS_FROM_SUMMARIES, rate_scale=RATE_SCALE_SQL)

SCORECARD_TEMPLATE = """
WITH chosen AS (
  SELECT DISTINCT ON (t.indicator_id)
         t.id, t.indicator_id, t.year, t.comparator, t.value, t.baseline_value, t.baseline_year
  FROM indicators_target t JOIN indicators_indicator i ON i.id = t.indicator_id
  WHERE i.phase_id = %(phase)s AND t.area_id = %(area)s
  ORDER BY t.indicator_id, t.year < %(year)s,
           CASE WHEN t.year >= %(year)s THEN t.year ELSE -t.year END
), j AS (
  SELECT chosen.*, LEAST(%(year)s, chosen.year) AS jy FROM chosen
), lines AS (
  SELECT j.id AS target, j.indicator_id AS indicator, i.code AS indicator_code,
         i.objective_id AS objective, o.number AS objective_number, j.comparator,
         j.value AS target_value, a.actual,
         CASE
           WHEN a.actual IS NULL THEN 'no_data'
           WHEN j.jy >= j.year THEN CASE WHEN
             CASE j.comparator WHEN 'gte' THEN a.actual >= j.value WHEN 'gt' THEN a.actual > j.value
               WHEN 'lte' THEN a.actual <= j.value WHEN 'lt' THEN a.actual < j.value
               ELSE a.actual = j.value END
             THEN 'achieved' ELSE 'not_achieved' END
           ELSE CASE WHEN
             CASE WHEN j.baseline_year IS NULL THEN
               CASE j.comparator WHEN 'gte' THEN a.actual >= j.value WHEN 'gt' THEN a.actual > j.value
                 WHEN 'lte' THEN a.actual <= j.value WHEN 'lt' THEN a.actual < j.value
                 ELSE a.actual = j.value END
             WHEN j.comparator IN ('gte', 'gt') OR (j.comparator = 'eq' AND i.direction = 'increase')
               THEN a.actual >= j.baseline_value + (j.value - j.baseline_value)
                    * (j.jy - j.baseline_year)::numeric / (j.year - j.baseline_year)
             ELSE a.actual <= j.baseline_value + (j.value - j.baseline_value)
                    * (j.jy - j.baseline_year)::numeric / (j.year - j.baseline_year)
             END
             THEN 'on_track' ELSE 'off_track' END
         END AS status
  FROM j
  JOIN indicators_indicator i ON i.id = j.indicator_id
  JOIN programmes_objective o ON o.id = i.objective_id
  {actual}
)
SELECT lines.*,
       count(*) OVER (PARTITION BY objective) AS objective_total,
       count(*) FILTER (WHERE status = 'achieved') OVER (PARTITION BY objective) AS objective_achieved,
       count(*) OVER () AS targets_total,
       count(*) FILTER (WHERE status = 'achieved') OVER () AS achieved,
       count(*) FILTER (WHERE status = 'not_achieved') OVER () AS not_achieved,
       count(*) FILTER (WHERE status = 'no_data') OVER () AS no_data
FROM lines
ORDER BY objective_number, string_to_array(indicator_code, '.')::int[]
"""

PROGRESS_TEMPLATE = """
WITH j AS (
  SELECT %(indicator)s::bigint AS indicator_id, y AS jy
  FROM indicators_indicator i0 JOIN programmes_phase p ON p.id = i0.phase_id,
       generate_series(p.start_year::int, p.end_year::int) AS y
  WHERE i0.id = %(indicator)s
)
SELECT j.jy::text AS period, a.actual, t.value AS target
FROM j
JOIN indicators_indicator i ON i.id = j.indicator_id
{actual}
LEFT JOIN indicators_target t
  ON t.indicator_id = j.indicator_id AND t.area_id = %(area)s AND t.year = j.jy
ORDER BY j.jy
"""

SCORECARD_SQL = SCORECARD_TEMPLATE.replace("{actual}", ACTUAL_SQL)
SCORECARD_SUMMARY_SQL = SCORECARD_TEMPLATE.replace("{actual}", ACTUAL_SUMMARY_SQL)
PROGRESS_SQL = PROGRESS_TEMPLATE.replace("{actual}", ACTUAL_SQL)
PROGRESS_SUMMARY_SQL = PROGRESS_TEMPLATE.replace("{actual}", ACTUAL_SUMMARY_SQL)
