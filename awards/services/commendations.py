"""A decision's recipients: each checked against its form, none named twice, given its bonus."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from awards.models import (
    AwardDecision,
    Commendation,
    RecipientKind,
    RecipientSex,
)
from awards.services.decisions import _kind_label
from awards.services.money import bonus_for
from core.batches import BatchInvalid
from core.text import identity_key, tidy
from programmes.models import Area

RECIPIENT_KIND_NOT_ALLOWED = _("%(form)s cannot be given to a %(kind)s; it is for: %(allowed)s.")
SEX_REQUIRED = _("Give the sex of an individual recipient (female or male).")
SEX_ONLY_FOR_INDIVIDUALS = _("Only an individual has a sex; leave it empty for a %(kind)s.")
NAME_REQUIRED = _("Give the recipient's name.")
AREA_NOT_VALID_ON_DATE = _("%(area)s did not exist as an administrative unit on %(date)s.")
RECIPIENT_ALREADY_NAMED = _(
    "%(name)s is already named in this decision; remove the row or the earlier recipient."
)
RECIPIENT_REPEATED = _("%(name)s is named twice in the list; it first appears on line %(line)s.")


@dataclass
class RecipientInput:
    """One recipient as a person or a file gives it, before the rules have looked at it."""

    recipient_kind: str
    name: str
    sex: str = ""
    position: str = ""
    organisation: str = ""
    area: Area | None = None


def commendation_clean(*, decision: AwardDecision, recipient: RecipientInput) -> Commendation:
    """Check one recipient against its decision; return the unsaved commendation.

    Raises ValidationError with every message keyed by field.
    """
    kind = recipient.recipient_kind
    sex = recipient.sex or ""
    errors: dict[str, list] = {}
    if kind not in RecipientKind.values:
        errors["recipient_kind"] = [
            _("Recipient kind must be collective, individual or household.")
        ]
    elif decision.form_id and not decision.form.allows(kind):
        errors["recipient_kind"] = [
            RECIPIENT_KIND_NOT_ALLOWED
            % {
                "form": decision.form.name,
                "kind": _kind_label(kind),
                "allowed": ", ".join(_kind_label(k) for k in decision.form.recipient_kinds),
            }
        ]
    if kind == RecipientKind.INDIVIDUAL and sex not in RecipientSex.values:
        errors["sex"] = [SEX_REQUIRED]
    elif kind in RecipientKind.values and kind != RecipientKind.INDIVIDUAL and sex:
        errors["sex"] = [SEX_ONLY_FOR_INDIVIDUALS % {"kind": _kind_label(kind)}]
    name = tidy(recipient.name)
    if not name:
        errors["name"] = [NAME_REQUIRED]
    area = recipient.area
    if (
        area is not None
        and decision.signed_on
        and not area.is_valid_between(decision.signed_on, decision.signed_on)
    ):
        errors["area"] = [
            AREA_NOT_VALID_ON_DATE % {"area": area.name, "date": f"{decision.signed_on:%d/%m/%Y}"}
        ]
    if errors:
        raise ValidationError(errors)
    commendation = Commendation(
        decision=decision,
        recipient_kind=kind,
        name=name,
        sex=sex,
        position=tidy(recipient.position),
        organisation=tidy(recipient.organisation),
        area=area,
        bonus=bonus_for(decision.form, kind, decision.base_salary) if decision.form_id else None,
    )
    commendation.full_clean(exclude=["decision", "area"], validate_constraints=False)
    return commendation


def _row_messages(error: ValidationError) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}


class NamedRecipient(Protocol):
    recipient_kind: str
    name: str
    organisation: str


def _recipient_key(row: NamedRecipient) -> tuple[str, str, str]:
    # Case, invisible characters and the tone mark's placement aside, but not accents:
    # "Lê Thị Hà" and "Lê Thị Hạ" are two people.
    return (row.recipient_kind, identity_key(row.name), identity_key(row.organisation))


def repeated_recipients(
    *,
    decision: AwardDecision,
    rows: Sequence[NamedRecipient],
    lines: Sequence[int] | None = None,
    replacing: Collection[int] = (),
) -> dict[int, str]:
    """Index → message for each row naming a recipient already named.

    A recipient is the same when kind, name and organisation compare equal under
    `identity_key`. A row is refused if the decision already names its recipient (apart
    from the commendations in `replacing`, which the rows stand for) or an earlier row
    does; `lines` says where each row stands, for the message (by default 1, 2, …).
    """
    existing: set[tuple[str, str, str]] = set()
    if decision.pk is not None:
        named = Commendation.objects.filter(decision=decision).exclude(pk__in=replacing)
        existing = {
            _recipient_key(c)
            for c in named.only("recipient_kind", "name", "organisation").order_by()
        }
    first_seen: dict[tuple[str, str, str], int] = {}
    messages: dict[int, str] = {}
    for index, row in enumerate(rows):
        name = tidy(row.name)
        if not name:
            continue
        key = _recipient_key(row)
        if key in existing:
            messages[index] = str(RECIPIENT_ALREADY_NAMED % {"name": name})
        elif key in first_seen:
            line = lines[first_seen[key]] if lines is not None else first_seen[key] + 1
            messages[index] = str(RECIPIENT_REPEATED % {"name": name, "line": line})
        else:
            first_seen[key] = index
    return messages


@transaction.atomic
def commendations_create_many(
    *, decision: AwardDecision, rows: Sequence[RecipientInput], dry_run: bool = False
) -> list[Commendation]:
    """Add many recipients to a decision, all or nothing.

    Every bad row is reported with its index in a BatchInvalid; if any row is bad,
    nothing is written. With `dry_run` the rows are checked and the unsaved
    commendations (with their bonuses) returned, and nothing is written either.
    """
    row_errors: dict[int, dict[str, list[str]]] = {}
    commendations: list[Commendation] = []
    for index, recipient in enumerate(rows):
        try:
            commendations.append(commendation_clean(decision=decision, recipient=recipient))
        except ValidationError as error:
            row_errors[index] = _row_messages(error)
    for index, message in repeated_recipients(decision=decision, rows=rows).items():
        row_errors.setdefault(index, {}).setdefault("name", []).append(message)
    if row_errors:
        raise BatchInvalid(row_errors)
    for commendation in commendations:
        commendation.fill_search_text()
    if dry_run:
        return commendations
    return bulk_create_with_history(commendations, Commendation)


def commendation_create(
    *,
    decision: AwardDecision,
    recipient_kind: str,
    name: str,
    sex: str = "",
    position: str = "",
    organisation: str = "",
    area: Area | None = None,
) -> Commendation:
    """Add one recipient to a decision; raise ValidationError keyed by field if it is bad."""
    recipient = RecipientInput(
        recipient_kind=recipient_kind,
        name=name,
        sex=sex,
        position=position,
        organisation=organisation,
        area=area,
    )
    try:
        return commendations_create_many(decision=decision, rows=[recipient])[0]
    except BatchInvalid as error:
        raise ValidationError(error.row_errors[0]) from None


RECIPIENT_FIELDS = ("recipient_kind", "name", "sex", "position", "organisation", "area", "bonus")


@transaction.atomic
def commendation_update(*, commendation: Commendation, recipient: RecipientInput) -> Commendation:
    """Replace what a commendation says about its recipient, with the same checks.

    The recipient may not become one the decision names in another row.
    """
    return commendations_update_many(
        decision=commendation.decision, changes=[(commendation, recipient)]
    )[0]


@transaction.atomic
def commendations_update_many(
    *, decision: AwardDecision, changes: Sequence[tuple[Commendation, RecipientInput]]
) -> list[Commendation]:
    """Replace what several commendations of `decision` say, checked as one list.

    The rows are compared with each other as they will stand and with the decision's
    other rows, so two recipients may swap names in one save (each row, taken alone,
    would find the other's old name still there). Raises ValidationError keyed by field
    (the first refused row's; `error.rows` holds every refused row's by index) and then
    writes nothing.
    """
    row_errors: dict[int, dict[str, list[str]]] = {}
    checked: list[Commendation | None] = []
    for index, (_commendation, recipient) in enumerate(changes):
        try:
            checked.append(commendation_clean(decision=decision, recipient=recipient))
        except ValidationError as error:
            checked.append(None)
            row_errors[index] = _row_messages(error)
    repeated = repeated_recipients(
        decision=decision,
        rows=[recipient for _commendation, recipient in changes],
        replacing=[commendation.pk for commendation, _recipient in changes],
    )
    for index, message in repeated.items():
        row_errors.setdefault(index, {}).setdefault("name", []).append(message)
    if row_errors:
        error = ValidationError(row_errors[min(row_errors)])
        error.rows = row_errors
        raise error
    saved = []
    for (commendation, _recipient), new in zip(changes, checked, strict=True):
        for name in RECIPIENT_FIELDS:
            setattr(commendation, name, getattr(new, name))
        commendation.save()
        saved.append(commendation)
    return saved
