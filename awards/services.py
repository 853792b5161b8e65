"""Every write to award decisions and their recipients that carries a rule.

The admin, the API and the recipient-list upload all come through here: a decision is
checked (its number, unique per issuing body and year as Nghị định 30/2020 writes it;
its date; its issuer, who must be the one its form names) and its year and legal
regime derived; a recipient is checked against the decision's form, refused if the
decision already names it, and given its bonus (coefficient × base salary, rounded up
to the next 10,000 đồng).
"""

import datetime
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards.models import (
    DECISION_NUMBER_PATTERN,
    AwardDecision,
    AwardForm,
    Commendation,
    IssuerLevel,
    Occasion,
    RecipientKind,
    RecipientSex,
)
from core.batches import BatchInvalid
from core.text import identity_key, nfc, tidy
from programmes.models import Area, Phase, Programme

DECISION_NUMBER_RE = re.compile(DECISION_NUMBER_PATTERN)

NUMBER_MALFORMED = _(
    'Write the decision number with its symbol, e.g. "163/QĐ-UBND"; got "%(number)s".'
)
NUMBER_TAKEN = _(
    "%(issuer)s already has a decision numbered %(number)s in %(year)s; "
    "check the number or open the existing decision."
)
SIGNED_IN_FUTURE = _("The signing date %(date)s is in the future; enter the date on the decision.")
FORM_ISSUER_MISMATCH = _(
    "%(form)s is decided by the %(form_issuer)s; a decision of the %(issuer)s cannot grant it."
)
PHASE_NOT_IN_PROGRAMME = _("The phase %(phase)s does not belong to the programme %(programme)s.")
BASE_SALARY_NOT_POSITIVE = _("The base salary must be greater than zero.")
BASE_SALARY_UNKNOWN = _(
    "The base salary in force on the signing date is not known here; enter it from the decision."
)
RECIPIENT_KIND_NOT_ALLOWED = _("%(form)s cannot be given to a %(kind)s; it is for: %(allowed)s.")
SEX_REQUIRED = _("Give the sex of an individual recipient (female or male).")
SEX_ONLY_FOR_INDIVIDUALS = _("Only an individual has a sex; leave it empty for a %(kind)s.")
NAME_REQUIRED = _("Give the recipient's name.")
AREA_NOT_VALID_ON_DATE = _("%(area)s did not exist as an administrative unit on %(date)s.")
AREA_CODE_UNKNOWN = _('No administrative unit has the code "%(code)s".')
RECIPIENT_ALREADY_NAMED = _(
    "%(name)s is already named in this decision; remove the row or the earlier recipient."
)
RECIPIENT_REPEATED = _("%(name)s is named twice in the list; it first appears on line %(line)s.")
FORM_CHANGE_ORPHANS_RECIPIENTS = _(
    "%(form)s cannot be given to the %(kinds)s already named in this decision; "
    "remove them first or keep the form."
)

# Fields a person may set on a decision; year and legal regime follow from the date.
DECISION_FIELDS = (
    "number",
    "signed_on",
    "issuer_level",
    "issuer_name",
    "signer_name",
    "signer_capacity",
    "form",
    "reason",
    "occasion",
    "programme",
    "phase",
    "base_salary",
)
# One-line names, stored tidy (no invisible characters, single spaces); the reason keeps
# its lines.
NAME_FIELDS = ("issuer_name", "signer_name", "signer_capacity")

# The base salary (lương cơ sở; "lương tối thiểu chung" before Decree 66/2013) of the
# public sector and the decree that set it, by the day it took effect (DOMAIN.md §3).
# Bonuses are multiples of the one in force on the signing date.
BASE_SALARIES: tuple[tuple[datetime.date, Decimal, str], ...] = (
    (datetime.date(2011, 5, 1), Decimal(830000), "22/2011/NĐ-CP"),
    (datetime.date(2012, 5, 1), Decimal(1050000), "31/2012/NĐ-CP"),
    (datetime.date(2013, 7, 1), Decimal(1150000), "66/2013/NĐ-CP"),
    (datetime.date(2016, 5, 1), Decimal(1210000), "47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), Decimal(1300000), "47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), Decimal(1390000), "72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), Decimal(1490000), "38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), Decimal(1800000), "24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), Decimal(2340000), "73/2024/NĐ-CP"),
)


