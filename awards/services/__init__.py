"""Every write to award decisions and their recipients that carries a rule.

The admin, the API and the recipient-list upload all come through here: a decision is
checked (its number, unique per issuing body and year as Nghị định 30/2020 writes it;
its date; its issuer, who must be the one its form names) and its year and legal
regime derived; a recipient is checked against the decision's form, refused if the
decision already names it, and given its bonus (coefficient × base salary, rounded up
to the next 10,000 đồng).

The rules live in `decisions`, `commendations`, `recipient_imports` and `money`; every
public name is re-exported here so callers keep `from awards.services import X`.
"""

from awards.services.commendations import (
    AREA_NOT_VALID_ON_DATE,
    NAME_REQUIRED,
    RECIPIENT_ALREADY_NAMED,
    RECIPIENT_KIND_NOT_ALLOWED,
    RECIPIENT_REPEATED,
    SEX_ONLY_FOR_INDIVIDUALS,
    SEX_REQUIRED,
    NamedRecipient,
    RecipientInput,
    commendation_clean,
    commendation_create,
    commendation_update,
    commendations_create_many,
    commendations_update_many,
    repeated_recipients,
)
from awards.services.decisions import (
    BASE_SALARY_NOT_POSITIVE,
    BASE_SALARY_UNKNOWN,
    DECISION_FIELDS,
    DECISION_NUMBER_RE,
    FORM_CHANGE_ORPHANS_RECIPIENTS,
    FORM_ISSUER_MISMATCH,
    NAME_FIELDS,
    NUMBER_MALFORMED,
    NUMBER_TAKEN,
    PHASE_NOT_IN_PROGRAMME,
    SIGNED_IN_FUTURE,
    award_decision_clean,
    award_decision_create,
    award_decision_update,
)
from awards.services.money import (
    BASE_SALARIES,
    BONUS_STEP,
    base_salary_on,
    bonus_for,
)
from awards.services.recipient_imports import (
    AREA_CODE_UNKNOWN,
    ImportedRecipient,
    commendations_import,
)

# What a batch raises; callers have always caught it as awards.services.BatchInvalid.
from core.batches import BatchInvalid

__all__ = [
    "AREA_CODE_UNKNOWN",
    "AREA_NOT_VALID_ON_DATE",
    "BASE_SALARIES",
    "BASE_SALARY_NOT_POSITIVE",
    "BASE_SALARY_UNKNOWN",
    "BONUS_STEP",
    "DECISION_FIELDS",
    "DECISION_NUMBER_RE",
    "FORM_CHANGE_ORPHANS_RECIPIENTS",
    "FORM_ISSUER_MISMATCH",
    "NAME_FIELDS",
    "NAME_REQUIRED",
    "NUMBER_MALFORMED",
    "NUMBER_TAKEN",
    "PHASE_NOT_IN_PROGRAMME",
    "RECIPIENT_ALREADY_NAMED",
    "RECIPIENT_KIND_NOT_ALLOWED",
    "RECIPIENT_REPEATED",
    "SEX_ONLY_FOR_INDIVIDUALS",
    "SEX_REQUIRED",
    "SIGNED_IN_FUTURE",
    "BatchInvalid",
    "ImportedRecipient",
    "NamedRecipient",
    "RecipientInput",
    "award_decision_clean",
    "award_decision_create",
    "award_decision_update",
    "base_salary_on",
    "bonus_for",
    "commendation_clean",
    "commendation_create",
    "commendation_update",
    "commendations_create_many",
    "commendations_import",
    "commendations_update_many",
    "repeated_recipients",
]
