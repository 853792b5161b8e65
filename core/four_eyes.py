"""Four eyes (DESIGN.md §4 rule 6): nobody approves what they entered or last changed.

Every approval (a figure, a care-model report through the figure derived from it, a
phase's plan) asks `four_eyes_check` with the users who entered or last changed what is
being approved. The approver among them is refused with the caller's message, whatever
their permissions, superusers included, unless the setting
`FOUR_EYES_SELF_APPROVAL_ALLOWED` is on (a one-person department); then the approval
goes on and the returned note goes into the approval's history, so a self-approval is
never silent.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

SELF_APPROVAL_RECORDED = _(
    "Approved by the person who entered or last changed it: self-approval is allowed by "
    "the setting FOUR_EYES_SELF_APPROVAL_ALLOWED."
)


def self_approval_allowed() -> bool:
    """Whether this installation lets one person enter and approve (a one-person department)."""
    return bool(getattr(settings, "FOUR_EYES_SELF_APPROVAL_ALLOWED", False))


def four_eyes_check(
    *, approver: AbstractBaseUser | None, authors: Iterable[int | None], refusal: str
) -> str:
    """Refuse `approver` (PermissionDenied with `refusal`) if among the `authors` (user ids).

    Returns "" when the approver is someone else (or no user: a command), or the note
    to keep in the history when the approver is an author and self-approval is allowed.
    """
    if approver is None or approver.pk not in set(authors):
        return ""
    if not self_approval_allowed():
        raise PermissionDenied(refusal)
    return str(SELF_APPROVAL_RECORDED)


def with_note(reason: str, note: str) -> str:
    """The reason to record: the approver's own words, then the four-eyes note if any."""
    return " ".join(part for part in (reason.strip(), note) if part)


def first_and_last_authors(rows: Iterable[tuple[int, int | None]]) -> set[int]:
    """The users who entered or last changed each record, from history rows
    `(record id, history user id)` ordered by record and then by time."""
    first: dict[int, int | None] = {}
    last: dict[int, int | None] = {}
    for record_id, user_id in rows:
        first.setdefault(record_id, user_id)
        last[record_id] = user_id
    return {user for user in (*first.values(), *last.values()) if user is not None}
