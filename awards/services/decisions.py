"""Award decisions: their number, date, issuer and phase checked, their year and regime derived."""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from awards.models import (
    DECISION_NUMBER_PATTERN,
    AwardDecision,
    AwardForm,
    Commendation,
    IssuerLevel,
    Occasion,
    RecipientKind,
)
from awards.services.money import base_salary_on, bonus_for
from core.text import nfc, tidy
from programmes.models import Phase, Programme

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


def _check_against_saved_rows(decision: AwardDecision, errors: dict[str, list]) -> None:
    """Add to `errors` what the saved rows refuse: a number taken by the issuer that year,
    a form that no longer fits the decision's recipients."""
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
    _check_against_saved_rows(decision, errors)
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
