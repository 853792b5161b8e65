"""A phase's plan (its targets): agreed by a provincial officer, then fixed until reopened.

`phase_plan_approve` and `phase_plan_reopen` are the only ways a plan's status moves;
`refuse_locked_plan` is the one door every write of a target asks (`target_save`,
`target_delete`, hence the admin, the API and the demo). The database refuses the same
writes on its own (`indicators.plan_guards`), so a raw UPDATE cannot change an agreed
target either. Every step is in the phase's history, a reopening with its reason.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict
from core.four_eyes import first_and_last_authors, four_eyes_check
from indicators.models import Target
from programmes.models import Phase, PlanStatus

PLAN_LOCKED = _(
    "The plan of phase %(phase)s is approved and its targets are locked; ask a provincial "
    "officer to reopen the plan (with the reason) before changing them."
)
PLAN_ALREADY_APPROVED = _("The plan of phase %(phase)s is approved already.")
PLAN_NOT_APPROVED = _("The plan of phase %(phase)s is a draft; only an approved plan is reopened.")
PLAN_WITHOUT_TARGETS = _("The plan of phase %(phase)s has no target yet; add its targets first.")
PLAN_APPROVE_NOT_PERMITTED = _("You are not allowed to approve plans.")
PLAN_SELF_APPROVAL_REFUSED = _(
    "You entered or last changed targets of this plan: another provincial officer must approve it."
)
PLAN_REOPEN_NOT_PERMITTED = _("You are not allowed to reopen approved plans.")
PLAN_REASON_REQUIRED = _("Give the reason for reopening the plan; it is kept in its history.")


class PlanLocked(Conflict):
    """A write to a target of an approved plan: the API answers 409, the admin shows it."""

    def __init__(self, phase: Phase, message=PLAN_LOCKED) -> None:
        self.phase = phase
        super().__init__(str(message % {"phase": str(phase)}))


def refuse_locked_plan(phase: Phase) -> None:
    """Raise PlanLocked when `phase`'s plan is approved (read fresh from the database)."""
    status = Phase.objects.filter(pk=phase.pk).values_list("plan_status", flat=True).first()
    if status == PlanStatus.APPROVED:
        raise PlanLocked(phase)


def _locked_phase(phase: Phase) -> Phase:
    return Phase.objects.select_for_update().select_related("programme").get(pk=phase.pk)


def plan_authors(*, phase_id: int) -> set[int]:
    """Who entered or last changed a target of the phase (deleted ones included), from
    the targets' history in one query: for four eyes on the plan's approval
    (`phase_plan_approve`)."""
    rows = (
        Target.history.filter(indicator__phase_id=phase_id)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_user_id")
    )
    return first_and_last_authors(rows)


@transaction.atomic
def phase_plan_approve(*, phase: Phase, user: AbstractBaseUser) -> Phase:
    """Agree `phase`'s plan: from now on its targets are locked until it is reopened.

    The one door for approving a plan. Refuses without the permission or when the
    approver entered or last changed one of its targets (PermissionDenied, four eyes:
    `core.four_eyes`), an approved plan or one without targets (Conflict); nothing is
    written then.
    """
    if not user.has_perm("programmes.approve_phase"):
        raise PermissionDenied(PLAN_APPROVE_NOT_PERMITTED)
    phase = _locked_phase(phase)
    if phase.plan_status == PlanStatus.APPROVED:
        raise PlanLocked(phase, PLAN_ALREADY_APPROVED)
    if not Target.objects.filter(indicator__phase=phase).exists():
        raise PlanLocked(phase, PLAN_WITHOUT_TARGETS)
    note = four_eyes_check(
        approver=user, authors=plan_authors(phase_id=phase.pk), refusal=PLAN_SELF_APPROVAL_REFUSED
    )
    return _move(phase, PlanStatus.APPROVED, user=user, reason=note)


@transaction.atomic
def phase_plan_reopen(*, phase: Phase, user: AbstractBaseUser, reason: str) -> Phase:
    """Reopen an approved plan with a reason (kept in the phase's history); back to draft."""
    if not user.has_perm("programmes.reopen_phase"):
        raise PermissionDenied(PLAN_REOPEN_NOT_PERMITTED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [PLAN_REASON_REQUIRED]})
    phase = _locked_phase(phase)
    if phase.plan_status != PlanStatus.APPROVED:
        raise PlanLocked(phase, PLAN_NOT_APPROVED)
    return _move(phase, PlanStatus.DRAFT, user=user, reason=reason)


def _move(phase: Phase, status: str, *, user: AbstractBaseUser, reason: str) -> Phase:
    phase.plan_status = status
    phase._history_user = user
    phase._change_reason = reason or None
    phase.save(update_fields=["plan_status"])
    return phase
