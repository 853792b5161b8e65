"""Who may open a dashboard page, and which areas it may show them.

The rules are not written here: the permissions come from the role groups
(`programmes.roles.ROLE_PERMISSIONS`, the same ones the API's `ModelPermissions`
checks) and the area scope from `programmes.roles` (`area_in_scope`; the scope of
reading, `scope_q`, for the areas a filter offers). This module only applies them to the
pages:

- a page needs the view permission of what it shows: anonymous visitors go to the
  sign-in page, a signed-in user without the permission (no role) gets a 403 page;
- a user bound to areas (a data-entry officer) is offered only the areas of the
  assigned subtrees, and a page opens on the top-most assigned area instead of the
  programme's province. Every figure on a page is rolled up from the tree below the
  area it shows, so an area in scope brings only figures in scope.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.tree import in_subtree
from programmes.models import Area
from programmes.roles import area_in_scope, area_scope, scope_q


def permission_required(permission: str) -> Callable:
    """Require a login (else the sign-in page) and `permission` (else a 403 page)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorator


def forbidden(request: HttpRequest) -> HttpResponse:
    """The page a signed-in user without the needed role or area gets, with status 403."""
    return render(
        request,
        "dashboards/forbidden.html",
        {"department_name": settings.DEPARTMENT_NAME},
        status=403,
    )


def sees_every_area(user) -> bool:
    """True unless `user` is bound to some areas (a data-entry officer)."""
    return area_scope(user) is None


def assigned_areas(user) -> list[Area]:
    """The roots of `user`'s scope, top-most first (one query, none when unbounded)."""
    scope = area_scope(user)
    if not scope:
        return []
    cached = getattr(user, "_dashboard_assigned_areas", None)
    if cached is None:
        cached = sorted(
            Area.objects.filter(path__in=scope),
            key=lambda area: (area.path.count("/"), area.path),
        )
        user._dashboard_assigned_areas = cached
    return cached


def default_area(user, root: Area) -> Area | None:
    """The area a page about `root`'s tree opens on for `user`.

    `root` itself when the user may see it; else the top-most assigned area inside
    `root`'s tree; None when the user may see nothing of it.
    """
    if area_in_scope(user, root):
        return root
    return next((area for area in assigned_areas(user) if in_subtree(area.path, root.path)), None)


def areas_offered(user, areas, keep: Q | None = None):
    """The areas of `areas` a filter offers `user`: those matching `keep` (default: all)
    that lie in the user's scope of reading (predecessors of the assigned areas included).
    The user's own assigned areas are always among them, so a filter that hides communes
    still offers the commune an officer is bound to."""
    keep = Q() if keep is None else keep
    scope = area_scope(user)
    if scope is None:
        return areas.filter(keep)
    if keep:
        keep |= Q(path__in=scope)
    return areas.filter(keep).filter(scope_q(user, "path"))
