"""`Lineage.around` and `lineage_ids`: the units rule 8 reads for a root (its tree, the
units its units took over and their trees), as rows (one raw query), as models (the
ORM) and as ids, alike."""

import datetime

import pytest

from programmes.models import Area
from programmes.reorganisations import area_merge
from programmes.succession import Lineage, Unit, lineage_ids
from tests.factories import AreaFactory, AreaSuccessionFactory

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def test_the_units_of_a_merged_province_are_its_own_and_its_predecessors_trees():
    east = AreaFactory(code="XD")
    west = AreaFactory(code="XT")
    east_district = AreaFactory(code="XD01", parent=east)
    other = AreaFactory(code="ZZ")  # another province: not reached, but for one unit
    province = area_merge(
        areas=[east, west],
        into_code="XH",
        into_name="Tỉnh Xuân Hòa",
        kind="",
        parent=None,
        on=REFORM,
        user=None,
        reason="Nghị quyết (hư cấu)",
    )
    district = AreaFactory(code="XH01", parent=province)
    closed = REFORM - datetime.timedelta(days=1)
    # A unit of the other province that a district of the tree took over, and its commune.
    moved = AreaFactory(code="ZZ01", parent=other, valid_to=closed)
    moved_commune = AreaFactory(code="ZZ0101", parent=moved)
    AreaSuccessionFactory(predecessor=moved, successor=district, date=REFORM, principal=True)
    opened = datetime.date(2000, 1, 1)  # the factory's

    rows = Lineage.around(province)
    models = Lineage.around(province, fields=("code",))

    assert sorted(rows.units.values()) == [
        Unit(east.pk, None, opened, closed, f"/{east.pk}/"),
        Unit(west.pk, None, opened, closed, f"/{west.pk}/"),
        Unit(east_district.pk, east.pk, opened, None, f"/{east.pk}/{east_district.pk}/"),
        Unit(province.pk, None, REFORM, None, f"/{province.pk}/"),
        Unit(district.pk, province.pk, opened, None, f"/{province.pk}/{district.pk}/"),
        Unit(moved.pk, other.pk, opened, closed, f"/{other.pk}/{moved.pk}/"),
        Unit(
            moved_commune.pk, moved.pk, opened, None, f"/{other.pk}/{moved.pk}/{moved_commune.pk}/"
        ),
    ]
    assert rows.successor == {east.pk: province.pk, west.pk: province.pk, moved.pk: district.pk}
    assert set(
        Area.objects.filter(pk__in=lineage_ids(province)).values_list("pk", flat=True)
    ) == set(rows.units)
    assert sorted(
        Unit(u.pk, u.parent_id, u.valid_from, u.valid_to, u.path) for u in models.units.values()
    ) == sorted(rows.units.values())
    assert models.successor == rows.successor