def base_salary_on(day: datetime.date) -> Decimal | None:
    """The base salary in force on `day`, or None before the first one this table knows."""
    in_force = None
    for since, amount, _decree in BASE_SALARIES:
        if since <= day:
            in_force = amount
    return in_force


# Bonuses are paid in whole tens of thousands of dong, rounded up.
BONUS_STEP = Decimal(10000)


def bonus_for(form: AwardForm, recipient_kind: str, base_salary: Decimal | None) -> Decimal | None:
    """Coefficient × base salary rounded up to the next 10,000 dong, or None without a bonus.

    Nghị định 91/2017 (and 98/2023): "Tiền thưởng sau khi nhân với hệ số mức lương cơ sở
    được làm tròn số lên hàng chục ngàn đồng": 0.3 × 1,490,000 = 447,000 is paid 450,000.
    A form without a coefficient (an award the province does not pay) gives None.
    """
    coefficient = form.bonus_coefficient(recipient_kind)
    if coefficient is None or base_salary is None:
        return None
    steps = (coefficient * base_salary / BONUS_STEP).to_integral_value(rounding=ROUND_CEILING)
    return steps * BONUS_STEP


def _kind_label(kind: str) -> str:
    return str(RecipientKind(kind).label) if kind in RecipientKind.values else kind


def _level_label(level: str) -> str:
    return str(IssuerLevel(level).label) if level in IssuerLevel.values else level


def _number_taken(decision: AwardDecision) -> str:
    return NUMBER_TAKEN % {
        "issuer": decision.issuer_name,
        "number": decision.number,
        "year": decision.year,
    }


def award_decision_clean(decision: AwardDecision) -> None:
    """Check a decision before it is saved; raise ValidationError keyed by field.

    Normalises its text and derives its year and legal regime first, so that the
    caller may save it as it stands once this returns.
    """
    for name in NAME_FIELDS:
        setattr(decision, name, tidy(getattr(decision, name)))
    decision.reason = nfc(decision.reason)
    decision.derive_fields()

    errors: dict[str, list] = {}
    if not DECISION_NUMBER_RE.match(decision.number):
        errors["number"] = [NUMBER_MALFORMED % {"number": decision.number}]
    if decision.signed_on and decision.signed_on > timezone.localdate():
        errors["signed_on"] = [SIGNED_IN_FUTURE % {"date": f"{decision.signed_on:%d/%m/%Y}"}]
    if decision.form_id and decision.issuer_level != decision.form.issuer_level:
        errors["form"] = [
            FORM_ISSUER_MISMATCH
            % {
                "form": decision.form.name,
                "form_issuer": _level_label(decision.form.issuer_level),
                "issuer": _level_label(decision.issuer_level),
            }
        ]
    if decision.phase_id:
        if decision.programme_id is None:
            decision.programme_id = decision.phase.programme_id
        elif decision.phase.programme_id != decision.programme_id:
            errors["phase"] = [
                PHASE_NOT_IN_PROGRAMME
                % {"phase": decision.phase.name, "programme": decision.programme.code}
            ]
    if decision.base_salary is not None and decision.base_salary <= 0:
        errors["base_salary"] = [BASE_SALARY_NOT_POSITIVE]
    if "number" not in errors and decision.signed_on and decision.issuer_key:
        taken = (
            AwardDecision.objects.filter(
                issuer_key=decision.issuer_key, year=decision.year, number=decision.number
            )
            .exclude(pk=decision.pk)
            .exists()
        )
        if taken:
            errors["number"] = [_number_taken(decision)]
    if decision.pk and decision.form_id:
        kinds = (
            Commendation.objects.filter(decision=decision)
            .exclude(recipient_kind__in=decision.form.recipient_kinds)
            .values_list("recipient_kind", flat=True)
            .distinct()
        )
        if kinds:
            errors.setdefault("form", []).append(
                FORM_CHANGE_ORPHANS_RECIPIENTS
                % {
                    "form": decision.form.name,
                    "kinds": ", ".join(_kind_label(k) for k in sorted(kinds)),
                }
            )
    if errors:
        raise ValidationError(errors)


