"""Vietnam's administrative units shipped in programmes/data, and `manage.py load_units`."""

import datetime
import os
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from programmes.models import Area, AreaLevel, AreaSuccession
from programmes.units import read_successions, read_units

LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture(scope="module")
def units():
    return read_units()


@pytest.fixture(scope="module")
def links():
    return read_successions()


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def paths_are_materialised(areas) -> bool:
    """Every area's path is its parent's path, then its own id, as Area.save writes it."""
    by_pk = {a.pk: a for a in areas}
    return all(a.path == f"{by_pk[a.parent_id].path if a.parent_id else '/'}{a.pk}/" for a in areas)


# The shipped data


def test_the_shipped_data_has_both_eras_with_the_official_counts(units):
    counts = Counter((u.code[:5], u.level) for u in units)

    assert counts == {
        ("VN63-", "province"): 63,
        ("VN63-", "district"): 696,
        ("VN63-", "commune"): 10035,
        ("VN34-", "province"): 34,
        ("VN34-", "commune"): 3321,
    }
    assert len({u.code for u in units}) == len(units)


def test_each_era_has_its_kinds(units):
    kinds = Counter((u.code[:4], u.kind) for u in units)

    assert kinds == {
        ("VN63", "province"): 57,
        ("VN63", "municipality"): 6,
        ("VN63", "urban_district"): 49,
        ("VN63", "rural_district"): 508,
        ("VN63", "district_town"): 52,
        ("VN63", "provincial_city"): 87,
        ("VN63", "commune"): 7695,
        ("VN63", "ward"): 1724,
        ("VN63", "township"): 616,
        ("VN34", "province"): 28,
        ("VN34", "municipality"): 6,
        ("VN34", "commune"): 2621,
        ("VN34", "ward"): 687,
        ("VN34", "special_zone"): 13,
    }


def test_old_units_end_the_day_before_the_reform_and_new_ones_start_on_it(units):
    dates = Counter((u.code[:4], u.valid_from, u.valid_to) for u in units)

    assert dates == {("VN63", None, LAST_OLD_DAY): 10794, ("VN34", REFORM, None): 3355}


def test_every_parent_is_in_the_same_era_one_level_up(units):
    by_code = {u.code: u for u in units}
    above = Counter(
        (u.code[:4], u.level, by_code[u.parent].code[:4], by_code[u.parent].level)
        for u in units
        if u.parent
    )

    assert above == {
        ("VN63", "district", "VN63", "province"): 696,
        ("VN63", "commune", "VN63", "district"): 10035,
        ("VN34", "commune", "VN34", "province"): 3321,
    }
    assert {u.code[:4] for u in units if not u.parent} == {"VN63", "VN34"}
    assert sum(1 for u in units if not u.parent) == 97


def test_every_succession_links_an_old_unit_to_an_existing_new_one_on_the_reform_day(units, links):
    by_code = {u.code: u for u in units}
    kinds = Counter(
        (by_code[x.predecessor].code[:4], by_code[x.predecessor].level, by_code[x.successor].level)
        for x in links
    )

    assert kinds == {
        ("VN63", "province", "province"): 63,
        ("VN63", "commune", "commune"): 10597,
        # The five island districts had no commune; each became a special zone.
        ("VN63", "district", "commune"): 5,
    }
    assert all(x.successor.startswith("VN34-") and x.successor in by_code for x in links)
    islands = [
        by_code[x.successor].kind for x in links if by_code[x.predecessor].level == "district"
    ]
    assert islands == ["special_zone"] * 5
    assert {x.date for x in links} == {REFORM}
    assert len({(x.predecessor, x.successor) for x in links}) == len(links)


def test_every_old_unit_but_the_districts_has_one_principal_successor(units, links):
    principals = Counter(x.predecessor for x in links if x.principal)
    split = Counter(x.predecessor for x in links if not x.principal)

    assert set(principals.values()) == {1}
    expected = {u.code for u in units if u.code.startswith("VN63-") and u.level != "district"}
    assert set(principals) - expected == {
        "VN63-" + code for code in ("318", "471", "498", "536", "755")
    }
    assert expected <= set(principals)
    assert (len(split), sum(split.values())) == (471, 562)


def test_every_new_unit_has_a_predecessor(units, links):
    successors = {x.successor for x in links}

    assert {u.code for u in units if u.code.startswith("VN34-")} <= successors


def test_an_official_code_the_reform_reused_names_two_units(units, links):
    by_code = {u.code: u for u in units}

    assert (by_code["VN63-15"].official_code, by_code["VN63-15"].name) == ("15", "Tỉnh Yên Bái")
    assert (by_code["VN34-15"].official_code, by_code["VN34-15"].name) == ("15", "Tỉnh Lào Cai")
    assert sorted(x.predecessor for x in links if x.successor == "VN34-15") == [
        "VN63-10",
        "VN63-15",
    ]


# load_units


def loaded_codes() -> Counter:
    return Counter(
        (a.code[:4], a.level, a.parent.code if a.level == "district" else "")
        for a in Area.objects.select_related("parent")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["15", "10", "VN34-15", "VN63-10"])
