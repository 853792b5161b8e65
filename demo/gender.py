"""The demo's gender equality programme: phases 2011–2015, 2016–2020 and 2021–2025.

The 2016–2020 review reads like a real one: 7 objectives, 24 targets, 18 achieved. The
six missed are the ones provinces often miss: women in Party committees (1.1), agencies
with a female key leader (1.3), female business owners (2.2, 25.2% in 2015 → 32.9% in
2020, short of 35%), trained rural women (2.3), the sex ratio at birth (4.1, rising to
116.2 against a ceiling of 115) and women's housework time (6.1, 1.7 times men's against
1.5). Objectives, indicator names, units, comparators and target values come from the
copied strategy file; every figure is invented.
"""

from dataclasses import dataclass
from decimal import Decimal

from demo.areas import ILLUSTRATIVE, DemoAreas
from demo.gender_data import (
    BY_SEX,
    COMPARATORS_2020,
    FEMALE_JOBS_2011_2015,
    FEMALE_JOBS_CODE,
    FEMALE_JOBS_NAME,
    FEMALE_SHARE_OF_NEW_JOBS_2015,
    ILLUSTRATIVE_TARGETS_2020,
    OBJECTIVES_2021_2025,
    PLAN_2021_2025,
    PROVINCE_FIGURES_2015,
    PROVINCE_FIGURES_2016_2020,
    UNIT_LABELS,
    WORDING_2020,
)
from demo.gender_figures import (
    births_by_district,
    business_owners_by_commune,
    new_jobs_by_sex,
    province_figures,
    violence_victims_by_district_and_sex,
)
from demo.helpers import (
    figure,
    indicator_upsert,
    legal_wording,
    objective_upsert,
    owners_upsert,
    read_data,
    target_upsert,
)
from indicators.models import Accumulation, Indicator, PhaseAggregate, Unit
from indicators.services import (
    framework_target_adopt,
    measurements_save,
    next_phase_create,
    target_delete,
)
from programmes.models import Phase, Programme, Sector

PROGRAMME_CODE = "MH-BDG"
STRATEGY_2021_2030 = "NSGE-2021-2030"
PROGRAMME_NAME = f"Bình đẳng giới tỉnh Minh Hòa {ILLUSTRATIVE}"
DESCRIPTION = (
    "Dữ liệu minh họa: tỉnh Minh Hòa, các huyện, xã và mọi số liệu của chương trình này là "
    "hư cấu, chỉ dùng để trình diễn phần mềm, không phải số liệu thống kê chính thức. "
    "Kế hoạch của tỉnh thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2011–2020 "
    "(Quyết định 2351/QĐ-TTg, chỉ tiêu sửa đổi theo Quyết định 800/QĐ-TTg năm 2018) và "
    "giai đoạn 2021–2030 (Nghị quyết 28/NQ-CP)."
)


@dataclass
class GenderDemo:
    programme: Programme
    phases: dict[str, Phase]


def _phase(programme: Programme, start: int, end: int, previous: Phase | None) -> Phase:
    phase, _created = Phase.objects.update_or_create(
        programme=programme,
        name=f"{start}–{end}",
        defaults={"start_year": start, "end_year": end, "previous": previous},
    )
    return phase


def build_gender_programme(areas: DemoAreas) -> GenderDemo:
    """Create or update the programme, its three phases, their targets and figures."""
    programme, _created = Programme.objects.update_or_create(
        code=PROGRAMME_CODE,
        defaults={
            "name": PROGRAMME_NAME,
            "sector": Sector.GENDER_EQUALITY,
            "area": areas.province,
            "legal_basis": "Quyết định 2351/QĐ-TTg",
            "description": DESCRIPTION,
        },
    )
    owners_upsert(programme, "Sở Nội vụ tỉnh Minh Hòa (minh họa)")
    first = _phase(programme, 2011, 2015, None)
    second = _phase(programme, 2016, 2020, first)
    strategy = read_data("gender_strategy_2011_2020.json")
    earlier = _build_2011_2015(first, strategy, areas)
    current = _build_2016_2020(second, strategy, areas, earlier)
    # The planning office starts 2021–2025 from the reviewed phase, once.
    third = Phase.objects.filter(programme=programme, name="2021–2025").first()
    if third is None:
        third = next_phase_create(phase=second, name="2021–2025", start_year=2021, end_year=2025)
    _build_2021_2025(third, areas, current)
    return GenderDemo(programme=programme, phases={p.name: p for p in (first, second, third)})


