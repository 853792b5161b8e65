"""Vietnam's real administrative units of both eras, loaded from the data the repository ships.

`programmes/data/units.csv.gz` and `successions.csv.gz` are built at development time by
`scripts/build_units.py` (provenance and counts in docs/units.md). `load_units` writes
them in bulk, a few statements per level, so the whole country loads in seconds; it is
idempotent and reports what it created and changed. The demo province is apart from them
(codes "MH…"; these are "VN63-…" until 2025-06-30 and "VN34-…" from 2025-07-01).
"""

import csv
import datetime
import gzip
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, models, transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from core.text import nfc, search_key
from programmes.models import Area, AreaLevel, AreaSuccession

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVELS = [AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE]
AREA_FIELDS = ["official_code", "name", "level", "kind", "valid_from", "valid_to"]
BATCH = 1000
REASON = "load_units"


@dataclass(frozen=True)
class Unit:
    code: str
    official_code: str
    level: str
    kind: str
    name: str
    parent: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass(frozen=True)
class Succession:
    predecessor: str
    successor: str
    date: datetime.date
    principal: bool


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0

    @property
    def changed(self) -> bool:
        return any([self.created, self.updated, self.successions_created, self.successions_updated])


class UnknownProvince(ValueError):
    pass


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _rows(name: str) -> Iterable[dict]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as data:
        yield from csv.DictReader(data)


def read_units() -> list[Unit]:
    """Every unit of both eras, provinces first, then districts, then communes."""
    units = [
        Unit(
            code=row["code"],
            official_code=row["official_code"],
            level=row["level"],
            kind=row["kind"],
            name=nfc(row["name"]),
            parent=row["parent"],
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
        )
        for row in _rows("units.csv.gz")
    ]
    return sorted(units, key=lambda unit: (LEVELS.index(unit.level), unit.code))


def read_successions() -> list[Succession]:
    return [
        Succession(
            predecessor=row["predecessor"],
            successor=row["successor"],
            date=datetime.date.fromisoformat(row["date"]),
            principal=row["principal"] == "1",
        )
        for row in _rows("successions.csv.gz")
    ]


def select_provinces(
    units: Sequence[Unit], successions: Sequence[Succession], codes: Sequence[str]
) -> tuple[list[Unit], list[Succession]]:
    """The units and successions of the provinces `codes` name, and of those linked to them.

    A code is official (of either era: "15" is both old Yên Bái and new Lào Cai) or ours
    ("VN63-15"). A province comes with the new provinces it went to and every old province
    those came from, so a merged province is whole with all its predecessors.
    """
    provinces = {u.code: u for u in units if u.level == AreaLevel.PROVINCE}
    chosen: set[str] = set()
    unknown = []
    for code in codes:
        found = {c for c, u in provinces.items() if code in (c, u.official_code)}
        if not found:
            unknown.append(code)
        chosen |= found
    if unknown:
        raise UnknownProvince(", ".join(unknown))
    successors, predecessors = defaultdict(set), defaultdict(set)
    for link in successions:
        if link.predecessor in provinces:
            successors[link.predecessor].add(link.successor)
            predecessors[link.successor].add(link.predecessor)
    later = chosen | {s for code in chosen for s in successors[code]}
    chosen = later | {p for code in later for p in predecessors[code]}
    parents = {u.code: u.parent for u in units}

    def province_of(code: str) -> str:
        while parents[code]:
            code = parents[code]
        return code

    kept = [u for u in units if province_of(u.code) in chosen]
    codes_kept = {u.code for u in kept}
    links = [x for x in successions if x.predecessor in codes_kept and x.successor in codes_kept]
    return kept, links


@transaction.atomic
def load_units(*, provinces: Sequence[str] = ()) -> LoadResult:
    """Create or update the shipped units (all, or the trees of `provinces`) and successions.

    Raises `UnknownProvince` (naming the codes) when a code names no province.
    """
    units, successions = read_units(), read_successions()
    if provinces:
        units, successions = select_provinces(units, successions, provinces)
    result = LoadResult()
    ids: dict[str, int] = {}
    for level in LEVELS:
        _upsert_level([u for u in units if u.level == level], ids, result)
    _upsert_successions(successions, ids, result)
    return result


