"""Users of each role for the dashboard tests, given as `grant_role` gives them."""

from programmes.services import role_grant


def grant(username: str, role: str, areas=(), *, staff: bool = False):
    """A user in `role` bound to `areas` (codes), through the `grant_role` service, but
    not staff unless asked: the dashboards need a role, not the admin."""
    user, _created = role_grant(username=username, role=role, area_codes=areas)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    return user
