"""Who reads a commendation recipient's personal details: an individual's sex, position
and organisation (the name, the decision and the award stay public to every role).

Administrators and provincial officers read every recipient's; a data-entry officer
reads those of individuals in the assigned areas (predecessors included, as for figures);
nobody else reads an individual's. Collectives and households have no personal details:
their "organisation" is their own. The API, the admin and every export apply this one rule.
"""

from django.db.models import Q

from awards.models import Commendation, RecipientKind
from core.tree import in_subtree, subtree_q
from programmes.roles import PROVINCIAL_OFFICER, read_scope

PERSONAL_FIELDS = ("sex", "position", "organisation")


def reads_every_recipient(user) -> bool:
    """Administrators and provincial officers (cached on the user for the request)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_reads_every_recipient"):
        user._reads_every_recipient = user.groups.filter(name=PROVINCIAL_OFFICER).exists()
    return user._reads_every_recipient


def details_visible_q(user) -> Q:
    """Recipients whose personal details `user` reads, as a filter."""
    if reads_every_recipient(user):
        return Q()
    not_individual = ~Q(recipient_kind=RecipientKind.INDIVIDUAL)
    scope = read_scope(user)
    if not scope:  # unbounded without being an officer (a viewer), or nothing assigned
        return not_individual
    return not_individual | subtree_q("area__path", scope)


def details_visible(user, commendation: Commendation) -> bool:
    """Whether `user` reads this recipient's personal details (its `area` loaded)."""
    if commendation.recipient_kind != RecipientKind.INDIVIDUAL or reads_every_recipient(user):
        return True
    scope = read_scope(user)
    area = commendation.area
    return bool(scope) and area is not None and any(in_subtree(area.path, p) for p in scope)
