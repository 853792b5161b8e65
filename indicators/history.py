"""The audit trail of one figure, as `GET measurements/{id}/history/` gives it."""

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import plain_text
from indicators.models import Measurement

HISTORY_FIELDS = (
    "indicator",
    "area",
    "period",
    "sex",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
)
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    history_id: int
    at: object
    user: str | None
    type: str
    status: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    reason: str | None
    changes: dict[str, list]


def _history_value(record, name: str):
    """A field of a history row as the API writes it: areas by code, decimals plain."""
    if name == "area":
        return record.area.code if record.area_id else None
    if name == "indicator":
        return record.indicator_id
    value = getattr(record, name)
    if isinstance(value, Decimal):
        return plain_text(value)
    return value


def measurement_history(measurement: Measurement) -> list[HistoryEntry]:
    """Every recorded state of a figure, oldest first, with what changed at each step.

    One query, whatever the length of the history. `changes` maps each field that
    changed to [old, new]; on creation the old values are null.
    """
    records = list(
        measurement.history.select_related("history_user", "area").order_by(
            "history_date", "history_id"
        )
    )
    entries = []
    previous = None
    for record in records:
        changes = {}
        for name in HISTORY_FIELDS:
            new = _history_value(record, name)
            old = _history_value(previous, name) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                changes[name] = [old, new]
        if record.history_type == "-":
            changes = {}
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                at=record.history_date,
                user=record.history_user.get_username() if record.history_user else None,
                type=HISTORY_TYPES[record.history_type],
                status=record.status,
                value=record.value,
                numerator=record.numerator,
                denominator=record.denominator,
                note=record.note,
                reason=record.history_change_reason or None,
                changes=changes,
            )
        )
        previous = record
    return entries
