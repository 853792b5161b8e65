"""The gender equality demo's story in numbers: wording, figures and the 2021–2025 plan.

Invented figures for the fictional province; the legal wording paraphrases the
decisions (DOMAIN.md §1) and says so where a value is illustrative.
"""

from dataclasses import dataclass
from fractions import Fraction

from indicators.models import Unit

# The decision's wording for each 2020 target (paraphrased where the data file marks the
# target unverified). 4.2 has no national 2020 value: the province's value is illustrative.
WORDING_2020 = {
    "1.1": "Phấn đấu đạt từ 25% trở lên nữ tham gia cấp ủy Đảng nhiệm kỳ 2016–2020",
    "1.2": (
        "Phấn đấu đạt tỷ lệ nữ đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp "
        "nhiệm kỳ 2016–2020 trên 35%"
    ),
    "1.3": (
        "Đến năm 2020 đạt trên 95% cơ quan quản lý nhà nước, chính quyền địa phương các cấp "
        "có lãnh đạo chủ chốt là nữ"
    ),
    "1.4": (
        "Đến năm 2020 đạt 100% cơ quan của Đảng, Nhà nước, tổ chức chính trị – xã hội "
        "có tỷ lệ nữ từ 30% trở lên có lãnh đạo chủ chốt là nữ"
    ),
    "2.1": (
        "Hằng năm, trong tổng số người được tạo việc làm mới, bảo đảm ít nhất 40% "
        "cho mỗi giới (nam và nữ)"
    ),
    "2.2": "Tỷ lệ nữ làm chủ doanh nghiệp đạt từ 35% trở lên vào năm 2020",
    "2.3": (
        "Tỷ lệ lao động nữ nông thôn dưới 45 tuổi được đào tạo nghề và chuyên môn kỹ thuật "
        "đạt 50% vào năm 2020"
    ),
    "2.4": (
        "Đến năm 2020 đạt 100% nữ nghèo ở nông thôn, nữ người dân tộc thiểu số có nhu cầu "
        "được vay vốn ưu đãi từ các chương trình việc làm, giảm nghèo và các nguồn tín dụng "
        "chính thức"
    ),
    "3.1": "Tỷ lệ biết chữ của nữ trong độ tuổi từ 15 đến 60 đạt 98% vào năm 2020",
    "3.2": "Tỷ lệ nữ thạc sĩ đạt 50% vào năm 2020",
    "3.3": "Tỷ lệ nữ tiến sĩ đạt 25% vào năm 2020",
    "4.1": "Tỷ số giới tính khi sinh không vượt quá 115 bé trai/100 bé gái vào năm 2020",
    "4.2": (
        "Giảm tỷ số tử vong mẹ liên quan đến thai sản. Chiến lược không nêu giá trị năm 2020; "
        "mức không vượt quá 52/100.000 trẻ đẻ sống là giá trị minh họa của kế hoạch tỉnh"
    ),
    "4.3": (
        "Tăng tỷ lệ phụ nữ mang thai được tiếp cận dịch vụ dự phòng lây truyền HIV từ mẹ "
        "sang con lên 50% vào năm 2020"
    ),
    "4.4": "Giảm tỷ lệ phá thai xuống không vượt quá 25/100 trẻ đẻ sống vào năm 2020",
    "5.1": "Đến năm 2020 giảm 80% sản phẩm văn hóa, thông tin mang định kiến giới",
    "5.2": (
        "Đến năm 2020 đạt 100% đài phát thanh và truyền hình có chuyên mục, chuyên đề nâng "
        "cao nhận thức về bình đẳng giới"
    ),
    "5.3": (
        "Mỗi xã có ít nhất 2 chuyên mục tuyên truyền về bình đẳng giới trên hệ thống "
        "thông tin cơ sở"
    ),
    "6.1": (
        "Đến năm 2020 rút ngắn thời gian phụ nữ làm công việc nội trợ, không vượt quá "
        "1,5 lần so với nam giới"
    ),
    "6.2": (
        "Đến năm 2020 đạt 50% số nạn nhân bạo lực gia đình được phát hiện được tư vấn về "
        "pháp lý và sức khỏe, được hỗ trợ và chăm sóc"
    ),
    "6.3": (
        "Đến năm 2020 đạt 75% số người gây bạo lực gia đình được phát hiện được tư vấn tại "
        "các cơ sở tư vấn về phòng, chống bạo lực gia đình"
    ),
    "6.4": (
        "Duy trì 100% nạn nhân bị buôn bán trở về được phát hiện được hưởng các dịch vụ hỗ "
        "trợ và tái hòa nhập cộng đồng"
    ),
    "7.1": (
        "Đến năm 2020 đạt 100% dự thảo văn bản quy phạm pháp luật được xác định có nội dung "
        "liên quan đến bình đẳng giới được lồng ghép vấn đề bình đẳng giới"
    ),
    "7.2": (
        "Đến năm 2020 đạt 100% thành viên các cơ quan thực hiện công tác bình đẳng giới ở "
        "các cấp được tập huấn nghiệp vụ ít nhất một lần"
    ),
}
ILLUSTRATIVE_TARGETS_2020 = {"4.2": "52"}
# Quyết định 2351/QĐ-TTg writes "trên 35%" and "trên 95%" for 2020: strictly above (the
# 2015 milestones read "từ 30% trở lên", "đạt 80%").
COMPARATORS_2020 = {"1.2": "gt", "1.3": "gt"}
# 2.1 "ít nhất 40% cho mỗi giới": a target for each sex, both judged.
BY_SEX = {"2.1"}
# How reports write the units that are not plain percentages (DOMAIN.md §5).
UNIT_LABELS = {
    "4.1": "bé trai/100 bé gái",
    "4.2": "ca/100.000 trẻ đẻ sống",
    "4.4": "ca/100 trẻ đẻ sống",
    "6.1": "lần",
}

