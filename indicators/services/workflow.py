"""The review workflow of a figure (DESIGN.md §4 rule 6): submit, approve, return, reopen.

Each step says the statuses it starts from, the status it leads to, the permission it
needs and whether a reason is required; `measurement_transition` takes any of them.
"""

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.four_eyes import four_eyes_check, with_note
from indicators.db_guards import allow_reopen
from indicators.models import Measurement, MeasurementStatus
from indicators.services.errors import TransitionRefused
from indicators.services.quality import quality_warnings
from indicators.services.writability import check_writable, lock_for_write


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: str
    reason_required: bool
    refused: object  # the message when the figure's status does not allow the step


TRANSITION_REFUSED_SUBMIT = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a draft or a "
    "returned figure can be submitted."
)
TRANSITION_REFUSED_APPROVE = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a submitted figure "
    "can be approved."
)
TRANSITION_REFUSED_RETURN = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a submitted figure "
    "can be returned."
)
TRANSITION_REFUSED_REOPEN = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only an approved figure "
    "can be reopened."
)
TRANSITION_NOT_PERMITTED = _("You are not allowed to %(step)s figures.")
REASON_REQUIRED = _("Give the reason; it is kept in the figure's history.")
SELF_APPROVAL_REFUSED = _(
    "You entered or last changed the figure for %(area)s, %(period)s, %(sex)s; another "
    "provincial officer must approve it (four eyes)."
)
SELF_APPROVAL_OF_REPORTS_REFUSED = _(
    "You entered or last changed a care-model report behind the figure for %(area)s, "
    "%(period)s, %(sex)s; another provincial officer must approve it (four eyes)."
)

SUBMIT = Transition(
    "submit",
    frozenset({MeasurementStatus.DRAFT, MeasurementStatus.RETURNED}),
    MeasurementStatus.SUBMITTED,
    "indicators.submit_measurement",
    False,
    TRANSITION_REFUSED_SUBMIT,
)
APPROVE = Transition(
    "approve",
    frozenset({MeasurementStatus.SUBMITTED}),
    MeasurementStatus.APPROVED,
    "indicators.approve_measurement",
    False,
    TRANSITION_REFUSED_APPROVE,
)
RETURN = Transition(
    "return",
    frozenset({MeasurementStatus.SUBMITTED}),
    MeasurementStatus.RETURNED,
    "indicators.return_measurement",
    True,
    TRANSITION_REFUSED_RETURN,
)
# A reopened figure goes back to draft: its data-entry officer corrects it and submits
# it again; the reason stays in the history.
REOPEN = Transition(
    "reopen",
    frozenset({MeasurementStatus.APPROVED}),
    MeasurementStatus.DRAFT,
    "indicators.reopen_measurement",
    True,
    TRANSITION_REFUSED_REOPEN,
)
TRANSITIONS = {t.name: t for t in (SUBMIT, APPROVE, RETURN, REOPEN)}
STEP_NAMES = {
    "submit": _("submit"),
    "approve": _("approve"),
    "return": _("return"),
    "reopen": _("reopen"),
}


@transaction.atomic
def measurement_transition(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    transition: Transition,
    reason: str = "",
    version: int | None = None,
) -> Measurement:
    """Move one figure one step of the review workflow and record who, when and why.

    Raises PermissionDenied when the user may not take the step or the figure is outside
    the user's areas, ValidationError on `reason` when a required reason is missing,
    TransitionRefused when the figure's status does not allow the step, and
    FigureConflict when the figure changed since `version` was read. Approving a figure
    that breaks a validation rule needs `reason` (the approver's comment, rule 10):
    ValidationError on `reason` without one. Four eyes: PermissionDenied for an approver
    who entered or last changed the figure (`four_eyes`).
    """
    return _step(
        measurement=measurement,
        user=user,
        transition=transition,
        reason=reason,
        version=version,
        quality_checked=False,
    )


def _step(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    transition: Transition,
    reason: str,
    version: int | None,
    quality_checked: bool,
) -> Measurement:
    if not user.has_perm(transition.permission):
        raise PermissionDenied(TRANSITION_NOT_PERMITTED % {"step": STEP_NAMES[transition.name]})
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    measurement = lock_for_write(measurement, user)
    check_writable(measurement, user=user, version=version, changing=False)
    if measurement.status not in transition.sources:
        raise TransitionRefused(measurement, transition.refused)
    if not quality_checked:
        refuse_approval_without_comment([measurement], transition=transition, comment=reason)
    note = four_eyes(measurement, user) if transition.name == APPROVE.name else ""
    # The database lets a figure leave `approved` only on this path (indicators.db_guards).
    leaving_approved = measurement.status == MeasurementStatus.APPROVED
    measurement.status = transition.target
    measurement.version += 1
    measurement.updated_by = user
    measurement._history_user = user
    measurement._change_reason = with_note(reason, note) or None
    with allow_reopen(measurement) if leaving_approved else nullcontext():
        measurement.save(update_fields=["status", "version", "updated_by", "updated_at"])
    return measurement


def refuse_approval_without_comment(
    measurements: list[Measurement], *, transition: Transition, comment: str
) -> None:
    """Approving figures that break a validation rule needs a comment (rule 10):
    ValidationError on `reason`, naming the rules, when there is none."""
    if transition.name != APPROVE.name or (comment or "").strip():
        return
    refusal = quality_warnings(measurements).approval_refusal(comment)
    if refusal is not None:
        raise ValidationError({"reason": [refusal]})


def four_eyes(measurement: Measurement, user: AbstractBaseUser | None) -> str:
    """Refuse `user` approving a figure they entered or last changed, or whose care-model
    reports they entered or last changed (PermissionDenied, superusers included); the
    history note when the setting allows a self-approval."""
    from indicators.feeds import report_authors  # feeds imports these services

    names = {
        "area": measurement.area.name,
        "period": measurement.period,
        "sex": measurement.get_sex_display(),
    }
    own = {measurement.created_by_id, measurement.updated_by_id}
    note = four_eyes_check(approver=user, authors=own, refusal=SELF_APPROVAL_REFUSED % names)
    reports = report_authors(measurement)
    refusal = SELF_APPROVAL_OF_REPORTS_REFUSED % names
    return note or four_eyes_check(approver=user, authors=reports, refusal=refusal)


@transaction.atomic
def measurements_transition(
    *,
    measurements: Iterable[Measurement],
    user: AbstractBaseUser,
    transition: Transition,
    reason: str = "",
) -> list[Measurement]:
    """Take the same step for several figures, all or none; return the figures moved.

    The rules broken by the figures approved are judged once, for all of them together.
    """
    measurements = list(measurements)
    if user.has_perm(transition.permission):
        refuse_approval_without_comment(measurements, transition=transition, comment=reason)
    return [
        _step(
            measurement=measurement,
            user=user,
            transition=transition,
            reason=reason,
            version=None,
            quality_checked=True,
        )
        for measurement in measurements
    ]
