"""Users in a role for the tests, built by the real `role_grant` service (as the
`grant_role` command builds them), so a test's user holds exactly what a real one would."""

from collections.abc import Sequence

from programmes.services import role_grant


def user_in_role(username: str, role: str, area_codes: Sequence[str] = (), *, staff: bool = True):
    """`username` in `role`, bound to the areas `area_codes`, through `role_grant`.

    The service makes every user staff (they sign in to the admin); `staff=False` gives a
    user who reads the dashboards but has no admin.
    """
    user, _created = role_grant(username=username, role=role, area_codes=area_codes)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    return user