# Female workers given new jobs (a flow, summed over each phase): the women of 2.1's new
# jobs. 2016–2020 totals 43.877 against 41.180 in 2011–2015: +6,55%, as the review says.
FEMALE_JOBS_CODE = "2.5"
FEMALE_JOBS_NAME = "Số lao động nữ được tạo việc làm mới"
FEMALE_JOBS_2011_2015 = {2011: 7900, 2012: 8100, 2013: 8250, 2014: 8400, 2015: 8530}

# Province-level figures: a value, or (numerator, denominator) where the rate has one.
# 2.2, 4.1 and 6.2 have none at province level: they roll up from communes or districts.
PROVINCE_FIGURES_2016_2020: dict[str, dict[int, str | tuple[int, int]]] = {
    "1.1": {2020: (61, 271)},  # 22.5% < 25: missed
    "1.2": {2020: (181, 500)},  # 36.2%
    "1.3": {2018: (17, 20), 2020: (18, 20)},  # 90% < 95: missed
    "1.4": {2020: (12, 12)},
    "2.1": {
        2016: (8159, 18500),
        2017: (8550, 19000),
        2018: (8846, 19400),
        2019: (9062, 19700),
        2020: (9260, 20000),
    },
    # 45% < 50: missed, though it climbs every year
    "2.3": {2016: "30.5", 2017: "34.2", 2018: "38.0", 2019: "41.6", 2020: "45.0"},
    "2.4": {2020: (3412, 3412)},
    "3.1": {2016: "97.2", 2017: "97.5", 2018: "97.9", 2019: "98.3", 2020: "98.6"},
    "3.2": {2020: "52.4"},
    "3.3": {2020: "27.1"},
    "4.2": {2018: (7, 15900), 2020: (6, 15600)},  # 38.5 per 100,000
    "4.3": {2020: "67.3"},
    "4.4": {2016: "23.6", 2018: "21.4", 2020: "19.8"},
    "5.1": {2020: "85"},
    "5.2": {2020: (1, 1)},
    "5.3": {2020: "2"},
    "6.1": {2016: "1.9", 2018: "1.8", 2020: "1.7"},  # 1.7 > 1.5 times: missed
    "6.3": {2020: (134, 165)},
    "6.4": {2019: (5, 5), 2020: (7, 7)},
    "7.1": {2020: (23, 23)},
    "7.2": {2020: (48, 48)},
}

# 2.1 in 2015: women's share of new jobs (men the rest).
FEMALE_SHARE_OF_NEW_JOBS_2015 = "43.5"

