"""Contributions: cash or goods a partner gave to one care model or to one programme.

Partners themselves carry no rule beyond their model's own checks; they are saved with
`full_clean()` like any plain record.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from care.models import CareModel, Contribution, Partner
from care.services.base import AMOUNT_NEGATIVE, STILL_RUNNING, Errors, add_error, set_fields
from programmes.models import Programme

CONTRIBUTION_TARGET = _("A contribution goes to one care model or to one programme, not both.")
CONTRIBUTION_EMPTY = _("Give an amount of cash or describe what was given in kind.")
CONTRIBUTION_OUTSIDE_MODEL = _(
    "%(model)s did not run on %(date)s (it ran from %(start)s to %(end)s)."
)
CONTRIBUTION_FIELDS = (
    "partner",
    "care_model",
    "programme",
    "date",
    "cash_vnd",
    "in_kind_description",
)


def contribution_clean(contribution: Contribution) -> None:
    """One target (a model or a programme), something given, on a day the model ran."""
    errors: Errors = {}
    if (contribution.care_model_id is None) == (contribution.programme_id is None):
        add_error(errors, "care_model", CONTRIBUTION_TARGET)
    if contribution.cash_vnd is not None and contribution.cash_vnd < 0:
        add_error(errors, "cash_vnd", AMOUNT_NEGATIVE)
    elif not contribution.cash_vnd and not (contribution.in_kind_description or "").strip():
        add_error(errors, "cash_vnd", CONTRIBUTION_EMPTY)
    model = contribution.care_model
    date = contribution.date
    if model is not None and date is not None and not model.runs_during(date, date):
        add_error(
            errors,
            "date",
            CONTRIBUTION_OUTSIDE_MODEL
            % {
                "model": model.name,
                "date": contribution.date.isoformat(),
                "start": model.started_on.isoformat(),
                "end": model.ended_on.isoformat() if model.ended_on else STILL_RUNNING,
            },
        )
    if errors:
        raise ValidationError(errors)


def _save(contribution: Contribution) -> Contribution:
    contribution_clean(contribution)
    contribution.in_kind_description = (contribution.in_kind_description or "").strip()
    contribution.cash_vnd = contribution.cash_vnd or 0
    contribution.full_clean(validate_constraints=False)
    contribution.save()
    return contribution


@transaction.atomic
def contribution_create(
    *,
    partner: Partner,
    date: datetime.date,
    care_model: CareModel | None = None,
    programme: Programme | None = None,
    cash_vnd: int = 0,
    in_kind_description: str = "",
) -> Contribution:
    """Record a contribution to a care model or a programme."""
    contribution = Contribution(
        partner=partner,
        date=date,
        care_model=care_model,
        programme=programme,
        cash_vnd=cash_vnd,
        in_kind_description=in_kind_description,
    )
    return _save(contribution)


@transaction.atomic
def contribution_update(*, contribution: Contribution, **changes: Any) -> Contribution:
    """Change a contribution's fields (`CONTRIBUTION_FIELDS`) on `contribution`, save it."""
    set_fields(contribution, CONTRIBUTION_FIELDS, changes)
    return _save(contribution)
