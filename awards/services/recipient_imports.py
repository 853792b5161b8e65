"""The recipient list attached to a decision (from a file): area codes resolved, rows checked."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AwardDecision,
    Commendation,
)
from awards.services.commendations import (
    RecipientInput,
    _row_messages,
    commendation_clean,
    commendations_create_many,
    repeated_recipients,
)
from core.batches import BatchInvalid
from programmes.models import Area

AREA_CODE_UNKNOWN = _('No administrative unit has the code "%(code)s".')


@dataclass
class ImportedRecipient:
    """One recipient as a file gives it: every value as text, the area by its code."""

    recipient_kind: str
    name: str
    sex: str = ""
    position: str = ""
    organisation: str = ""
    area_code: str = ""
    line: int | None = None  # where the row stands in its file, for messages


def _line(rows: Sequence[ImportedRecipient], index: int) -> int:
    return rows[index].line or index + 1


@transaction.atomic
def commendations_import(
    *, decision: AwardDecision, rows: Sequence[ImportedRecipient], dry_run: bool = False
) -> list[Commendation]:
    """Add the recipient list attached to a decision, all or nothing.

    Resolves the area codes (one query), refuses a recipient named twice in the list or
    already named in the decision, then checks every row as `commendations_create_many`
    does. Every bad row is reported with its index in one BatchInvalid; if any row is
    bad nothing is written, and with `dry_run` nothing is written either.
    """
    codes = {row.area_code.strip() for row in rows if row.area_code.strip()}
    areas = Area.objects.in_bulk(codes, field_name="code") if codes else {}
    lines = [_line(rows, index) for index in range(len(rows))]
    repeated = repeated_recipients(decision=decision, rows=rows, lines=lines)
    row_errors: dict[int, dict[str, list[str]]] = {}
    inputs: list[RecipientInput] = []
    for index, row in enumerate(rows):
        errors: dict[str, list[str]] = {}
        code = row.area_code.strip()
        area = areas.get(code) if code else None
        if code and area is None:
            errors["area"] = [str(AREA_CODE_UNKNOWN % {"code": code})]
        if index in repeated:
            errors["name"] = [repeated[index]]
        recipient = RecipientInput(
            recipient_kind=row.recipient_kind,
            name=row.name,
            sex=row.sex,
            position=row.position,
            organisation=row.organisation,
            area=area,
        )
        try:
            commendation_clean(decision=decision, recipient=recipient)
        except ValidationError as error:
            for name, messages in _row_messages(error).items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            row_errors[index] = errors
        inputs.append(recipient)
    if row_errors:
        raise BatchInvalid(row_errors)
    return commendations_create_many(decision=decision, rows=inputs, dry_run=dry_run)