def _chunks(values: list, size: int = 10 * BATCH) -> Iterable[list]:
    # SQLite takes at most 32,766 parameters in one statement; a country has more units.
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _upsert_level(units: list[Unit], ids: dict[str, int], result: LoadResult) -> None:
    existing = {
        area.code: area
        for chunk in _chunks([u.code for u in units])
        for area in Area.objects.filter(code__in=chunk)
    }
    new, changed, moved = [], [], []
    for unit in units:
        area = existing.get(unit.code)
        parent_id = ids[unit.parent] if unit.parent else None
        if area is None:
            new.append(_area(unit, parent_id))
            continue
        ids[unit.code] = area.pk
        fields = {f: getattr(unit, f) for f in AREA_FIELDS}
        if all(getattr(area, f) == v for f, v in fields.items()) and area.parent_id == parent_id:
            result.unchanged += 1
            continue
        for f, v in fields.items():
            setattr(area, f, v)
        area.search_text = search_key(area.name)
        if area.parent_id != parent_id:
            area.parent_id = parent_id
            moved.append(area)
        else:
            changed.append(area)
    _create(new, ids)
    update_rows(changed, [*AREA_FIELDS, "search_text"])
    # A unit that moved carries its subtree's paths (and the summaries of its figures) with
    # it: Area.save does both. Only a new data release moves units, and only a few.
    for area in moved:
        area.parent = Area.objects.get(pk=area.parent_id)
        area._change_reason = REASON
        area.save()
    Area.history.bulk_history_create(
        changed, batch_size=BATCH, update=True, default_change_reason=REASON
    )
    result.created += len(new)
    result.updated += len(changed) + len(moved)


def _area(unit: Unit, parent_id: int | None) -> Area:
    return Area(
        code=unit.code,
        parent_id=parent_id,
        search_text=search_key(unit.name),
        path="",
        **{f: getattr(unit, f) for f in AREA_FIELDS},
    )


def _create(new: list[Area], ids: dict[str, int]) -> None:
    """Insert `new` (one level) and give each its materialised path, as Area.save would."""
    if not new:
        return
    Area.objects.bulk_create(new, batch_size=BATCH)
    parent_paths = dict(
        Area.objects.filter(pk__in={a.parent_id for a in new if a.parent_id}).values_list(
            "pk", "path"
        )
    )
    for area in new:
        ids[area.code] = area.pk
        area.path = f"{parent_paths[area.parent_id] if area.parent_id else '/'}{area.pk}/"
    # One statement for the level: path = the parent's path + own id + "/". Only rows just
    # inserted have an empty path (Area.save always sets one).
    parent_path = Subquery(Area.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
    Area.objects.filter(path="", level=new[0].level).update(
        path=Concat(
            parent_path if new[0].parent_id else Value("/"),
            Cast("pk", CharField()),
            Value("/"),
            output_field=CharField(),
        )
    )
    Area.history.bulk_history_create(new, batch_size=BATCH, default_change_reason=REASON)


def _upsert_successions(links: list[Succession], ids: dict[str, int], result: LoadResult) -> None:
    predecessors = sorted({ids[x.predecessor] for x in links})
    existing = {
        (s.predecessor_id, s.successor_id): s
        for chunk in _chunks(predecessors)
        for s in AreaSuccession.objects.filter(predecessor_id__in=chunk)
    }
    new, unset, changed = [], [], []
    for link in links:
        key = (ids[link.predecessor], ids[link.successor])
        succession = existing.get(key)
        if succession is None:
            new.append(
                AreaSuccession(
                    predecessor_id=key[0],
                    successor_id=key[1],
                    date=link.date,
                    principal=link.principal,
                )
            )
        elif (succession.date, succession.principal) == (link.date, link.principal):
            result.successions_unchanged += 1
        else:
            succession.date, succession.principal = link.date, link.principal
            # The principal moving from one successor to another: unset before set, so the
            # "one principal" constraint holds after every statement.
            (changed if link.principal else unset).append(succession)
    for batch in (unset, changed):
        update_rows(batch, ["date", "principal"])
    AreaSuccession.objects.bulk_create(new, batch_size=BATCH)
    AreaSuccession.history.bulk_history_create(new, batch_size=BATCH, default_change_reason=REASON)
    AreaSuccession.history.bulk_history_create(
        unset + changed, batch_size=BATCH, update=True, default_change_reason=REASON
    )
    result.successions_created += len(new)
    result.successions_updated += len(unset) + len(changed)


def update_rows(objs: list[models.Model], fields: list[str]) -> None:
    """Write `fields` of `objs` (rows of one model) in one UPDATE … FROM a temporary table.

    Django's bulk_update builds a CASE per row and field: minutes of Python for the
    country's 14,000 units. UPDATE … FROM works on PostgreSQL and SQLite (3.33+).
    """
    if not objs:
        return
    meta = objs[0]._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table, load = quote(meta.db_table), quote(f"{meta.db_table}_load")
    definitions = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in columns)
    assignments = ", ".join(f"{quote(f.column)} = {load}.{quote(f.column)}" for f in columns)
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {load} (id bigint PRIMARY KEY, {definitions})")
        for chunk in _chunks(objs, BATCH):
            params = [
                value
                for obj in chunk
                for value in [
                    obj.pk,
                    *(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns),
                ]
            ]
            cursor.execute(f"INSERT INTO {load} VALUES {', '.join([row] * len(chunk))}", params)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {load} WHERE {table}.id = {load}.id")
        cursor.execute(f"DROP TABLE {load}")
