"""Every write on care models that carries a rule, one module per record:
`care_models`, `reports` (with the children by group), `contributions`.

The admin, the API, the demo loader and tests all come through here, so a rule holds
whichever door a record comes in by. Each record has `<record>_create(*, fields...)` and
`<record>_update(*, <record>, **changes)`, which return the saved instance, and a
`<record>_clean(instance)` the admin's forms call to show the same messages before
saving. A refused write raises ValidationError keyed by field and writes nothing.

Figures derived from the reports (the indicators fed by care models) follow them: after
reports change, or a model with reports changes kind or area, `base.reports_changed`
calls the function named by the setting `CARE_REPORTS_CHANGED_HOOK` (config/settings.py
wires `indicators.feeds.on_reports_changed`) with the (kind, area id, year) keys whose
sums may differ. The call is plain and runs inside the write's transaction: a hook that
refuses (an approved figure would change) rolls the care write back, with its message.
`care` may not import `indicators` (DESIGN.md §2), hence the setting instead of an import.
"""

from care.services.care_models import care_model_clean, care_model_create, care_model_update
from care.services.contributions import (
    contribution_clean,
    contribution_create,
    contribution_update,
)
from care.services.reports import (
    care_model_report_clean,
    care_model_report_create,
    care_model_report_delete,
    care_model_report_update,
    group_errors,
    report_total,
)

__all__ = [
    "care_model_clean",
    "care_model_create",
    "care_model_report_clean",
    "care_model_report_create",
    "care_model_report_delete",
    "care_model_report_update",
    "care_model_update",
    "contribution_clean",
    "contribution_create",
    "contribution_update",
    "group_errors",
    "report_total",
]
