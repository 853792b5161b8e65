"""Reorganisations recorded after the data: each operation's exact result, each refusal's
message with nothing written, and who and why in the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Area, AreaKind, AreaSuccession
from programmes.reorganisations import (
    NewUnit,
    area_merge,
    area_rename,
    area_reparent,
    area_split,
)
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2023, 1, 1)
EVE = datetime.date(2022, 12, 31)
REASON = "Nghị quyết 1234/NQ-UBTVQH15"


@pytest.fixture
def user():
    return UserFactory(username="planner")


@pytest.fixture
def tree():
    """A fictional province, two districts, three communes in the first."""
    province = AreaFactory(code="MP", name="Tỉnh Mẫu")
    district = AreaFactory(code="MD1", name="Huyện Một", level="district", parent=province)
    other = AreaFactory(code="MD2", name="Huyện Hai", level="district", parent=province)
    communes = {
        code: AreaFactory(
            code=code, name=name, level="commune", kind=AreaKind.COMMUNE, parent=district
        )
        for code, name in [("MA", "Xã An"), ("MB", "Xã Bình"), ("MC", "Xã Châu")]
    }
    return {"MP": province, "MD1": district, "MD2": other, **communes}


def snapshot() -> tuple:
    """Everything a reorganisation writes: units, successions and their histories."""
    return (
        list(Area.objects.order_by("code").values_list()),
        list(AreaSuccession.objects.values_list()),
        Area.history.count(),
        AreaSuccession.history.count(),
    )


def successions() -> list[tuple]:
    return list(
        AreaSuccession.objects.order_by("predecessor__code", "successor__code").values_list(
            "predecessor__code", "successor__code", "date", "principal"
        )
    )


def validity(*codes: str) -> dict[str, tuple]:
    return {
        area.code: (area.valid_from, area.valid_to) for area in Area.objects.filter(code__in=codes)
    }


def refused(call, **kwargs) -> dict:
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert snapshot() == before
    return error.value.message_dict


def merge_kwargs(tree, user, **changes) -> dict:
    return {
        "areas": [tree["MA"], tree["MB"]],
        "into_code": "MAB",
        "into_name": "Xã An Bình",
        "kind": AreaKind.COMMUNE,
        "parent": tree["MD1"],
        "on": ON,
        "user": user,
        "reason": REASON,
        **changes,
    }


def test_a_merger_closes_the_units_the_day_before_and_opens_the_new_one(tree, user):
    merged = area_merge(**merge_kwargs(tree, user, into_official_code="09999"))

    merged = Area.objects.get(pk=merged.pk)
    assert (merged.code, merged.official_code, merged.name, merged.level, merged.kind) == (
        "MAB",
        "09999",
        "Xã An Bình",
        "commune",
        "commune",
    )
    assert (merged.parent, merged.valid_from, merged.valid_to) == (tree["MD1"], ON, None)
    assert merged.path == f"{tree['MD1'].path}{merged.pk}/"
    assert validity("MA", "MB", "MC") == {
        "MA": (datetime.date(2000, 1, 1), EVE),
        "MB": (datetime.date(2000, 1, 1), EVE),
        "MC": (datetime.date(2000, 1, 1), None),
    }
    assert successions() == [("MA", "MAB", ON, True), ("MB", "MAB", ON, True)]
    assert sorted(p.code for p in merged.predecessors.all()) == ["MA", "MB"]


def test_every_row_a_merger_writes_keeps_who_and_why(tree, user):
    merged = area_merge(**merge_kwargs(tree, user))

    latest = [Area.history.filter(code=code).latest() for code in ("MA", "MB")]
    assert [(h.valid_to, h.history_user, h.history_change_reason) for h in latest] == [
        (EVE, user, REASON),
        (EVE, user, REASON),
    ]
    # Area.save() writes a new unit twice (its path needs its id): both rows say who and why.
    opened = Area.history.filter(code="MAB").order_by("history_id")
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in opened] == [
        ("+", user, REASON),
        ("~", user, REASON),
    ]
    records = AreaSuccession.history.filter(successor_id=merged.pk)
    assert sorted((h.history_user, h.history_change_reason) for h in records) == [
        (user, REASON),
        (user, REASON),
    ]


def test_a_split_closes_the_unit_and_names_one_principal_successor(tree, user):
    successors = area_split(
        area=tree["MA"],
        into=[
            NewUnit(code="MA1", name="Xã An Thượng", kind=AreaKind.COMMUNE, parent=tree["MD1"]),
            tree["MB"],
        ],
        principal="MA1",
        on=ON,
        user=user,
        reason=REASON,
    )

    assert [unit.code for unit in successors] == ["MB", "MA1"]
    new = Area.objects.get(code="MA1")
    assert (new.name, new.level, new.parent, new.valid_from) == (
        "Xã An Thượng",
        "commune",
        tree["MD1"],
        ON,
    )
    assert validity("MA", "MB") == {
        "MA": (datetime.date(2000, 1, 1), EVE),
        "MB": (datetime.date(2000, 1, 1), None),
    }
    assert successions() == [("MA", "MA1", ON, True), ("MA", "MB", ON, False)]
    assert new.history.latest().history_change_reason == REASON


def test_a_renaming_with_a_code_opens_a_new_unit_that_succeeds_the_old_one(tree, user):
    renamed = area_rename(
        area=tree["MC"],
        name="Phường Châu",
        kind=AreaKind.WARD,
        code="MC-2023",
        on=ON,
        user=user,
        reason=REASON,
    )

    renamed = Area.objects.get(pk=renamed.pk)
    assert (renamed.code, renamed.name, renamed.kind, renamed.parent, renamed.valid_from) == (
        "MC-2023",
        "Phường Châu",
        "ward",
        tree["MD1"],
        ON,
    )
    assert Area.objects.get(code="MC").name == "Xã Châu"  # earlier reports keep the old name
    assert validity("MC") == {"MC": (datetime.date(2000, 1, 1), EVE)}
    assert successions() == [("MC", "MC-2023", ON, True)]


def test_a_renaming_without_a_code_renames_the_unit_in_place(tree, user):
    renamed = area_rename(
        area=tree["MD1"],
        name="Thị xã Một",
        kind=AreaKind.DISTRICT_TOWN,
        on=ON,
        user=user,
        reason=REASON,
    )

    assert renamed.pk == tree["MD1"].pk
    district = Area.objects.get(code="MD1")
    assert (district.name, district.kind, district.valid_to) == (
        "Thị xã Một",
        "district_town",
        None,
    )
    assert successions() == []
    latest = district.history.latest()
    assert (latest.name, latest.history_user, latest.history_change_reason) == (
        "Thị xã Một",
        user,
        REASON,
    )


def test_a_move_takes_the_subtree_under_the_new_parent(tree, user):
    hamlet = AreaFactory(code="MAX", name="Khu X", level="commune", parent=tree["MA"])

    area_reparent(area=tree["MA"], parent=tree["MD2"], on=ON, user=user, reason=REASON)

    moved = Area.objects.get(code="MA")
    assert (moved.parent, moved.path) == (tree["MD2"], f"{tree['MD2'].path}{moved.pk}/")
    assert Area.objects.get(pk=hamlet.pk).path == f"{moved.path}{hamlet.pk}/"
    latest = moved.history.latest()
    assert (latest.parent_id, latest.history_user, latest.history_change_reason) == (
        tree["MD2"].pk,
        user,
        REASON,
    )
    assert successions() == []


# Refusals: the message, and nothing written.


def test_a_unit_already_closed_is_not_merged(tree, user):
    Area.objects.filter(code="MB").update(valid_to=datetime.date(2022, 6, 30))

    errors = refused(area_merge, **merge_kwargs(tree, user))

    assert errors == {
        "areas": [
            "Xã Bình is already closed (valid until 2022-06-30): a unit is reorganised once; "
            "correct the earlier reorganisation instead."
        ]
    }


def test_a_unit_closing_later_is_not_reorganised_earlier(tree, user):
    Area.objects.filter(code="MA").update(valid_to=datetime.date(2025, 6, 30))

    errors = refused(
        area_rename, area=tree["MA"], name="Xã Mới", code="MN", on=ON, user=user, reason=REASON
    )

    assert errors == {
        "areas": [
            "Xã An is already closed (valid until 2025-06-30): a unit is reorganised once; "
            "correct the earlier reorganisation instead."
        ]
    }


def test_a_unit_with_a_succession_recorded_is_not_merged_again(tree, user):
    AreaSuccession.objects.create(predecessor=tree["MA"], successor=tree["MC"], date=ON)

    errors = refused(area_merge, **merge_kwargs(tree, user))

    assert errors == {"areas": ["A succession from Xã An to Xã Châu is already recorded."]}


def test_a_split_into_a_unit_it_came_from_is_a_cycle(tree, user):
    # MC → MB → MA already recorded (by hand, without dates): MA cannot pass to MC.
    AreaSuccession.objects.create(predecessor=tree["MC"], successor=tree["MB"], date=EVE)
    AreaSuccession.objects.create(predecessor=tree["MB"], successor=tree["MA"], date=ON)
    new = NewUnit(code="MA1", name="Xã An Một", kind=AreaKind.COMMUNE, parent=tree["MD1"])

    errors = refused(
        area_split,
        area=tree["MA"],
        into=[new, tree["MC"]],
        principal="MA1",
        on=ON,
        user=user,
        reason=REASON,
    )

    assert errors == {
        "into": [
            "Xã Châu cannot take over Xã An: Xã An came from it, directly or through other units."
        ]
    }


def test_a_date_before_a_unit_existed_is_refused(tree, user):
    errors = refused(area_merge, **merge_kwargs(tree, user, on=datetime.date(2000, 1, 1)))

    assert errors == {
        "on": [
            "2000-01-01 is outside the validity of Xã An (2000-01-01 – …).",
            "2000-01-01 is outside the validity of Xã Bình (2000-01-01 – …).",
        ]
    }


def test_a_parent_closed_on_the_date_is_refused(tree, user):
    Area.objects.filter(code="MD2").update(valid_to=EVE)
    tree["MD2"].refresh_from_db()

    errors = refused(area_merge, **merge_kwargs(tree, user, parent=tree["MD2"]))

    assert errors == {
        "parent": ["2023-01-01 is outside the validity of Huyện Hai (2000-01-01 – 2022-12-31)."]
    }


def test_units_of_different_levels_are_not_merged(tree, user):
    errors = refused(area_merge, **merge_kwargs(tree, user, areas=[tree["MA"], tree["MD2"]]))

    assert errors == {
        "areas": [
            "Units of different levels cannot be merged or succeed each other: "
            "Xã An (Commune), Huyện Hai (District)."
        ]
    }


def test_a_merger_needs_two_units_a_reason_and_a_fitting_new_unit(tree, user):
    errors = refused(
        area_merge,
        **merge_kwargs(
            tree,
            user,
            areas=[tree["MA"]],
            reason=" ",
            into_code="MB",
            kind=AreaKind.WARD,
            parent=tree["MP"].parent,
        ),
    )

    assert errors == {
        "reason": ["Give the reason, e.g. the resolution that decided it."],
        "areas": ["A merger takes at least two units."],
        "into": ["MB: Area with this Code already exists."],
        "parent": ["Only a province sits under no other unit: choose the parent."],
    }


def test_a_new_unit_cannot_sit_under_a_unit_that_closes(tree, user):
    errors = refused(
        area_merge,
        **merge_kwargs(tree, user, areas=[tree["MD1"], tree["MD2"]], kind="", parent=tree["MD1"]),
    )

    assert errors == {
        "parent": [
            "Huyện Một cannot hold Xã An Bình: a unit sits under a unit of a higher level.",
            "Huyện Một closes in this reorganisation and cannot hold the new unit.",
        ]
    }


def test_a_split_needs_its_principal_among_two_distinct_successors(tree, user):
    new = NewUnit(code="MA1", name="Xã An Một", kind=AreaKind.COMMUNE, parent=tree["MD1"])

    errors = refused(
        area_split, area=tree["MA"], into=[new], principal="MZ", on=ON, user=user, reason=REASON
    )

    assert errors == {
        "into": ["A split gives at least two units."],
        "principal": ["The principal successor must be one of the units it is split into."],
    }


def test_a_successor_of_another_level_is_refused(tree, user):
    new = NewUnit(code="MA1", name="Xã An Một", kind=AreaKind.COMMUNE, parent=tree["MD1"])

    errors = refused(
        area_split,
        area=tree["MA"],
        into=[new, tree["MD2"]],
        principal="MA1",
        on=ON,
        user=user,
        reason=REASON,
    )

    assert errors == {
        "into": [
            "Units of different levels cannot be merged or succeed each other: "
            "Xã An (Commune), Huyện Hai (District)."
        ]
    }


def test_a_renaming_to_the_same_name_and_a_move_to_the_same_parent_are_refused(tree, user):
    assert refused(area_rename, area=tree["MA"], name="Xã An", on=ON, user=user, reason=REASON) == {
        "name": ["Xã An already has this name."]
    }
    assert refused(
        area_reparent, area=tree["MA"], parent=tree["MD1"], on=ON, user=user, reason=REASON
    ) == {"parent": ["Xã An already sits under Huyện Một."]}


def test_a_move_under_a_unit_of_its_own_level_is_refused(tree, user):
    hamlet = AreaFactory(code="MDX", name="Huyện con", level="district", parent=tree["MD1"])
    errors = refused(
        area_reparent, area=tree["MD1"], parent=hamlet, on=ON, user=user, reason=REASON
    )

    assert errors == {
        "parent": ["Huyện con cannot hold Huyện Một: a unit sits under a unit of a higher level."]
    }