def _build_2011_2015(phase: Phase, strategy: dict, areas: DemoAreas) -> dict[str, Indicator]:
    """The targets the strategy set for 2015, each with the province's 2015 figure."""
    indicators = {}
    for data in strategy["objectives"]:
        objective = objective_upsert(phase=phase, number=data["number"], title=data["title"])
        for item in data["targets"]:
            if item["value_2015"] is None:
                continue  # added in 2016 or by the 2018 revision
            indicator = indicator_upsert(
                objective=objective,
                code=item["code"],
                name=item["name"],
                unit=item["unit"],
                comparator=item["comparator"],
                unit_label=UNIT_LABELS.get(item["code"], ""),
            )
            for sex in _target_sexes(item["code"]):
                target_upsert(
                    indicator=indicator,
                    area=areas.province,
                    year=2015,
                    sex=sex,
                    comparator=item["comparator"],
                    value=item["value_2015"],
                    source_text=legal_wording(
                        comparator=item["comparator"],
                        value=item["value_2015"],
                        unit=item["unit"],
                        year=2015,
                        unit_label=UNIT_LABELS.get(item["code"], ""),
                    ),
                )
            indicators[item["code"]] = indicator
        if data["number"] == 2:
            indicators[FEMALE_JOBS_CODE] = _female_jobs_indicator(objective, None)
    figures = province_figures(
        indicators, areas, {code: {2015: v} for code, v in PROVINCE_FIGURES_2015.items()}
    )
    female = FEMALE_SHARE_OF_NEW_JOBS_2015
    figures += [
        figure(indicators["2.1"], areas.province, 2015, sex="female", value=female),
        figure(
            indicators["2.1"], areas.province, 2015, sex="male", value=str(100 - Decimal(female))
        ),
    ]
    figures += [
        figure(indicators[FEMALE_JOBS_CODE], areas.province, year, value=count)
        for year, count in FEMALE_JOBS_2011_2015.items()
    ]
    measurements_save(figures=figures)
    return indicators


def _target_sexes(code: str) -> list[str]:
    """ "ít nhất 40% cho mỗi giới" is a target for each sex."""
    return ["female", "male"] if code in BY_SEX else ["total"]


def _female_jobs_indicator(objective, previous: Indicator | None) -> Indicator:
    """Female workers given new jobs: followed without a target, compared phase total
    with phase total (DESIGN §4 rule 4)."""
    return indicator_upsert(
        objective=objective,
        code=FEMALE_JOBS_CODE,
        name=FEMALE_JOBS_NAME,
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        phase_aggregate=PhaseAggregate.SUM,
        unit_label="người",
        previous=previous,
        definition=(
            "Số lao động nữ trong tổng số người được tạo việc làm mới trong năm; so sánh giữa "
            "hai giai đoạn theo tổng 5 năm."
        ),
    )


