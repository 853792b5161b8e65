"""What the care services share: errors collected by field, the field sets they accept,
and the call that keeps figures derived from the reports current."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

STILL_RUNNING = _("now")
COUNT_NEGATIVE = _("A count cannot be negative.")
AMOUNT_NEGATIVE = _("An amount of money cannot be negative.")

Errors = dict[str, list]


def add_error(errors: Errors, name: str, message) -> None:
    errors.setdefault(name, []).append(message)


def set_fields(instance: Model, fields: Iterable[str], changes: dict[str, Any]) -> None:
    """Give `instance` the values in `changes`; a name outside `fields` is a TypeError."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field(s) to change: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def reports_changed(changes: Iterable[tuple[str, int, int]]) -> None:
    """Call the `CARE_REPORTS_CHANGED_HOOK` with the (kind, area id, year) keys given.

    Inside the caller's transaction, so an error of the hook undoes the care write too.
    No hook set (an installation without derived figures): nothing to follow.
    """
    changes = set(changes)
    hook = getattr(settings, "CARE_REPORTS_CHANGED_HOOK", "")
    if changes and hook:
        import_string(hook)(changes=changes)
