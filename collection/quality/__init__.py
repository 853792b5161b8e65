"""Data quality: validation rules broken and figures that look unusual (DESIGN.md §4 rule 10).

- `robust`: the robust range (median and median absolute deviation) and its shortcut
  for a figure against its sibling areas;
- `history`: each figure's range from its own past periods, computed in the database;
- `outliers`: the three outlier checks (siblings, past, set bounds);
- `rules`: validation rules judged on one area's figures for one period;
- `scan`: the data-quality scan of an area tree, and the checks of figures being
  submitted or approved.
"""

from collection.quality.outliers import Method, Outlier
from collection.quality.robust import robust_range
from collection.quality.rules import RULE_BROKEN, Violation
from collection.quality.scan import Findings, data_quality, violations_for

__all__ = [
    "RULE_BROKEN",
    "Findings",
    "Method",
    "Outlier",
    "Violation",
    "data_quality",
    "robust_range",
    "violations_for",
]
