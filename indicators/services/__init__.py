"""Every write to indicators, targets and figures that carries a rule.

The admin, the API, imports, the demo and the care-model feed all come through here,
so a rule holds whichever door a figure comes in by. One module per concern: `figures`
(one figure's checks in `checks`, the all-or-nothing batch, its PostgreSQL path in
`bulk_copy`, bulk rows resolved in `bulk_rows`), `writability` (the one door for whether
a figure may be written), `workflow`, `targets`, `indicators`, `errors`; planning:
`next_phase` (the next phase from the last one), `plans` (a plan approved, then locked),
`framework_targets` (a national framework's target adopted by a phase).

Calling convention: keyword-only arguments (fields, a model instance, or one input
dataclass such as `FigureInput`) in; the saved instance (or `SaveResult`) out.
"""

from core.batches import BatchInvalid
from indicators.rules import ratio_value
from indicators.services.bulk_rows import figures_from_rows
from indicators.services.checks import measurement_clean
from indicators.services.errors import (
    AREA_NOT_ASSIGNED,
    AREA_NOT_VALID,
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    DENOMINATOR_NOT_POSITIVE,
    FIGURE_CHANGED_MEANWHILE,
    FIGURE_LOCKED,
    FIGURE_UNDER_REVIEW,
    HAND_EDIT_REFUSED,
    MILESTONE_VALUE,
    NO_SUCH_AREA,
    NO_SUCH_INDICATOR,
    NO_SUCH_INDICATOR_CODE,
    NUMERATOR_OVER_DENOMINATOR,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERCENT_OVER_100,
    PERIOD_MALFORMED,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
    VALUE_DISAGREES_WITH_RATIO,
    VALUE_NEGATIVE,
    VALUE_NOT_WHOLE,
    VALUE_REQUIRED,
    VERSION_REQUIRED,
    YEAR_OUTSIDE_PHASE,
    FigureConflict,
    FigureLocked,
    FigureRefused,
    FigureUnderReview,
    TransitionRefused,
    VersionRequired,
)
from indicators.services.figures import (
    CHANGEABLE,
    FigureInput,
    SaveResult,
    measurement_change,
    measurement_delete,
    measurement_save,
    measurements_save,
)
from indicators.services.framework_targets import framework_reference, framework_target_adopt
from indicators.services.indicators import indicator_save
from indicators.services.next_phase import Baseline, last_actuals, next_phase_create
from indicators.services.plans import (
    PLAN_LOCKED,
    PlanLocked,
    phase_plan_approve,
    phase_plan_reopen,
    refuse_locked_plan,
)
from indicators.services.targets import target_clean, target_delete, target_save
from indicators.services.workflow import (
    APPROVE,
    REASON_REQUIRED,
    REOPEN,
    RETURN,
    SUBMIT,
    TRANSITIONS,
    Transition,
    measurement_transition,
    measurements_transition,
)
from indicators.services.writability import (
    area_refusal,
    change_refusal,
    period_bounds,
    period_year,
    phase_refusal,
)

__all__ = [
    "APPROVE",
    "AREA_NOT_ASSIGNED",
    "AREA_NOT_VALID",
    "BASELINE_AFTER_TARGET",
    "BASELINE_INCOMPLETE",
    "CHANGEABLE",
    "DENOMINATOR_NOT_POSITIVE",
    "FIGURE_CHANGED_MEANWHILE",
    "FIGURE_LOCKED",
    "FIGURE_UNDER_REVIEW",
    "HAND_EDIT_REFUSED",
    "MILESTONE_VALUE",
    "NO_SUCH_AREA",
    "NO_SUCH_INDICATOR",
    "NO_SUCH_INDICATOR_CODE",
    "NUMERATOR_OVER_DENOMINATOR",
    "NUMERATOR_WITHOUT_DENOMINATOR",
    "PERCENT_OVER_100",
    "PERIOD_MALFORMED",
    "PERIOD_OUTSIDE_PHASE",
    "PLAN_LOCKED",
    "REASON_REQUIRED",
    "REOPEN",
    "RETURN",
    "SEX_SUM_MISMATCH",
    "SUBMIT",
    "TRANSITIONS",
    "VALUE_DISAGREES_WITH_RATIO",
    "VALUE_NEGATIVE",
    "VALUE_NOT_WHOLE",
    "VALUE_REQUIRED",
    "VERSION_REQUIRED",
    "YEAR_OUTSIDE_PHASE",
    "Baseline",
    "BatchInvalid",
    "FigureConflict",
    "FigureInput",
    "FigureLocked",
    "FigureRefused",
    "FigureUnderReview",
    "PlanLocked",
    "SaveResult",
    "Transition",
    "TransitionRefused",
    "VersionRequired",
    "area_refusal",
    "change_refusal",
    "figures_from_rows",
    "framework_reference",
    "framework_target_adopt",
    "indicator_save",
    "last_actuals",
    "measurement_change",
    "measurement_clean",
    "measurement_delete",
    "measurement_save",
    "measurement_transition",
    "measurements_save",
    "measurements_transition",
    "next_phase_create",
    "period_bounds",
    "period_year",
    "phase_plan_approve",
    "phase_plan_reopen",
    "phase_refusal",
    "ratio_value",
    "refuse_locked_plan",
    "target_clean",
    "target_delete",
    "target_save",
]
