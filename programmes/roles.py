"""The three roles, what each may do, and the area scope that bounds a data-entry officer.

`ROLE_PERMISSIONS` is the one place the roles are defined. The data migration that
creates the groups and the `post_migrate` handler (see `apps.py`) both call
`sync_role_permissions`, so a model added later by another app (care models, award
models...) gets its permissions the first time its app migrates, without a new data
migration. A sync makes each group hold exactly the listed permissions of the apps it
looks at: a permission granted to a group by hand is taken away again.

`area_scope` is the one place the area rule lives: every write check in the services asks
it, and every read of figures (`Measurement.objects.visible_to`, through `scope_q`) asks
`read_scope`, which adds the units the assigned areas took over (`programmes.lineage`).

This module must not import indicators or awards: it names their models by label only.
"""

from collections.abc import Iterable

from django.db.models import Q
from rest_framework.permissions import BasePermission

from core.tree import in_subtree, subtree_q

PROVINCIAL_OFFICER = "provincial_officer"
DATA_ENTRY = "data_entry"
VIEWER = "viewer"
ROLES = (PROVINCIAL_OFFICER, DATA_ENTRY, VIEWER)

# Apps whose every model holds programme data; a new model in one of them is covered by
# the "*" rules below as soon as its app migrates.
PROGRAMME_DATA_APPS = ("programmes", "care", "indicators", "awards", "collection", "reports")
# What a data-entry officer reads: the frame, the figures and the awards, but not the
# department's review reports, which provincial officers write and leaders read.
DATA_ENTRY_READS = ("programmes", "care", "indicators", "awards", "collection")
CRUD = ("view", "add", "change", "delete")
WORKFLOW = ("submit", "approve", "return", "reopen")

# Models only administrators (superusers) change: the administrative map, the award
# forms fixed by law. Roles may read them and nothing more.
REFERENCE_MODELS = {("programmes", "area"), ("awards", "awardform")}
# Models no role is ever granted anything on: who may see which area is an
# administrator's business, and history is written by the app, never by hand.
NEVER_GRANTED_MODELS = {("programmes", "areaassignment")}

# role -> [(app_label, model or "*", actions)]. An action is the prefix of the
# permission's codename ("view" -> "view_measurement"; "approve" -> "approve_measurement").
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    PROVINCIAL_OFFICER: [
        *[(app, "*", CRUD) for app in PROGRAMME_DATA_APPS],
        ("indicators", "measurement", ("approve", "return", "reopen")),
        ("programmes", "phase", ("approve", "reopen")),  # a phase's plan
        ("reports", "reviewreport", ("issue",)),
    ],
    DATA_ENTRY: [
        *[(app, "*", ("view",)) for app in DATA_ENTRY_READS],
        ("indicators", "measurement", ("add", "change", "submit")),
        ("collection", "figureimport", ("add",)),  # importing a filled entry form
    ],
    VIEWER: [(app, "*", ("view",)) for app in PROGRAMME_DATA_APPS],
}


def _is_history_model(model_name: str) -> bool:
    # django-simple-history names its tables "historical<model>"; nobody writes them by hand.
    return model_name.startswith("historical")


def role_codenames(role: str, app_label: str, model_names: Iterable[str]) -> set[str]:
    """The permission codenames `role` gets on the given models of one app."""
    codenames: set[str] = set()
    for rule_app, rule_model, actions in ROLE_PERMISSIONS[role]:
        if rule_app != app_label:
            continue
        for model_name in model_names:
            key = (app_label, model_name)
            if _is_history_model(model_name) or key in NEVER_GRANTED_MODELS:
                continue
            if rule_model not in ("*", model_name):
                continue
            granted = [a for a in actions if a == "view"] if key in REFERENCE_MODELS else actions
            codenames.update(f"{action}_{model_name}" for action in granted)
    return codenames


