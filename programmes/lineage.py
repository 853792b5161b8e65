"""Where a unit came from and what it became: successions followed through any number of
reorganisations, each walk in one query (a recursive CTE, which SQLite and PostgreSQL
both run), whatever the depth.

`UNION` (not `UNION ALL`) in the CTEs drops rows already reached, so a cycle left in the
data by hand still ends the walk.
"""

from collections.abc import Iterable

from django.db import connection


def _names() -> dict[str, str]:
    from programmes.models import Area, AreaAssignment, AreaSuccession  # models import roles

    quote = connection.ops.quote_name
    return {
        "area": quote(Area._meta.db_table),
        "succession": quote(AreaSuccession._meta.db_table),
        "assignment": quote(AreaAssignment._meta.db_table),
        "predecessor": quote(AreaSuccession._meta.get_field("predecessor").column),
        "successor": quote(AreaSuccession._meta.get_field("successor").column),
        "assigned_area": quote(AreaAssignment._meta.get_field("area").column),
        "assigned_user": quote(AreaAssignment._meta.get_field("user").column),
    }


def _walk(area_ids: Iterable[int], *, forward: bool, paths: bool = False) -> set:
    ids = sorted(set(area_ids))
    if not ids:
        return set()
    names = _names()
    start, step = ("predecessor", "successor") if forward else ("successor", "predecessor")
    start, step = names[start], names[step]
    placeholders = ", ".join(["%s"] * len(ids))
    result = (
        f"a.path FROM reach r JOIN {names['area']} a ON a.id = r.id"
        if paths
        else "r.id FROM reach r"
    )
    sql = (
        f"WITH RECURSIVE reach(id) AS ("
        f" SELECT {step} FROM {names['succession']} WHERE {start} IN ({placeholders})"
        f" UNION SELECT s.{step} FROM {names['succession']} s JOIN reach r ON s.{start} = r.id"
        f") SELECT {result}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0] for row in cursor.fetchall()}


def successor_ids(area_ids: Iterable[int]) -> set[int]:
    """Every unit that took over any of `area_ids`, directly or later on (one query)."""
    return _walk(area_ids, forward=True)


def predecessor_ids(area_ids: Iterable[int]) -> set[int]:
    """Every unit any of `area_ids` took over, directly or earlier on (one query)."""
    return _walk(area_ids, forward=False)


def predecessor_paths(area_ids: Iterable[int]) -> set[str]:
    """The paths of every unit any of `area_ids` took over, at any depth (one query)."""
    return _walk(area_ids, forward=False, paths=True)


def assigned_and_predecessor_paths(user_id: int) -> list[tuple[str, bool]]:
    """The paths of the user's assigned areas (True) and of all their predecessors through
    any number of reorganisations (False), ordered by path, in one query."""
    names = _names()
    sql = (
        f"WITH RECURSIVE reach(id, assigned) AS ("
        f" SELECT {names['assigned_area']}, 1 FROM {names['assignment']}"
        f" WHERE {names['assigned_user']} = %s"
        f" UNION SELECT s.{names['predecessor']}, 0 FROM {names['succession']} s"
        f" JOIN reach r ON s.{names['successor']} = r.id"
        f") SELECT a.path, MAX(r.assigned) FROM reach r"
        f" JOIN {names['area']} a ON a.id = r.id GROUP BY a.path ORDER BY a.path"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        return [(path, bool(assigned)) for path, assigned in cursor.fetchall()]


def _taken_over_sql(root_path: str) -> tuple[str, list]:
    """A `WITH RECURSIVE reach(id)` clause (and its parameters): the units that any unit
    of the tree at `root_path` took over as principal successor, at any depth, and their
    trees, closed under both links. The tree itself is not in it: its units' children
    are its units (the paths say so), so only a succession leads out of it, and walking
    its own units again would cost a scan and a sort of every area."""
    from programmes.models import Area, AreaSuccession

    names = _names()
    parent = connection.ops.quote_name(Area._meta.get_field("parent").column)
    path = connection.ops.quote_name(Area._meta.get_field("path").column)
    principal = connection.ops.quote_name(AreaSuccession._meta.get_field("principal").column)
    sql = (
        f"WITH RECURSIVE reach(id) AS ("
        f" SELECT s.{names['predecessor']} FROM {names['succession']} s"
        f" JOIN {names['area']} x ON x.id = s.{names['successor']}"
        f" WHERE s.{principal} = %s AND x.{path} LIKE %s"
        f" UNION SELECT e.dst FROM reach r JOIN ("
        f"SELECT {names['predecessor']} AS dst, {names['successor']} AS src"
        f" FROM {names['succession']} WHERE {principal} = %s"
        f" UNION ALL SELECT id, {parent} FROM {names['area']} WHERE {parent} IS NOT NULL"
        f") e ON e.src = r.id"
        f")"
    )
    return sql, [True, f"{root_path}%", True]


def reach_sql(root_path: str) -> tuple[str, list]:
    """SQL (and its parameters) for the ids of every unit rule 8 may read for the area at
    `root_path`: its tree, the units any of them took over as principal successor (at any
    depth), and the trees of those, closed under both links; one recursive query."""
    from programmes.models import Area

    taken_over, params = _taken_over_sql(root_path)
    path = connection.ops.quote_name(Area._meta.get_field("path").column)
    sql = f"{taken_over} SELECT id FROM {_names()['area']} WHERE {path} LIKE %s UNION SELECT id FROM reach"
    return sql, [*params, f"{root_path}%"]


def lineage_units_sql(root_path: str) -> tuple[str, list]:
    """SQL (and its parameters) for the units `reach_sql` reaches, each as (id, parent id,
    valid from, valid to, path, principal successor id): the latest principal
    succession, by date then successor id."""
    from programmes.models import Area, AreaSuccession

    names = _names()
    quote = connection.ops.quote_name
    parent, valid_from, valid_to, path = (
        quote(Area._meta.get_field(name).column)
        for name in ("parent", "valid_from", "valid_to", "path")
    )
    principal = quote(AreaSuccession._meta.get_field("principal").column)
    date = quote(AreaSuccession._meta.get_field("date").column)
    taken_over, params = _taken_over_sql(root_path)
    sql = (
        f"SELECT a.id, a.{parent}, a.{valid_from}, a.{valid_to}, a.{path},"
        f" (SELECT s.{names['successor']} FROM {names['succession']} s"
        f" WHERE s.{names['predecessor']} = a.id AND s.{principal} = %s"
        f" ORDER BY s.{date} DESC, s.{names['successor']} LIMIT 1)"
        f" FROM {names['area']} a"
        f" WHERE a.{path} LIKE %s OR a.id IN ({taken_over} SELECT id FROM reach)"
    )
    return sql, [True, f"{root_path}%", *params]