def _build_2016_2020(
    phase: Phase, strategy: dict, areas: DemoAreas, earlier: dict[str, Indicator]
) -> dict[str, Indicator]:
    """7 objectives and 24 targets for 2020; 18 achieved at province level."""
    indicators = {}
    for data in strategy["objectives"]:
        objective = objective_upsert(phase=phase, number=data["number"], title=data["title"])
        for item in data["targets"]:
            code = item["code"]
            indicator = indicator_upsert(
                objective=objective,
                code=code,
                name=item["name"],
                unit=item["unit"],
                comparator=item["comparator"],
                previous=earlier.get(code),
                unit_label=UNIT_LABELS.get(code, ""),
                definition=(
                    "Đóng góp của từng xã: số chủ doanh nghiệp là nữ trên tổng số chủ doanh "
                    "nghiệp; cấp tỉnh cộng tử số và mẫu số của các xã."
                    if code == "2.2"
                    else ""
                ),
            )
            for sex in _target_sexes(code):
                target_upsert(
                    indicator=indicator,
                    area=areas.province,
                    year=2020,
                    sex=sex,
                    comparator=COMPARATORS_2020.get(code, item["comparator"]),
                    value=item["value_2020"] or ILLUSTRATIVE_TARGETS_2020[code],
                    source_text=WORDING_2020[code],
                )
            indicators[code] = indicator
        if data["number"] == 2:
            indicators[FEMALE_JOBS_CODE] = _female_jobs_indicator(
                objective, earlier[FEMALE_JOBS_CODE]
            )
    jobs = PROVINCE_FIGURES_2016_2020["2.1"]
    figures = province_figures(
        indicators, areas, {c: v for c, v in PROVINCE_FIGURES_2016_2020.items() if c != "2.1"}
    )
    figures += new_jobs_by_sex(indicators, areas, jobs)
    figures += business_owners_by_commune(indicators["2.2"], areas)
    figures += births_by_district(indicators["4.1"], areas)
    figures += violence_victims_by_district_and_sex(indicators["6.2"], areas)
    measurements_save(figures=figures)
    return indicators


def _build_2021_2025(phase: Phase, areas: DemoAreas, current: dict[str, Indicator]) -> None:
    """The running phase, as the planning office made it from 2016–2020 (`next-phase/`).

    Of the 24 indicators carried over, the province keeps the two the 2021–2030
    strategy continues (2.2 women owners, now directors or owners of enterprises and
    cooperatives; 4.1 the sex ratio at birth), whose baselines are their 2020 actuals
    (provisional: the demo's figures are drafts), drops the rest, adds three the
    strategy brings, regroups them under its six objectives and adopts its targets with
    their wording (2.2 at the province's own 37%). Figures for 2021–2023.
    """
    kept = {plan.previous_code for plan in PLAN_2021_2025 if plan.previous_code}
    for dropped in Indicator.objects.filter(phase=phase, previous__isnull=False).exclude(
        code__in=kept
    ):
        for target in dropped.targets.all():
            target_delete(target=target)
        dropped.delete()
    phase.objectives.filter(number__gt=len(OBJECTIVES_2021_2025)).delete()
    objectives = {
        number: objective_upsert(phase=phase, number=number, title=title)
        for number, title in enumerate(OBJECTIVES_2021_2025, start=1)
    }
    figures = []
    for plan in PLAN_2021_2025:
        indicator = indicator_upsert(
            objective=objectives[plan.objective],
            code=plan.code,
            name=plan.name,
            unit=plan.unit,
            comparator=plan.comparator,
            previous=current[plan.previous_code] if plan.previous_code else None,
            unit_label=UNIT_LABELS.get(plan.code, "") if plan.unit != "percent" else "",
        )
        if plan.previous_code is None:  # new: the baseline is the province's 2020 value
            target_upsert(
                indicator=indicator,
                area=areas.province,
                year=2025,
                comparator=plan.comparator,
                value=plan.value,
                baseline_value=plan.baseline,
                baseline_year=2020,
                source_text="",
            )
        framework_target_adopt(
            indicator=indicator,
            framework=STRATEGY_2021_2030,
            code=plan.framework_target,
            values={2025: Decimal(plan.value)},
        )
        figures += [
            figure(indicator, areas.province, year, value=value)
            for year, value in plan.figures.items()
        ]
    measurements_save(figures=figures)
