"""The one rule of the area tree: an area and everything below it.

Areas store a materialised path (the ids from the root down, "/1/7/42/"); an area
lies in the subtree of another when its path starts with the other's. Every query and
check of "this area and below" goes through here, so a change of tree representation
touches one module.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q


def subtree_q(path_field: str, paths: str | Iterable[str]) -> Q:
    """Rows whose `path_field` lies at or below any of `paths`; no row when there is none."""
    paths = [paths] if isinstance(paths, str) else list(paths)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_field}__startswith": path}) for path in paths))


def in_subtree(path: str, root_path: str) -> bool:
    """True when the area at `path` is the one at `root_path` or lies below it."""
    return path.startswith(root_path)