def sync_role_permissions(apps, app_labels: Iterable[str] | None = None) -> None:
    """Create the role groups and give each exactly its permissions on the given apps.

    `apps` is the app registry: the real one from `post_migrate`, the historical one
    from a data migration. Permissions that do not exist yet (an app not migrated yet)
    are simply not granted; the next sync grants them.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    labels = set(PROGRAMME_DATA_APPS if app_labels is None else app_labels)
    labels &= set(PROGRAMME_DATA_APPS)
    if not labels:
        return
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=labels).select_related("content_type")
    )
    models_by_app: dict[str, set[str]] = {}
    for permission in permissions:
        models_by_app.setdefault(permission.content_type.app_label, set()).add(
            permission.content_type.model
        )
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = {
            (app_label, codename)
            for app_label, model_names in models_by_app.items()
            for codename in role_codenames(role, app_label, model_names)
        }
        keep = [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]
        others = group.permissions.exclude(content_type__app_label__in=labels)
        group.permissions.set([*others, *keep])


def sync_roles_after_migrate(sender, apps=None, **kwargs) -> None:
    """`post_migrate` handler: sync the roles' permissions on the app just migrated."""
    if apps is None:  # pragma: no cover - Django always passes the registry
        from django.apps import apps
    if sender.label in PROGRAMME_DATA_APPS:
        sync_role_permissions(apps, [sender.label])


def _load_scopes(user) -> None:
    """Cache both scopes of `user` on the user object for the request (two queries)."""
    write: list[str] | None
    read: list[str] | None
    if user.is_superuser:
        write = read = None
    else:
        from programmes.lineage import assigned_and_predecessor_paths

        groups = set(user.groups.values_list("name", flat=True))
        paths = assigned_and_predecessor_paths(user.pk)
        write = [path for path, assigned in paths if assigned]
        read = [path for path, _assigned in paths]
        if DATA_ENTRY not in groups and not write:
            write = read = None
    user._area_scope_cache = write
    user._read_scope_cache = read


def area_scope(user) -> list[str] | None:
    """Materialised paths of the subtrees `user` is bound to; None when unbounded.

    Superusers, provincial officers and viewers are unbounded. A data-entry officer is
    bound to the assigned areas and everything below them (no assignment: nothing). So
    is any other user who has been given areas. Cached on the user object for the request.
    This is the scope of writing; `read_scope` adds the assigned areas' predecessors.
    """
    if user is None or not user.is_authenticated:
        return []
    if getattr(user, "_area_scope_cache", False) is False:
        _load_scopes(user)
    return user._area_scope_cache


def read_scope(user) -> list[str] | None:
    """`area_scope` and the subtrees of every unit the assigned areas took over, through
    any number of reorganisations (DOMAIN §4): an officer of a commune formed in 2025
    reads the figures its predecessors entered for earlier years, but writes only its own.
    """
    if user is None or not user.is_authenticated:
        return []
    if getattr(user, "_read_scope_cache", False) is False:
        _load_scopes(user)
    return user._read_scope_cache


def forget_area_scope(user) -> None:
    """Drop the cached scopes (after the user's groups or areas changed)."""
    for name in ("_area_scope_cache", "_read_scope_cache"):
        if hasattr(user, name):
            delattr(user, name)


def scope_q(user, path_field: str = "area__path", *, write: bool = False) -> Q:
    """A filter keeping rows whose area lies in `user`'s scope of reading (predecessors
    included), or of writing with `write=True`."""
    scope = area_scope(user) if write else read_scope(user)
    if scope is None:
        return Q()
    return subtree_q(path_field, scope)


def area_in_scope(user, area) -> bool:
    """True when `user` may see and write figures of `area`."""
    scope = area_scope(user)
    return scope is None or any(in_subtree(area.path, path) for path in scope)


class HasRole(BasePermission):
    """Signed in with one of the roles, or an administrator: who reads the API's schema and
    docs (a user without a role reads no data, and needs no map of it either)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or user.groups.filter(name__in=ROLES).exists()
