"""`Lineage.around`: the units rule 8 reads for a root, as rows (one raw query) and as
models (the ORM), alike."""

import datetime

import pytest

from programmes.reorganisations import area_merge
from programmes.succession import Lineage, Unit
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def test_the_units_of_a_merged_province_are_its_own_and_its_predecessors_trees():
    east = AreaFactory(code="XD")
    west = AreaFactory(code="XT")
    east_district = AreaFactory(code="XD01", parent=east)
    AreaFactory(code="ZZ")  # another province: not reached
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
    opened = datetime.date(2000, 1, 1)  # the factory's

    rows = Lineage.around(province)
    models = Lineage.around(province, fields=("code",))

    assert sorted(rows.units.values()) == [
        Unit(east.pk, None, opened, closed, f"/{east.pk}/"),
        Unit(west.pk, None, opened, closed, f"/{west.pk}/"),
        Unit(east_district.pk, east.pk, opened, None, f"/{east.pk}/{east_district.pk}/"),
        Unit(province.pk, None, REFORM, None, f"/{province.pk}/"),
        Unit(district.pk, province.pk, opened, None, f"/{province.pk}/{district.pk}/"),
    ]
    assert rows.successor == {east.pk: province.pk, west.pk: province.pk}
    assert sorted(
        Unit(u.pk, u.parent_id, u.valid_from, u.valid_to, u.path) for u in models.units.values()
    ) == sorted(rows.units.values())
    assert models.successor == rows.successor