# Female business owners (2.2): women and all owners, province-wide, from the communes.
BUSINESS_OWNERS = {
    2016: (1030, 3900),
    2017: (1158, 4150),
    2018: (1302, 4400),
    2019: (1466, 4700),
    2020: (1645, 5000),  # 32.9%
}
# Sex ratio at birth (4.1): girls born province-wide and boys per 100 girls.
BIRTHS = {
    2016: (7800, "113.9"),
    2017: (7700, "114.6"),
    2018: (7650, "115.3"),
    2019: (7580, "115.8"),
    2020: (7500, "116.2"),  # 8,715 boys
}
DISTRICT_BOY_TILT = [Fraction(97, 100), Fraction(104, 100), Fraction(102, 100), Fraction(99, 100)]
# Domestic-violence victims detected (6.2) and the share counselled and supported.
VIOLENCE_VICTIMS = {
    2016: (380, "0.58"),
    2017: (410, "0.63"),
    2018: (445, "0.69"),
    2019: (470, "0.74"),
    2020: (500, "0.78"),
}
FEMALE_SHARE_OF_VICTIMS = Fraction(86, 100)

# 2011–2015: the province's 2015 figures for the targets the strategy set for 2015.
PROVINCE_FIGURES_2015: dict[str, str | tuple[int, int]] = {
    "1.2": "29.1",
    "1.3": "82",
    "1.4": "71",
    "2.2": (1134, 4500),  # 25.2%
    "2.3": "28.4",
    "2.4": "85",
    "3.2": "44",
    "3.3": "21.5",
    "4.1": "112.6",
    "4.2": "55",
    "4.3": "45",
    "4.4": "24.1",
    "5.1": "62",
    "5.2": "100",
    "6.1": "1.9",
    "6.4": "100",
    "7.1": "83",
    "7.2": "100",
}

# 2021–2025 under the 2021–2030 strategy (Resolution 28/NQ-CP): objective titles
# paraphrased (unverified); the province adopts some targets and raises one (2.2).
OBJECTIVES_2021_2025 = [
    "Tăng cường sự tham gia của phụ nữ vào các vị trí lãnh đạo, quản lý",
    "Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động",
    "Bảo đảm bình đẳng giới trong đời sống gia đình, từng bước xóa bỏ bạo lực trên cơ sở giới",
    "Bảo đảm bình đẳng giới trong tiếp cận và thụ hưởng các dịch vụ chăm sóc sức khỏe",
    "Bảo đảm bình đẳng giới trong lĩnh vực giáo dục, đào tạo",
    "Bảo đảm bình đẳng giới trong lĩnh vực thông tin và truyền thông",
]


@dataclass(frozen=True)
class PlanTarget:
    objective: int
    code: str
    name: str
    unit: str
    comparator: str
    value: str
    baseline: str  # the province's 2020 value (for an indicator new in 2021–2025)
    framework_target: str  # the strategy's target adopted, in NSGE-2021-2030
    figures: dict[int, str]
    previous_code: str | None = None  # the same indicator in 2016–2020, carried over


# Judged for 2023 against the line from 2020 to 2025: 1.1, 2.2 and 3.1 on track; 2.1 and
# 4.1 off track.
PLAN_2021_2025 = [
    PlanTarget(
        1,
        "1.1",
        "Tỷ lệ cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ",
        Unit.PERCENT,
        "gte",
        "60",
        "48",
        "1.1",
        {2021: "50", 2022: "52.5", 2023: "55.5"},  # line: 55.2 in 2023
    ),
    PlanTarget(
        2,
        "2.1",
        "Tỷ lệ lao động nữ làm công việc có hưởng lương",
        Unit.PERCENT,
        "gte",
        "50",
        "44",
        "2.1",
        {2021: "44.6", 2022: "45.3", 2023: "46.1"},  # line: 47.6 in 2023
    ),
    PlanTarget(
        2,
        "2.2",
        "Tỷ lệ nữ giám đốc hoặc chủ doanh nghiệp, hợp tác xã",
        Unit.PERCENT,
        "gte",
        "37",
        "32.9",
        "2.3",
        {2021: "33.6", 2022: "34.5", 2023: "35.8"},  # line: 35.36 in 2023
        previous_code="2.2",
    ),
    PlanTarget(
        3,
        "3.1",
        "Tỷ lệ người bị bạo lực trên cơ sở giới được tiếp cận ít nhất một trong các dịch vụ "
        "hỗ trợ cơ bản",
        Unit.PERCENT,
        "gte",
        "80",
        "62",
        "3.2a",
        {2021: "66", 2022: "70.2", 2023: "74"},  # line: 72.8 in 2023
    ),
    PlanTarget(
        4,
        "4.1",
        "Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái)",
        Unit.PER_100,
        "lte",
        "111",
        "116.2",
        "4.1",
        {2021: "116", 2022: "115.6", 2023: "115"},  # line: 113.08 in 2023
        previous_code="4.1",
    ),
]
