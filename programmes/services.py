"""Every write on the frame that carries a rule: moving an area with everything below it;
giving a person a role and areas.

The admin, the API, the management commands, the demo loader and tests all come through
here. A refused write raises ValidationError keyed by field and writes nothing.
"""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from programmes.models import Area, AreaAssignment
from programmes.roles import DATA_ENTRY, ROLES, forget_area_scope


@transaction.atomic
def area_move(*, area: Area, parent: Area | None) -> Area:
    """Save `area` (its other fields as given) under `parent`, with everything below it.

    The areas below stay under `area`; their materialised paths are rewritten by one
    UPDATE that swaps the old prefix for the new, however many they are. The moved area's
    change enters its history; the paths below are derived and leave none. Refuses (and
    writes nothing) what `Area.clean` refuses, such as a move under its own descendant.
    """
    old_path = Area.objects.select_for_update().values_list("path", flat=True).get(pk=area.pk)
    area.parent = parent
    area.full_clean(exclude=["path", "search_text"])
    area.save()
    if area.path != old_path:
        below = Area.objects.filter(path__startswith=old_path).exclude(pk=area.pk)
        below.update(
            path=Concat(
                Value(area.path), Substr("path", len(old_path) + 1), output_field=CharField()
            )
        )
    return area


UNKNOWN_ROLE = _('Unknown role "%(role)s"; choose one of: %(roles)s.')
UNKNOWN_AREAS = _("No area with the code(s): %(codes)s.")
DATA_ENTRY_NEEDS_AREA = _(
    "A data-entry officer needs at least one area (--area CODE); without one they see nothing."
)


@transaction.atomic
def role_grant(
    *,
    username: str,
    role: str,
    area_codes: Sequence[str] = (),
    password: str | None = None,
) -> tuple[AbstractBaseUser, bool]:
    """Give `username` exactly the role `role` and exactly the areas `area_codes`.

    Creates the user if missing (active, staff so they can sign in to the admin, with an
    unusable password unless one is given). Removes the user from every other group and
    replaces the assigned areas. Refuses an unknown role, unknown area codes, a weak
    password, and a data-entry officer without an area; then nothing is written.
    Returns the user and whether it was created.
    """
    errors: dict[str, list] = {}
    if role not in ROLES:
        errors["role"] = [UNKNOWN_ROLE % {"role": role, "roles": ", ".join(ROLES)}]
    codes = list(dict.fromkeys(area_codes))
    areas = list(Area.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {area.code for area in areas})
    if missing:
        errors["area"] = [UNKNOWN_AREAS % {"codes": ", ".join(missing)}]
    if role == DATA_ENTRY and not codes:
        errors.setdefault("area", []).append(DATA_ENTRY_NEEDS_AREA)
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    user.is_active = True
    user.is_staff = True
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    # One by one (a user has a handful of areas) so each change enters the audit trail.
    for assignment in AreaAssignment.objects.filter(user=user).exclude(area__in=areas):
        assignment.delete()
    for area in areas:
        AreaAssignment.objects.get_or_create(user=user, area=area)
    forget_area_scope(user)
    return user, created
