"""Build the administrative units the repository ships (programmes/data/), at development time.

Reads the data files of the MIT-licensed `vietnamadminunits` package (its SQLite
`dataset.db` for names, kinds and official codes of both eras, and `converter_2025.json`
for the old → new mapping) and writes two gzipped CSV files:

- `units.csv.gz`: code, official_code, level, kind, name, parent, valid_from, valid_to
  (`code` is ours: "VN63-" for the units valid until 2025-06-30, "VN34-" from 2025-07-01,
  then the official code, so a code reused by the reform stays two distinct units);
- `successions.csv.gz`: predecessor, successor, date, principal (our codes).

The package is never a dependency of the app: install it in a throwaway virtualenv and
run this script with that interpreter (see docs/units.md):

    python3 -m venv /tmp/units-venv && /tmp/units-venv/bin/pip install vietnamadminunits
    /tmp/units-venv/bin/python scripts/build_units.py

Only the package's data files are read; its modules are not imported (importing them
pulls shapely and geopy, and its parser geocodes over the network).
"""

import csv
import gzip
import importlib.metadata
import importlib.util
import io
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

PACKAGE = "vietnamadminunits"
OUT = Path(__file__).resolve().parent.parent / "programmes" / "data"
OLD, NEW = "VN63-", "VN34-"
OLD_VALID_TO = "2025-06-30"
REFORM = "2025-07-01"

DISTRICT_KINDS = {
    "Quận": "urban_district",
    "Huyện": "rural_district",
    "Thị xã": "district_town",
    "Thành phố": "provincial_city",
}
COMMUNE_KINDS = {
    "Xã": "commune",
    "Phường": "ward",
    "Thị trấn": "township",
    "Đặc khu": "special_zone",
}
UNIT_FIELDS = ["code", "official_code", "level", "kind", "name", "parent", "valid_from", "valid_to"]
SUCCESSION_FIELDS = ["predecessor", "successor", "date", "principal"]


def province_kind(name: str) -> str:
    # A "Thành phố" at province level is a centrally-run city; every other one is a "Tỉnh".
    if name.startswith("Thành phố "):
        return "municipality"
    if name.startswith("Tỉnh "):
        return "province"
    raise ValueError(f"unknown kind of province: {name}")


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{PACKAGE} is not installed in this interpreter; see the module docstring.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def old_units(db: sqlite3.Connection) -> tuple[list[dict], dict[str, str]]:
    """Units valid until 2025-06-30, and our code of each by the package's name key."""
    rows = db.execute(
        "SELECT province, provinceCode, provinceKey, district, districtType, districtCode,"
        " districtKey, ward, wardType, wardCode, wardKey FROM admin_units_legacy"
    ).fetchall()
    units: dict[str, dict] = {}
    by_key: dict[str, str] = {}
    for p_name, p_code, p_key, d_name, d_type, d_code, d_key, w_name, w_type, w_code, w_key in rows:
        province = OLD + p_code
        units[province] = unit(province, p_code, "province", province_kind(p_name), p_name, "")
        by_key[p_key] = province
        district = OLD + d_code
        units[district] = unit(
            district, d_code, "district", DISTRICT_KINDS[d_type], d_name, province
        )
        # Five island districts have no commune; the mapping names them "<province>_<district>_".
        by_key[f"{p_key}_{d_key}_"] = district
        if w_code:
            commune = OLD + w_code
            units[commune] = unit(
                commune, w_code, "commune", COMMUNE_KINDS[w_type], w_name, district
            )
            by_key[f"{p_key}_{d_key}_{w_key}"] = commune
    for row in units.values():
        row["valid_to"] = OLD_VALID_TO
    return list(units.values()), by_key


def new_units(db: sqlite3.Connection) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Units valid from 2025-07-01, and our code of each by (province key, ward key)."""
    rows = db.execute(
        "SELECT province, provinceCode, provinceKey, ward, wardType, wardCode, wardKey"
        " FROM admin_units"
    ).fetchall()
    units: dict[str, dict] = {}
    by_key: dict[tuple[str, str], str] = {}
    for p_name, p_code, p_key, w_name, w_type, w_code, w_key in rows:
        province = NEW + p_code
        units[province] = unit(province, p_code, "province", province_kind(p_name), p_name, "")
        by_key[(p_key, "")] = province
        commune = NEW + w_code
        units[commune] = unit(commune, w_code, "commune", COMMUNE_KINDS[w_type], w_name, province)
        by_key[(p_key, w_key)] = commune
    for row in units.values():
        row["valid_from"] = REFORM
    return list(units.values()), by_key


def unit(code: str, official: str, level: str, kind: str, name: str, parent: str) -> dict:
    return {
        "code": code,
        "official_code": official,
        "level": level,
        "kind": kind,
        "name": name,
        "parent": parent,
        "valid_from": "",
        "valid_to": "",
    }


def successions(converter: dict, old: dict[str, str], new: dict[tuple[str, str], str]) -> list:
    """Old → new links: provinces, communes (and the island districts, which have none)."""
    links = []
    for new_province, old_provinces in converter["DICT_PROVINCE"].items():
        for old_province in old_provinces:
            links.append((old[old_province], new[(new_province, "")], True))
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_wards in wards.items():
            for old_ward in old_wards:
                links.append((old[old_ward], new[(new_province, new_ward)], True))
    # A split commune: one successor per part, the package's default one is the principal.
    for new_province, wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_ward, parts in wards.items():
            for part in parts:
                successor = new[(new_province, part["newWardKey"])]
                links.append((old[old_ward], successor, bool(part["isDefaultNewWard"])))
    return [
        {"predecessor": p, "successor": s, "date": REFORM, "principal": "1" if main else "0"}
        for p, s, main in sorted(links)
    ]


def check(units: list[dict], links: list[dict]) -> Counter:
    counts = Counter((u["code"][:5], u["level"]) for u in units)
    codes = {u["code"] for u in units}
    assert len(codes) == len(units), "duplicate codes"
    assert all(u["parent"] in codes for u in units if u["parent"]), "parent missing"
    assert all(x["predecessor"] in codes and x["successor"] in codes for x in links)
    principals = Counter(x["predecessor"] for x in links if x["principal"] == "1")
    predecessors = {x["predecessor"] for x in links}
    assert all(principals[p] == 1 for p in predecessors), "not one principal successor each"
    return counts


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0 and no file name: the same data gives the same bytes, so git sees no change.
    with path.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))


def main() -> None:
    source = data_dir()
    db = sqlite3.connect(f"file:{source / 'dataset.db'}?mode=ro", uri=True)
    converter = json.loads((source / "converter_2025.json").read_text(encoding="utf-8"))
    old, old_keys = old_units(db)
    new, new_keys = new_units(db)
    units = sorted(old + new, key=lambda u: u["code"])
    links = successions(converter, old_keys, new_keys)
    counts = check(units, links)
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "units.csv.gz", UNIT_FIELDS, units)
    write_csv(OUT / "successions.csv.gz", SUCCESSION_FIELDS, links)
    version = importlib.metadata.version(PACKAGE)
    print(
        f"{PACKAGE} {version}: "
        + ", ".join(f"{e}{lv} {n}" for (e, lv), n in sorted(counts.items()))
    )
    print(f"{len(links)} successions, {sum(x['principal'] == '0' for x in links)} not principal")


if __name__ == "__main__":
    main()
