"""The demo's child protection programme, phase 2016–2020 (Decision 2361/QĐ-TTg).

CP.1 and CP.2 are the decision's targets, both met in 2020 by the province's communes.
The province adds two tracking indicators without targets: CP.3, the number of children
in special circumstances by sex and commune (the numerator behind CP.1 and the
denominator behind CP.2), and CP.4, abused children detected and supported, a flow
reported by district and sex, yearly until 2018 and six-monthly from 2019. No figure is
about a real child: they are invented counts.
"""

from fractions import Fraction

from demo.areas import ILLUSTRATIVE, DemoAreas
from demo.helpers import (
    apportion,
    figure,
    indicator_upsert,
    objective_upsert,
    owners_upsert,
    read_data,
    share,
    target_upsert,
)
from indicators.models import Accumulation, Direction, Indicator, Unit
from indicators.services import FigureInput, measurements_save
from programmes.models import Objective, Phase, Programme, Sector

PROGRAMME_CODE = "MH-BVTE"
PROGRAMME_NAME = f"Bảo vệ trẻ em tỉnh Minh Hòa {ILLUSTRATIVE}"
DESCRIPTION = (
    "Dữ liệu minh họa: tỉnh Minh Hòa, các huyện, xã và mọi số liệu của chương trình này là "
    "hư cấu, chỉ dùng để trình diễn phần mềm, không phải số liệu thống kê chính thức; không "
    "có thông tin về bất kỳ trẻ em có thật nào. Kế hoạch của tỉnh thực hiện Chương trình "
    "bảo vệ trẻ em giai đoạn 2016–2020 (Quyết định 2361/QĐ-TTg)."
)

OBJECTIVES = [
    "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt; trợ giúp, chăm sóc trẻ em có hoàn cảnh đặc "
    "biệt để phục hồi, hòa nhập cộng đồng",
    "Kiềm chế tốc độ gia tăng số trẻ em bị xâm hại",
]
WORDING = {
    "CP.1": (
        "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt, không vượt quá 5% tổng số trẻ em vào năm 2020"
    ),
    "CP.2": (
        "Đến năm 2020 có ít nhất 90% trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc để "
        "phục hồi, hòa nhập cộng đồng"
    ),
}

# Province-wide: children under 16, children in special circumstances, share supported.
CHILDREN = {
    2016: (93800, 4880, "0.84"),
    2017: (94400, 4720, "0.86"),
    2018: (95100, 4560, "0.88"),
    2019: (95700, 4400, "0.90"),
    2020: (96350, 4212, "0.924"),  # 4.37% of children; 92.3% supported
}
FEMALE_SHARE_OF_CHILDREN_IN_SPECIAL_CIRCUMSTANCES = Fraction(47, 100)
# Abused children detected and supported, province-wide, per year then per half-year.
ABUSED_CHILDREN = {
    "2016": 36,
    "2017": 39,
    "2018": 42,
    "2019S1": 21,
    "2019S2": 24,
    "2020S1": 22,
    "2020S2": 25,
}
FEMALE_SHARE_OF_ABUSED_CHILDREN = Fraction(7, 10)


