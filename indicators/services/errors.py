"""What the figure services refuse with: the `FigureRefused` family and the messages.

A `FigureRefused` is a `core.errors.Conflict`: the API answers 409 with its message, the
admin shows it on the form. Everything else bad about a write is a ValidationError
keyed by field, with one of the messages below.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict

# Re-exported (the constraints' own words among them), so every message is found here.
from core.periods import PERIOD_MALFORMED  # noqa: F401
from indicators.models import (  # noqa: F401
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    DENOMINATOR_NOT_POSITIVE,
    NUMERATOR_WITHOUT_DENOMINATOR,
    VALUE_NEGATIVE,
    Measurement,
)

PERIOD_OUTSIDE_PHASE = _(
    "The period %(period)s lies outside the phase %(phase)s (%(start)s–%(end)s)."
)
YEAR_OUTSIDE_PHASE = _("The year %(year)s lies outside the phase %(phase)s (%(start)s–%(end)s).")
AREA_NOT_VALID = _("%(area)s did not exist as an administrative unit in %(period)s.")
PERCENT_OVER_100 = _("A percentage cannot be more than 100.")
VALUE_REQUIRED = _("Enter a value, or a numerator and a denominator.")
NUMERATOR_OVER_DENOMINATOR = _("For a percentage the numerator cannot exceed the denominator.")
VALUE_DISAGREES_WITH_RATIO = _(
    "The value %(value)s does not match numerator ÷ denominator (%(expected)s)."
)
VALUE_NOT_WHOLE = _(
    "This indicator counts (people, cases, VND): write a whole number, without decimals."
)
MILESTONE_VALUE = _("A milestone is 1 (reached) or 0 (not reached).")
SEX_NOT_KNOWN = _("Sex must be total, female or male.")
SEX_SUM_MISMATCH = _(
    "Total %(total)s does not equal female %(female)s + male %(male)s for %(area)s, %(period)s."
)
FIGURE_TWICE_IN_BATCH = _("The same figure appears twice in this batch (row %(row)s).")
FIGURE_LOCKED = _(
    "The figure for %(area)s, %(period)s, %(sex)s is approved and locked; "
    "ask a provincial officer to reopen it."
)
FIGURE_UNDER_REVIEW = _(
    "The figure for %(area)s, %(period)s, %(sex)s is submitted for review; it can be "
    "changed again once a provincial officer returns it."
)
FIGURE_CHANGED_MEANWHILE = _(
    "Someone else saved the figure for %(area)s, %(period)s, %(sex)s after you opened it; "
    "reload it, check their change and enter yours again."
)
AREA_NOT_ASSIGNED = _(
    "You may only enter figures for your assigned areas; %(area)s is not one of them."
)
HAND_EDIT_REFUSED = _(
    "The figures of indicator %(indicator)s are derived from care-model reports and kept "
    "up to date from them; change the care-model reports instead."
)
NO_SUCH_INDICATOR = _("No indicator with the id %(id)s.")
NO_SUCH_INDICATOR_CODE = _('No indicator with the code "%(code)s" in the phase %(phase)s.')
NO_SUCH_AREA = _('No area with the code "%(code)s".')
VERSION_REQUIRED = _(
    'Send the version of the figure you read, as "version" in the body or as If-Match, '
    "so that a change someone made meanwhile is not overwritten."
)


def _figure_names(measurement: Measurement) -> dict[str, str]:
    return {
        "area": measurement.area.name,
        "period": measurement.period,
        "sex": measurement.get_sex_display(),
        "status": measurement.get_status_display(),
    }


class FigureRefused(Conflict):
    """A write the figure's state refuses; the API answers 409, the admin shows the message."""

    message = FIGURE_LOCKED

    def __init__(self, measurement: Measurement, message=None) -> None:
        self.measurement = measurement
        super().__init__(str((message or self.message) % _figure_names(measurement)))


class FigureLocked(FigureRefused):
    """The figure is approved: nothing about it may change until it is reopened."""

    message = FIGURE_LOCKED


class FigureUnderReview(FigureRefused):
    """A data-entry officer may not change a figure while it waits for review."""

    message = FIGURE_UNDER_REVIEW


class FigureConflict(FigureRefused):
    """Someone saved the figure after the writer read it (optimistic locking)."""

    message = FIGURE_CHANGED_MEANWHILE


class TransitionRefused(FigureRefused):
    """A workflow step the figure's status does not allow (approving a draft...)."""


class VersionRequired(ValidationError):
    """A change to one figure came without the version the writer read."""

    def __init__(self) -> None:
        super().__init__({"version": [VERSION_REQUIRED]})
