"""Reorganisations of administrative units recorded after the data: mergers, splits,
renamings and moves to another parent (DOMAIN §4, DESIGN §3 Area).

Each one is a single transaction that closes the units that end (valid until the day
before), opens the units that begin (valid from the date) and records the successions
between them, or refuses with messages keyed by field and writes nothing: a unit already
closed or already succeeded (an overlap), a successor the unit itself came from
(a cycle), a date outside a unit's validity, units of different levels merged. Every row
written keeps who did it and why in its history (`history_user`, `history_change_reason`).

Renaming follows DOMAIN §4: a renaming is a reorganisation with its date, and history
stays on the units valid then, so `area_rename` with a new `code` opens a new unit that
succeeds the old one, and reports on earlier periods keep the old name. Without a code it
renames in place (the same unit, as when the statistics office keeps its code): for a unit
whose units below continue under it, since the tree holds one parent per unit, and for
corrections of spelling.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programmes.lineage import predecessor_ids
from programmes.models import Area, AreaLevel, AreaSuccession
from programmes.services import area_move

ONE_DAY = datetime.timedelta(days=1)

REASON_MISSING = _("Give the reason, e.g. the resolution that decided it.")
MERGE_NEEDS_TWO = _("A merger takes at least two units.")
SPLIT_NEEDS_TWO = _("A split gives at least two units.")
LEVELS_DIFFER = _("Units of different levels cannot be merged or succeed each other: %(areas)s.")
ALREADY_CLOSED = _(
    "%(area)s is already closed (valid until %(end)s): a unit is reorganised once; "
    "correct the earlier reorganisation instead."
)
ALREADY_SUCCEEDED = _("A succession from %(area)s to %(successor)s is already recorded.")
DATE_OUTSIDE = _("%(date)s is outside the validity of %(area)s (%(start)s – %(end)s).")
CYCLE = _(
    "%(successor)s cannot take over %(area)s: %(area)s came from it, directly or through "
    "other units."
)
PRINCIPAL_NOT_AMONG = _("The principal successor must be one of the units it is split into.")
SAME_UNIT_TWICE = _("%(area)s is named twice.")
PARENT_LEVEL = _("%(parent)s cannot hold %(area)s: a unit sits under a unit of a higher level.")
PROVINCE_HAS_NO_PARENT = _("A province sits under no other unit.")
PARENT_MISSING = _("Only a province sits under no other unit: choose the parent.")
PARENT_CLOSING = _("%(parent)s closes in this reorganisation and cannot hold the new unit.")
SAME_NAME = _("%(area)s already has this name.")
SAME_PARENT = _("%(area)s already sits under %(parent)s.")

# The levels a unit's parent may have: since 2025 communes sit directly under provinces.
PARENT_LEVELS = {
    AreaLevel.PROVINCE: (),
    AreaLevel.DISTRICT: (AreaLevel.PROVINCE,),
    AreaLevel.COMMUNE: (AreaLevel.DISTRICT, AreaLevel.PROVINCE),
}


@dataclass(frozen=True)
class NewUnit:
    """A unit a reorganisation opens."""

    code: str
    name: str
    kind: str = ""
    parent: Area | None = None
    official_code: str = ""


class _Errors(dict):
    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day else "…"


def _locked(areas: Sequence[Area]) -> list[Area]:
    """The areas read again under a row lock, in the order given (two reorganisations of
    the same unit at once: the second sees the first's end date and is refused)."""
    ids = [area.pk for area in areas]
    fresh = Area.objects.select_for_update(of=("self",)).select_related("parent").in_bulk(ids)
    return [fresh[pk] for pk in ids]


def _check_reason(reason: str, errors: _Errors) -> None:
    if not reason.strip():
        errors.add("reason", REASON_MISSING)


def _check_closing(areas: Sequence[Area], on: datetime.date, errors: _Errors) -> None:
    """Each area can end on the day before `on`: open, existing then, not yet succeeded."""
    recorded = (
        AreaSuccession.objects.filter(predecessor__in=areas)
        .select_related("predecessor", "successor")
        .order_by("predecessor__code", "successor__code")
    )
    for succession in recorded:
        errors.add(
            "areas",
            ALREADY_SUCCEEDED
            % {"area": succession.predecessor.name, "successor": succession.successor.name},
        )
    for area in areas:
        if area.valid_to is not None:
            errors.add("areas", ALREADY_CLOSED % {"area": area.name, "end": _day(area.valid_to)})
        elif area.valid_from is not None and area.valid_from >= on:
            errors.add("on", _outside(area, on))


def _outside(area: Area, on: datetime.date) -> str:
    return DATE_OUTSIDE % {
        "date": on.isoformat(),
        "area": area.name,
        "start": _day(area.valid_from),
        "end": _day(area.valid_to),
    }


def _check_valid_on(area: Area, on: datetime.date, field: str, errors: _Errors) -> None:
    if not area.is_valid_between(on, on):
        errors.add(field, _outside(area, on))


def _check_same_level(areas: Sequence[Area], errors: _Errors, field: str = "areas") -> None:
    if len({area.level for area in areas}) > 1:
        names = ", ".join(f"{area.name} ({area.get_level_display()})" for area in areas)
        errors.add(field, LEVELS_DIFFER % {"areas": names})


def _check_cycle(area: Area, successors: Sequence[Area], errors: _Errors) -> None:
    """None of `successors` may be `area` or one of the units it came from (one query)."""
    earlier = predecessor_ids([area.pk]) | {area.pk}
    for successor in successors:
        if successor.pk in earlier:
            errors.add("into", CYCLE % {"successor": successor.name, "area": area.name})


def _check_parent(
    level: str, parent: Area | None, name: str, on: datetime.date, errors: _Errors
) -> None:
    if parent is None:
        if level != AreaLevel.PROVINCE:
            errors.add("parent", PARENT_MISSING)
        return
    if level == AreaLevel.PROVINCE:
        errors.add("parent", PROVINCE_HAS_NO_PARENT)
    elif parent.level not in PARENT_LEVELS[level]:
        errors.add("parent", PARENT_LEVEL % {"parent": parent.name, "area": name})
    _check_valid_on(parent, on, "parent", errors)


def _new_area(
    unit: NewUnit, level: str, on: datetime.date, closing: Sequence[Area], errors: _Errors
) -> Area:
    """An unsaved area for `unit`, checked; its errors go under "into"."""
    area = Area(
        code=unit.code.strip(),
        official_code=unit.official_code.strip(),
        name=unit.name.strip(),
        level=level,
        kind=unit.kind,
        parent=unit.parent,
        valid_from=on,
    )
    try:
        area.full_clean(exclude=["path", "search_text"])
    except ValidationError as error:
        for message in error.messages:
            errors.add("into", f"{area.code or area.name}: {message}")
    _check_parent(level, unit.parent, area.name, on, errors)
    if unit.parent is not None and unit.parent.pk in {other.pk for other in closing}:
        errors.add("parent", PARENT_CLOSING % {"parent": unit.parent.name})
    return area


def _stamp(record, user: AbstractBaseUser | None, reason: str) -> None:
    """Tell django-simple-history who makes the next save of `record`, and why."""
    record._history_user = user if user is not None and user.is_authenticated else None
    record._change_reason = reason


def _save(record, user: AbstractBaseUser | None, reason: str) -> None:
    """Save `record` with who and why in its history."""
    _stamp(record, user, reason)
    record.save()


def _record(
    *,
    closing: Sequence[Area],
    opening: Sequence[Area],
    links: Sequence[tuple[Area, Area, bool]],
    on: datetime.date,
    user: AbstractBaseUser | None,
    reason: str,
) -> None:
    """Open the new units, close the old ones on the day before `on`, link them."""
    for area in opening:
        _save(area, user, reason)
    for area in closing:
        area.valid_to = on - ONE_DAY
        _save(area, user, reason)
    for predecessor, successor, principal in links:
        succession = AreaSuccession(
            predecessor=predecessor, successor=successor, date=on, principal=principal
        )
        succession.full_clean()
        _save(succession, user, reason)


@transaction.atomic
def area_merge(
    *,
    areas: Sequence[Area],
    into_code: str,
    into_name: str,
    kind: str,
    parent: Area | None,
    on: datetime.date,
    user: AbstractBaseUser | None,
    reason: str,
    into_official_code: str = "",
) -> Area:
    """Merge `areas` into a new unit from `on`: each closes on the day before and passes
    its figures to the new one (its principal successor). Returns the new unit."""
    errors = _Errors()
    _check_reason(reason, errors)
    areas = _locked(list(dict.fromkeys(areas)))
    if len(areas) < 2:
        errors.add("areas", MERGE_NEEDS_TWO)
    _check_same_level(areas, errors)
    _check_closing(areas, on, errors)
    level = areas[0].level if areas else AreaLevel.PROVINCE
    unit = NewUnit(into_code, into_name, kind, parent, into_official_code)
    merged = _new_area(unit, level, on, areas, errors)
    errors.raise_any()
    _record(
        closing=areas,
        opening=[merged],
        links=[(area, merged, True) for area in areas],
        on=on,
        user=user,
        reason=reason,
    )
    return merged


@transaction.atomic
def area_split(
    *,
    area: Area,
    into: Sequence[NewUnit | Area],
    principal: str,
    on: datetime.date,
    user: AbstractBaseUser | None,
    reason: str,
) -> list[Area]:
    """Split `area` from `on` between new units (`NewUnit`) and existing ones taking over
    a part (`Area`, valid on `on`, of the same level). The successor whose code is
    `principal` receives the figures of `area` once it closed. Returns the successors."""
    errors = _Errors()
    _check_reason(reason, errors)
    (area,) = _locked([area])
    principal = principal.strip()
    _check_closing([area], on, errors)
    if len(into) < 2:
        errors.add("into", SPLIT_NEEDS_TWO)
    existing = _locked([unit for unit in into if isinstance(unit, Area)])
    for unit in existing:
        _check_valid_on(unit, on, "into", errors)
    _check_same_level([area, *existing], errors, "into")
    _check_cycle(area, existing, errors)
    new = [_new_area(u, area.level, on, [area], errors) for u in into if isinstance(u, NewUnit)]
    successors = [*existing, *new]
    codes = [unit.code for unit in successors]
    for code in sorted({code for code in codes if codes.count(code) > 1}):
        errors.add("into", SAME_UNIT_TWICE % {"area": code})
    if principal not in codes:
        errors.add("principal", PRINCIPAL_NOT_AMONG)
    errors.raise_any()
    _record(
        closing=[area],
        opening=new,
        links=[(area, unit, unit.code == principal) for unit in successors],
        on=on,
        user=user,
        reason=reason,
    )
    return successors


@transaction.atomic
def area_rename(
    *,
    area: Area,
    name: str,
    on: datetime.date,
    user: AbstractBaseUser | None,
    reason: str,
    code: str = "",
    kind: str | None = None,
    official_code: str | None = None,
) -> Area:
    """Rename `area` from `on`. With a `code`, a new unit under the same parent takes over
    (the old one closes the day before); without one, the unit is renamed in place.
    `kind` and `official_code` change with the name when given. Returns the unit named."""
    errors = _Errors()
    _check_reason(reason, errors)
    (area,) = _locked([area])
    name = name.strip()
    if name == area.name and not code:
        errors.add("name", SAME_NAME % {"area": area.name})
    kind = area.kind if kind is None else kind
    official_code = area.official_code if official_code is None else official_code
    if not code:
        _check_valid_on(area, on, "on", errors)
        errors.raise_any()
        area.name, area.kind, area.official_code = name, kind, official_code
        try:
            area.full_clean(exclude=["path", "search_text"])
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from error
        _save(area, user, reason)
        return area
    _check_closing([area], on, errors)
    unit = NewUnit(code, name, kind, area.parent, official_code)
    renamed = _new_area(unit, area.level, on, [area], errors)
    errors.raise_any()
    _record(
        closing=[area],
        opening=[renamed],
        links=[(area, renamed, True)],
        on=on,
        user=user,
        reason=reason,
    )
    return renamed


@transaction.atomic
def area_reparent(
    *,
    area: Area,
    parent: Area | None,
    on: datetime.date,
    user: AbstractBaseUser | None,
    reason: str,
) -> Area:
    """Move `area` (and everything below it) under `parent` from `on`; both must be valid
    that day. The tree holds one parent per unit, so the move holds for every period."""
    errors = _Errors()
    _check_reason(reason, errors)
    (area,) = _locked([area])
    _check_valid_on(area, on, "on", errors)
    if parent is not None and parent.pk == area.parent_id:
        errors.add("parent", SAME_PARENT % {"area": area.name, "parent": parent.name})
    _check_parent(area.level, parent, area.name, on, errors)
    errors.raise_any()
    _stamp(area, user, reason)
    _move(area, parent)
    return area


def _move(area: Area, parent: Area | None) -> None:
    """Through `area_move`, which rewrites the paths below in one UPDATE; it saves the
    same instance, so the history keeps the who and why stamped on it."""
    area_move(area=area, parent=parent)