def build_child_protection_programme(areas: DemoAreas) -> Programme:
    """Create or update the programme, its 2016–2020 phase, targets and figures."""
    programme, _created = Programme.objects.update_or_create(
        code=PROGRAMME_CODE,
        defaults={
            "name": PROGRAMME_NAME,
            "sector": Sector.CHILD_PROTECTION,
            "area": areas.province,
            "legal_basis": "Quyết định 2361/QĐ-TTg",
            "description": DESCRIPTION,
        },
    )
    owners_upsert(programme, "Sở Y tế tỉnh Minh Hòa (minh họa)")
    phase, _created = Phase.objects.update_or_create(
        programme=programme,
        name="2016–2020",
        defaults={"start_year": 2016, "end_year": 2020, "previous": None},
    )
    first, second = (
        objective_upsert(phase=phase, number=number, title=title)
        for number, title in enumerate(OBJECTIVES, start=1)
    )
    indicators = _national_targets(first, areas)
    in_special_circumstances = indicator_upsert(
        objective=first,
        code="CP.3",
        name="Số trẻ em có hoàn cảnh đặc biệt",
        unit=Unit.COUNT,
        direction=Direction.DECREASE,
        definition="Trẻ em dưới 16 tuổi thuộc 14 nhóm tại Điều 10 Luật Trẻ em 2016.",
    )
    abused = indicator_upsert(
        objective=second,
        code="CP.4",
        name="Số trẻ em bị xâm hại được phát hiện, hỗ trợ, can thiệp",
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        direction=Direction.DECREASE,
        definition=(
            "Chỉ tiêu theo dõi: Chương trình chỉ nêu định hướng kiềm chế tốc độ gia tăng, "
            "không đặt giá trị mục tiêu. Báo cáo 6 tháng từ năm 2019."
        ),
    )
    figures = _children_by_commune(
        indicators["CP.1"], indicators["CP.2"], in_special_circumstances, areas
    )
    figures += _abused_children_by_district(abused, areas)
    measurements_save(figures=figures)
    return programme


def _national_targets(objective: Objective, areas: DemoAreas) -> dict[str, Indicator]:
    """CP.1 and CP.2, with the 2020 targets the national programme sets (copied file)."""
    indicators = {}
    for item in read_data("child_protection_2016_2020.json")["targets"]:
        indicator = indicator_upsert(
            objective=objective,
            code=item["code"],
            name=item["name"],
            unit=item["unit"],
            comparator=item["comparator"],
        )
        target_upsert(
            indicator=indicator,
            area=areas.province,
            year=2020,
            comparator=item["comparator"],
            value=item["value_2020"],
            source_text=WORDING[item["code"]],
        )
        indicators[item["code"]] = indicator
    return indicators


def _children_by_commune(
    share_of_children: Indicator,
    supported: Indicator,
    count: Indicator,
    areas: DemoAreas,
) -> list[FigureInput]:
    """CP.1, CP.2 and CP.3 per commune and year, consistent with one another."""
    figures = []
    for year, (children, in_need, rate) in CHILDREN.items():
        children_by_commune = apportion(children, [areas.weight(c) for c in areas.communes])
        # The countryside has more children in special circumstances than the towns.
        leaning = [
            n * (Fraction(9, 10) if commune.code in areas.urban else Fraction(11, 10))
            for commune, n in zip(areas.communes, children_by_commune, strict=True)
        ]
        for commune, commune_children, commune_in_need in zip(
            areas.communes, children_by_commune, apportion(in_need, leaning), strict=True
        ):
            girls = share(commune_in_need, FEMALE_SHARE_OF_CHILDREN_IN_SPECIAL_CIRCUMSTANCES)
            boys = commune_in_need - girls
            girls_supported = share(girls, Fraction(rate) + Fraction(1, 100))
            boys_supported = share(boys, Fraction(rate) - Fraction(1, 100))
            figures.append(
                figure(
                    share_of_children,
                    commune,
                    year,
                    numerator=commune_in_need,
                    denominator=commune_children,
                )
            )
            for sex, helped, of in (
                ("female", girls_supported, girls),
                ("male", boys_supported, boys),
                ("total", girls_supported + boys_supported, commune_in_need),
            ):
                figures.append(
                    figure(supported, commune, year, sex=sex, numerator=helped, denominator=of)
                )
                figures.append(figure(count, commune, year, sex=sex, value=of))
    return figures


def _abused_children_by_district(indicator: Indicator, areas: DemoAreas) -> list[FigureInput]:
    """CP.4 by district and sex; a flow, so a year's actual adds up its half-years."""
    figures = []
    for period, children in ABUSED_CHILDREN.items():
        for district, district_children in zip(
            areas.districts,
            apportion(children, [areas.weight(d) for d in areas.districts]),
            strict=True,
        ):
            girls = share(district_children, FEMALE_SHARE_OF_ABUSED_CHILDREN)
            for sex, value in (
                ("female", girls),
                ("male", district_children - girls),
                ("total", district_children),
            ):
                figures.append(figure(indicator, district, period, sex=sex, value=value))
    return figures
