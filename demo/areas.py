"""The fictional province of the demo, its districts and communes.

Every name is invented and carries "(minh họa)", and every code starts with "MH", which
no official (numeric) GSO code can take: invented statistics never sit under a real
unit's name or code.
"""

import datetime
from dataclasses import dataclass, field

from programmes.models import Area, AreaLevel

ILLUSTRATIVE = "(minh họa)"
PROVINCE_CODE = "MH"
PROVINCE_NAME = f"Tỉnh Minh Hòa {ILLUSTRATIVE}"
# Fictional too: the province has existed since the 1997 re-division.
VALID_FROM = datetime.date(1997, 1, 1)
# District-level units were abolished on 2025-07-01 and their communes merged (DOMAIN §4).
DISTRICTS_END = datetime.date(2025, 6, 30)

# code, name, weight (roughly the population share, used to spread provincial totals)
DISTRICTS = [
    (
        "MH-01",
        "Thành phố Minh Hòa",
        [
            ("MH-01-01", "Phường Hoa Sữa", 6),
            ("MH-01-02", "Phường Cầu Mây", 5),
            ("MH-01-03", "Xã Bến Lúa", 3),
        ],
    ),
    (
        "MH-02",
        "Huyện Sơn Mây",
        [
            ("MH-02-01", "Thị trấn Sơn Mây", 3),
            ("MH-02-02", "Xã Đồi Chè Xanh", 2),
            ("MH-02-03", "Xã Suối Ngọc Lam", 2),
        ],
    ),
    (
        "MH-03",
        "Huyện Đồng Cói",
        [
            ("MH-03-01", "Thị trấn Đồng Cói", 3),
            ("MH-03-02", "Xã Bãi Lau Hồng", 2),
            ("MH-03-03", "Xã Cồn Cát Trắng", 2),
            ("MH-03-04", "Xã Lạch Mây Vàng", 2),
        ],
    ),
    (
        "MH-04",
        "Huyện Ngàn Thông",
        [
            ("MH-04-01", "Xã Ngàn Thông", 2),
            ("MH-04-02", "Xã Khe Nắng Sớm", 1),
        ],
    ),
]


@dataclass
class DemoAreas:
    province: Area
    districts: list[Area] = field(default_factory=list)
    communes: list[Area] = field(default_factory=list)
    # How large each unit is relative to the others, to spread totals believably.
    weights: dict[str, int] = field(default_factory=dict)
    # Urban units (the city and the townships) have a higher share of women in business.
    urban: set[str] = field(default_factory=set)

    def communes_of(self, district: Area) -> list[Area]:
        return [c for c in self.communes if c.parent_id == district.pk]

    def weight(self, area: Area) -> int:
        return self.weights[area.code]


def _upsert_area(code: str, **fields) -> Area:
    area, _created = Area.objects.update_or_create(code=code, defaults=fields)
    return area


def build_areas() -> DemoAreas:
    """Create or update the province, 4 districts and 12 communes."""
    province = _upsert_area(
        PROVINCE_CODE,
        name=PROVINCE_NAME,
        level=AreaLevel.PROVINCE,
        parent=None,
        valid_from=VALID_FROM,
        valid_to=None,
    )
    areas = DemoAreas(province=province)
    for district_code, district_name, communes in DISTRICTS:
        district = _upsert_area(
            district_code,
            name=f"{district_name} {ILLUSTRATIVE}",
            level=AreaLevel.DISTRICT,
            parent=province,
            valid_from=VALID_FROM,
            valid_to=DISTRICTS_END,
        )
        areas.districts.append(district)
        areas.weights[district_code] = sum(weight for _code, _name, weight in communes)
        if district_name.startswith("Thành phố"):
            areas.urban.add(district_code)
        for commune_code, commune_name, weight in communes:
            commune = _upsert_area(
                commune_code,
                name=f"{commune_name} {ILLUSTRATIVE}",
                level=AreaLevel.COMMUNE,
                parent=district,
                valid_from=VALID_FROM,
                valid_to=DISTRICTS_END,
            )
            areas.communes.append(commune)
            areas.weights[commune_code] = weight
            if commune_name.startswith(("Phường", "Thị trấn")):
                areas.urban.add(commune_code)
    return areas
