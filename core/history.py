"""The audit trail every model holding programme data keeps (django-simple-history)."""

from django.db import models
from simple_history.models import HistoricalRecords


def audit_trail(table_name: str | None = None) -> HistoricalRecords:
    """Who changed what, when and why, for a model that holds programme data.

    The reason is free text of any length (a return or a reopening must give one).
    `table_name` keeps a history table's name when its model moves to another app.
    """
    return HistoricalRecords(
        history_change_reason_field=models.TextField(null=True), table_name=table_name
    )
