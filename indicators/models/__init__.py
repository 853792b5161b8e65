"""Indicators, their targets and the figures measured against them."""

from indicators.models.choices import (
    DIRECTION_COMPARATORS,
    RATE_SCALE,
    SUMMABLE_UNITS,
    WHOLE_UNITS,
    Accumulation,
    Comparator,
    Direction,
    IndicatorSource,
    MeasurementStatus,
    PhaseAggregate,
    ReportingFrequency,
    Sex,
    Unit,
)
from indicators.models.messages import (
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    DECIMALS_OUT_OF_RANGE,
    DENOMINATOR_NOT_POSITIVE,
    DIRECTION_NEEDS_BASELINE,
    FEED_NEEDS_COUNT_FLOW,
    FEED_NEEDS_KIND_AND_MEASURE,
    FEED_ONLY_FOR_CARE_MODELS,
    FIGURE_EXISTS,
    INDICATOR_CODE_TAKEN,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERIOD_FORMAT,
    SUM_ONLY_FOR_COUNTS,
    TARGET_EXISTS,
    VALUE_MAX_ONLY_FOR_BETWEEN,
    VALUE_NEGATIVE,
    YEAR_OUT_OF_RANGE,
)

# The models register in the order they had in one module: indicator, target, figure.
# isort: off
from indicators.models.indicator import Indicator
from indicators.models.target import Target
from indicators.models.measurement import MeasurementQuerySet, Measurement
# isort: on

# The summaries need `Indicator` above; imported last so the models register in the
# same order as when they lived in this one module.
from indicators.models.summaries import (
    ChildSums,
    IndicatorCount,
    MeasurementCount,
)

__all__ = [
    "BASELINE_AFTER_TARGET",
    "BASELINE_INCOMPLETE",
    "DECIMALS_OUT_OF_RANGE",
    "DENOMINATOR_NOT_POSITIVE",
    "DIRECTION_COMPARATORS",
    "DIRECTION_NEEDS_BASELINE",
    "FEED_NEEDS_COUNT_FLOW",
    "FEED_NEEDS_KIND_AND_MEASURE",
    "FEED_ONLY_FOR_CARE_MODELS",
    "FIGURE_EXISTS",
    "INDICATOR_CODE_TAKEN",
    "NUMERATOR_WITHOUT_DENOMINATOR",
    "PERIOD_FORMAT",
    "RATE_SCALE",
    "SUMMABLE_UNITS",
    "SUM_ONLY_FOR_COUNTS",
    "TARGET_EXISTS",
    "VALUE_MAX_ONLY_FOR_BETWEEN",
    "VALUE_NEGATIVE",
    "WHOLE_UNITS",
    "YEAR_OUT_OF_RANGE",
    "Accumulation",
    "ChildSums",
    "Comparator",
    "Direction",
    "Indicator",
    "IndicatorCount",
    "IndicatorSource",
    "Measurement",
    "MeasurementCount",
    "MeasurementQuerySet",
    "MeasurementStatus",
    "PhaseAggregate",
    "ReportingFrequency",
    "Sex",
    "Target",
    "Unit",
]
