"""What an officer reads when a write meets one of the models' constraints.

The services refuse most of these first with the same words (indicators.services.errors).
"""

from django.utils.translation import gettext_lazy as _

VALUE_NEGATIVE = _("A figure cannot be negative.")
DENOMINATOR_NOT_POSITIVE = _("The denominator must be greater than zero.")
NUMERATOR_WITHOUT_DENOMINATOR = _("Give the numerator and the denominator together.")
BASELINE_AFTER_TARGET = _("The baseline year must come before the target year.")
BASELINE_INCOMPLETE = _("Give the baseline value and the baseline year together.")
PERIOD_FORMAT = _('Write the period as a year ("2020") or a half-year ("2020S1").')
YEAR_OUT_OF_RANGE = _("The year must lie between 1945 and 2100.")
INDICATOR_CODE_TAKEN = _("The phase already has an indicator with this code.")
FIGURE_EXISTS = _(
    "A figure for this indicator, area, period and sex exists already; change that one."
)
FEED_NEEDS_KIND_AND_MEASURE = _(
    "An indicator fed by care-model reports needs the kind of care model and what to count."
)
FEED_ONLY_FOR_CARE_MODELS = _(
    "Leave the kind of care model and what to count empty unless the figures come from "
    "care-model reports."
)
FEED_NEEDS_COUNT_FLOW = _(
    "Figures derived from care-model reports are counts that add up over the year: "
    "choose the unit “count” and the accumulation “flow”."
)
TARGET_EXISTS = _("This indicator already has a target for this area, year and sex.")
VALUE_MAX_ONLY_FOR_BETWEEN = _(
    "A range target needs an upper value no smaller than the target value; other targets take none."
)
DIRECTION_NEEDS_BASELINE = _(
    "A target that names only a direction (increase or decrease) is judged against its "
    "baseline: give the baseline value and year, and the same value as the target value."
)
SUM_ONLY_FOR_COUNTS = _(
    "Only counts and amounts of money add up over a phase; for a rate choose the end value "
    "or the mean."
)
DECIMALS_OUT_OF_RANGE = _("Show figures with 0 to 4 decimals.")