def _save_decision(decision: AwardDecision) -> AwardDecision:
    award_decision_clean(decision)
    # The rules above speak first; full_clean adds the field-level checks (lengths,
    # choices) and the database constraints.
    decision.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Someone saved the same number between our check and our write.
        raise ValidationError({"number": [_number_taken(decision)]}) from None
    return decision


@transaction.atomic
def award_decision_create(
    *,
    number: str,
    signed_on: datetime.date,
    issuer_level: str,
    issuer_name: str,
    signer_name: str,
    form: AwardForm,
    base_salary: Decimal | None = None,
    signer_capacity: str = "",
    reason: str = "",
    occasion: str = Occasion.YEARLY,
    programme: Programme | None = None,
    phase: Phase | None = None,
) -> AwardDecision:
    """Create a decision after checking it; its recipients are added separately.

    Without a `base_salary`, the one in force on the signing date is taken.
    """
    if base_salary is None and signed_on is not None:
        base_salary = base_salary_on(signed_on)
        if base_salary is None:
            raise ValidationError({"base_salary": [BASE_SALARY_UNKNOWN]})
    decision = AwardDecision(
        number=number,
        signed_on=signed_on,
        issuer_level=issuer_level,
        issuer_name=issuer_name,
        signer_name=signer_name,
        signer_capacity=signer_capacity,
        form=form,
        reason=reason,
        occasion=occasion,
        programme=programme,
        phase=phase,
        base_salary=base_salary,
    )
    return _save_decision(decision)


@transaction.atomic
def award_decision_update(*, decision: AwardDecision, **changes: Any) -> AwardDecision:
    """Change a decision's fields; the recipients' bonuses follow its form and base salary.

    Raises ValidationError, and changes nothing, if the new values break a rule or the
    new form cannot be given to a recipient the decision already names.
    """
    unknown = set(changes) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"award_decision_update() got unexpected fields: {sorted(unknown)}")
    decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    for name, value in changes.items():
        setattr(decision, name, value)
    _save_decision(decision)
    commendations = list(decision.commendations.all())
    for commendation in commendations:
        commendation.bonus = bonus_for(
            decision.form, commendation.recipient_kind, decision.base_salary
        )
    # The audit trail records the new bonuses too (the request's user, via the middleware).
    bulk_update_with_history(commendations, Commendation, ["bonus"])
    return decision


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


@transaction.atomic
def commendation_update(*, commendation: Commendation, recipient: RecipientInput) -> Commendation:
    """Replace what a commendation says about its recipient, with the same checks.

    The recipient may not become one the decision names in another row.
    """
    errors: dict[str, list[str]] = {}
    try:
        checked = commendation_clean(decision=commendation.decision, recipient=recipient)
    except ValidationError as error:
        errors = _row_messages(error)
    repeated = repeated_recipients(
        decision=commendation.decision, rows=[recipient], replacing=[commendation.pk]
    )
    if repeated:
        errors.setdefault("name", []).append(repeated[0])
    if errors:
        raise ValidationError(errors)
    for name in ("recipient_kind", "name", "sex", "position", "organisation", "area", "bonus"):
        setattr(commendation, name, getattr(checked, name))
    commendation.save()
    return commendation