def test_a_province_by_either_code_loads_the_merged_province_and_its_predecessors(code):
    output = load("--province", code)

    provinces = Area.objects.filter(level=AreaLevel.PROVINCE)
    assert sorted(provinces.values_list("code", "name")) == [
        ("VN34-15", "Tỉnh Lào Cai"),
        ("VN63-10", "Tỉnh Lào Cai"),
        ("VN63-15", "Tỉnh Yên Bái"),
    ]
    sizes = {
        p.code: Area.objects.in_tree_of(p).values("level").annotate(n=Count("id"))
        for p in provinces
    }
    assert {code: sorted((r["level"], r["n"]) for r in rows) for code, rows in sizes.items()} == {
        "VN34-15": [("commune", 99), ("province", 1)],
        "VN63-10": [("commune", 151), ("district", 9), ("province", 1)],
        "VN63-15": [("commune", 168), ("district", 9), ("province", 1)],
    }
    assert AreaSuccession.objects.count() == 321
    assert sorted(Area.objects.get(code="VN34-15").predecessors.values_list("code", flat=True)) == [
        "VN63-10",
        "VN63-15",
    ]
    assert paths_are_materialised(list(Area.objects.all()))
    assert output.startswith(
        "Units: 439 created, 0 updated, 0 unchanged; "
        "successions: 321 created, 0 updated, 0 unchanged ("
    )


@pytest.mark.django_db
def test_an_unchanged_province_loads_its_two_eras_and_its_split_communes():
    load("--province", "20")

    assert Area.objects.count() == 272
    assert Counter(a.code[:4] for a in Area.objects.all()) == {"VN63": 206, "VN34": 66}
    split = AreaSuccession.objects.filter(predecessor__code="VN63-06622")
    assert sorted(split.values_list("successor__code", "successor__name", "principal")) == [
        ("VN34-06613", "Xã Đình Lập", True),
        ("VN34-06625", "Xã Kiên Mộc", False),
    ]
    commune = Area.objects.get(code="VN63-06622")
    assert (commune.official_code, commune.kind, commune.valid_from, commune.valid_to) == (
        "06622",
        "commune",
        None,
        LAST_OLD_DAY,
    )
    assert commune.parent.parent.code == "VN63-20"


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_says_so():
    load("--province", "12")
    before = (
        list(Area.objects.values_list().order_by("pk")),
        list(AreaSuccession.objects.values_list().order_by("pk")),
        Area.history.count(),
        AreaSuccession.history.count(),
    )

    output = load("--province", "12")

    assert output.startswith("Nothing changed: 154 units and 107 successions are up to date (")
    after = (
        list(Area.objects.values_list().order_by("pk")),
        list(AreaSuccession.objects.values_list().order_by("pk")),
        Area.history.count(),
        AreaSuccession.history.count(),
    )
    assert after == before
    assert before[2:] == (154, 107)


@pytest.mark.django_db
def test_a_renamed_unit_is_updated_and_its_history_says_by_what():
    load("--province", "12")
    Area.objects.filter(code="VN34-12").update(name="Tỉnh Lai Châu (cũ)", kind="")
    AreaSuccession.objects.filter(predecessor__code="VN63-03388").update(principal=False)

    output = load("--province", "12")

    area = Area.objects.get(code="VN34-12")
    assert (area.name, area.kind, area.search_text) == (
        "Tỉnh Lai Châu",
        "province",
        "tinh lai chau",
    )
    assert AreaSuccession.objects.get(predecessor__code="VN63-03388").principal is True
    assert output.startswith(
        "Units: 0 created, 1 updated, 153 unchanged; "
        "successions: 0 created, 1 updated, 106 unchanged ("
    )
    latest = area.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("~", "load_units")


@pytest.mark.django_db
def test_a_unit_moved_away_is_put_back_with_its_path():
    load("--province", "12")
    commune = Area.objects.get(code="VN63-03388")
    commune.parent = Area.objects.get(code="VN63-106")
    commune.save()
    assert commune.path.startswith(Area.objects.get(code="VN63-106").path)

    load("--province", "12")

    commune.refresh_from_db()
    assert commune.parent.code == "VN63-105"
    assert commune.path == f"{commune.parent.path}{commune.pk}/"


@pytest.mark.django_db
def test_an_unknown_province_code_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError) as error:
        load("--province", "12", "--province", "99", "--province", "VN63-99")

    assert str(error.value) == "No province has the code 99, VN63-99."
    assert not Area.objects.exists()
    assert not AreaSuccession.objects.exists()


@pytest.mark.django_db
def test_loaded_units_stay_apart_from_the_demo_province():
    call_command("load_demo", stdout=StringIO())
    demo = set(Area.objects.values_list("pk", "path"))

    load("--province", "12")

    assert set(Area.objects.filter(code__startswith="MH").values_list("pk", "path")) == demo
    assert not Area.objects.filter(code__startswith="MH").exclude(official_code="").exists()
    assert Area.objects.exclude(code__startswith="MH").count() == 154


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("LOAD_UNITS_COUNTRY"),
    reason="the whole country (~5 s on PostgreSQL): set LOAD_UNITS_COUNTRY=1 to run it",
)
def test_the_whole_country_loads_in_under_a_minute_and_twice_changes_nothing():
    started = time.monotonic()
    load()
    first = time.monotonic() - started
    output = load()
    second = time.monotonic() - started - first

    assert Counter((a[:5], level) for a, level in Area.objects.values_list("code", "level")) == {
        ("VN63-", "province"): 63,
        ("VN63-", "district"): 696,
        ("VN63-", "commune"): 10035,
        ("VN34-", "province"): 34,
        ("VN34-", "commune"): 3321,
    }
    assert AreaSuccession.objects.count() == 10665
    assert output.startswith("Nothing changed: 14149 units and 10665 successions are up to date")
    assert paths_are_materialised(list(Area.objects.only("pk", "parent_id", "path")))
    assert first < 60 and second < 60
    print(f"whole country: first run {first:.1f} s, second run {second:.1f} s")
