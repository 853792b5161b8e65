"""The demo's care models for children in special circumstances, 2016–2020.

The four kinds of the 2016–2020 reviews (Decision 647/QĐ-TTg's community-based care
scheme) run in several communes of Tỉnh Minh Hòa (minh họa), each with a yearly report:
children reached by sex and by group of special circumstances, the outcomes of its
kind, and its funding split into state budget and money mobilised from businesses,
associations, charities and individuals. Partners' contributions are recorded beside
them, and the child protection programme's indicator CP.5 (children reached by
community-based rehabilitation) takes its figures from the reports.

Everything is invented and counted, never a child's record. Reports and contributions
go through `care.services`, so they pass the rules an officer's would, and the
indicator's figures are derived by `indicators.feeds`, never typed in.
"""

import datetime

from care.choices import CareModelKind, CareModelMeasure, PartnerKind
from care.models import CareModel, Contribution, Partner
from care.services import (
    care_model_create,
    care_model_report_create,
    care_model_report_update,
    care_model_update,
    contribution_create,
    contribution_update,
)
from demo.areas import ILLUSTRATIVE, DemoAreas
from demo.helpers import indicator_upsert
from indicators.models import Accumulation, Direction, Indicator, IndicatorSource, Unit
from indicators.services import indicator_save
from programmes.models import Objective, Phase, Programme

YEARS = range(2016, 2021)
REHABILITATION = CareModelKind.COMMUNITY_REHABILITATION
FOSTER = CareModelKind.FOSTER_CARE
VOCATIONAL = CareModelKind.VOCATIONAL_TRAINING
PSYCHOTHERAPY = CareModelKind.PSYCHOTHERAPY

NAMES = {
    REHABILITATION: "Phục hồi chức năng dựa vào cộng đồng cho trẻ em khuyết tật vận động",
    FOSTER: "Nhận nuôi dưỡng tạm thời trẻ em có hoàn cảnh đặc biệt tại gia đình",
    VOCATIONAL: "Dạy nghề gắn với tạo việc làm cho trẻ em có hoàn cảnh đặc biệt",
    PSYCHOTHERAPY: "Trị liệu tâm lý cho trẻ em rối nhiễu tâm trí",
}
AGENCIES = {
    REHABILITATION: "Trạm Y tế xã phối hợp Hội Chữ thập đỏ",
    FOSTER: "Ủy ban nhân dân xã",
    VOCATIONAL: "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
    PSYCHOTHERAPY: "Trung tâm Công tác xã hội tỉnh",
}

# (kind, commune, started_on, ended_on): the deployments.
MODELS = [
    (REHABILITATION, "MH-02-02", datetime.date(2016, 3, 1), None),
    (REHABILITATION, "MH-03-03", datetime.date(2016, 3, 1), None),
    (REHABILITATION, "MH-04-01", datetime.date(2016, 4, 1), None),
    (FOSTER, "MH-01-03", datetime.date(2016, 1, 1), None),
    (FOSTER, "MH-03-02", datetime.date(2016, 6, 1), None),
    (VOCATIONAL, "MH-01-01", datetime.date(2016, 1, 1), None),
    (VOCATIONAL, "MH-03-01", datetime.date(2018, 9, 1), None),
    (PSYCHOTHERAPY, "MH-01-02", datetime.date(2016, 1, 1), datetime.date(2020, 12, 31)),
]

# Per model (kind, commune) and year: girls, boys, the outcomes of the kind, then the
# state budget and the mobilised money in VND. Foster families receive 600,000 VND a
# month per child from the budget, so its state budget is placements × 7,200,000.
REPORTS = {
    (REHABILITATION, "MH-02-02"): {  # girls, boys, improved function, state, mobilised
        2016: (8, 11, 5, 57_000_000, 12_000_000),
        2017: (9, 12, 7, 63_000_000, 18_000_000),
        2018: (10, 13, 9, 69_000_000, 25_000_000),
        2019: (11, 14, 10, 75_000_000, 32_000_000),
        2020: (12, 15, 12, 81_000_000, 40_000_000),
    },
    (REHABILITATION, "MH-03-03"): {
        2016: (6, 9, 4, 45_000_000, 8_000_000),
        2017: (7, 10, 5, 51_000_000, 12_000_000),
        2018: (8, 10, 7, 54_000_000, 17_000_000),
        2019: (9, 11, 8, 60_000_000, 22_000_000),
        2020: (10, 12, 10, 66_000_000, 28_000_000),
    },
    (REHABILITATION, "MH-04-01"): {
        2016: (5, 7, 3, 36_000_000, 5_000_000),
        2017: (5, 8, 4, 39_000_000, 8_000_000),
        2018: (6, 9, 6, 45_000_000, 12_000_000),
        2019: (7, 9, 7, 48_000_000, 15_000_000),
        2020: (7, 10, 8, 51_000_000, 20_000_000),
    },
    (FOSTER, "MH-01-03"): {  # girls, boys, placements active, reintegrated, state, mobilised
        2016: (3, 2, 4, 1, 28_800_000, 6_000_000),
        2017: (4, 3, 5, 2, 36_000_000, 9_000_000),
        2018: (4, 4, 6, 2, 43_200_000, 12_000_000),
        2019: (5, 4, 7, 2, 50_400_000, 15_000_000),
        2020: (5, 5, 8, 3, 57_600_000, 18_000_000),
    },
    (FOSTER, "MH-03-02"): {
        2016: (2, 2, 3, 1, 21_600_000, 4_000_000),
        2017: (3, 2, 4, 1, 28_800_000, 6_000_000),
        2018: (3, 3, 5, 1, 36_000_000, 8_000_000),
        2019: (4, 3, 6, 1, 43_200_000, 10_000_000),
        2020: (4, 4, 7, 2, 50_400_000, 12_000_000),
    },
    (VOCATIONAL, "MH-01-01"): {  # girls, boys, trained, completed, employed, state, mobilised
        2016: (6, 9, 15, 12, 8, 90_000_000, 30_000_000),
        2017: (7, 11, 18, 15, 11, 95_000_000, 45_000_000),
        2018: (8, 12, 20, 17, 13, 100_000_000, 60_000_000),
        2019: (9, 13, 22, 19, 15, 100_000_000, 80_000_000),
        2020: (10, 14, 24, 21, 17, 105_000_000, 95_000_000),
    },
    (VOCATIONAL, "MH-03-01"): {
        2018: (3, 5, 8, 6, 4, 30_000_000, 10_000_000),
        2019: (5, 7, 12, 10, 7, 45_000_000, 20_000_000),
        2020: (6, 8, 14, 12, 9, 50_000_000, 30_000_000),
    },
    (PSYCHOTHERAPY, "MH-01-02"): {  # girls, boys, sessions, improved, state, mobilised
        2016: (5, 4, 96, 4, 40_000_000, 10_000_000),
        2017: (6, 5, 120, 6, 44_000_000, 15_000_000),
        2018: (7, 6, 150, 8, 48_000_000, 20_000_000),
        2019: (8, 6, 168, 9, 50_000_000, 26_000_000),
        2020: (9, 7, 192, 11, 52_000_000, 32_000_000),
    },
}
OUTCOMES = {
    REHABILITATION: ("function_improved",),
    FOSTER: ("placements_active", "children_reintegrated"),
    VOCATIONAL: ("trained", "completed", "employed"),
    PSYCHOTHERAPY: ("sessions", "condition_improved"),
}

PARTNERS = {
    "business": ("Công ty Cổ phần May mặc Sơn Mây", PartnerKind.BUSINESS),
    "red_cross": ("Hội Chữ thập đỏ tỉnh Minh Hòa", PartnerKind.ASSOCIATION),
    "fund": ("Quỹ Vì trẻ em Minh Hòa", PartnerKind.CHARITY),
    "donor": ("Nhà hảo tâm giấu tên", PartnerKind.INDIVIDUAL),
    "international": ("Tổ chức Vì trẻ em Quốc tế", PartnerKind.INTERNATIONAL_ORGANISATION),
    "social_work": ("Trung tâm Công tác xã hội tỉnh Minh Hòa", PartnerKind.STATE_BODY),
}
# partner, model (kind, commune) or None for the programme, date, cash, in kind
CONTRIBUTIONS = [
    *(
        ("business", (VOCATIONAL, "MH-01-01"), datetime.date(year, 3, 15), cash, "")
        for year, cash in zip(YEARS, (20, 30, 40, 50, 60), strict=True)
        for cash in [cash * 1_000_000]
    ),
    *(
        ("red_cross", (REHABILITATION, "MH-02-02"), datetime.date(year, 6, 1), cash, "")
        for year, cash in zip(YEARS, (10, 12, 14, 16, 18), strict=True)
        for cash in [cash * 1_000_000]
    ),
    *(
        ("fund", (FOSTER, "MH-01-03"), datetime.date(year, 9, 1), cash, "")
        for year, cash in zip(YEARS, (5, 8, 10, 12, 15), strict=True)
        for cash in [cash * 1_000_000]
    ),
    (
        "red_cross",
        (REHABILITATION, "MH-03-03"),
        datetime.date(2017, 10, 20),
        0,
        "12 xe lăn và bộ dụng cụ tập phục hồi chức năng",
    ),
    ("donor", (PSYCHOTHERAPY, "MH-01-02"), datetime.date(2019, 12, 20), 10_000_000, ""),
    (
        "international",
        None,
        datetime.date(2018, 5, 10),
        200_000_000,
        "Tài liệu tập huấn kỹ năng chăm sóc thay thế cho gia đình nhận nuôi",
    ),
    (
        "social_work",
        (REHABILITATION, "MH-04-01"),
        datetime.date(2019, 2, 1),
        0,
        "Cán bộ công tác xã hội hỗ trợ chuyên môn hai ngày mỗi tháng",
    ),
]

FED_INDICATOR_CODE = "CP.5"


def _groups(kind: str, total: int, year: int) -> dict[str, int]:
    """Children by group of special circumstances (a child may count in several): the
    2004 law's 10 groups for 2016, the Law on Children's 14 from 2017 (in force from
    2017-06-01, so on the last day of every later period)."""
    if year < 2017:
        return _groups_2004(kind, total)
    if kind == REHABILITATION:
        return {"disability": total, "serious_illness_poor_household": total // 4}
    if kind == FOSTER:
        orphans = (total + 1) // 2
        return {
            "orphaned_both_parents": orphans,
            "abandoned": (total - orphans + 1) // 2,
            "no_one_to_rely_on": total - orphans - (total - orphans + 1) // 2,
        }
    if kind == VOCATIONAL:
        return {"dropout_earning_living": total * 2 // 3, "disability": total - total * 2 // 3}
    return {"harmed_by_violence": total // 2, "sexually_abused": total // 4}


def _groups_2004(kind: str, total: int) -> dict[str, int]:
    """The same children under the 2004 law's groups (Art. 40)."""
    if kind == REHABILITATION:
        return {"disability_2004": total}
    if kind == FOSTER:
        return {"orphaned_or_abandoned_2004": total}
    if kind == VOCATIONAL:
        return {"street_children_2004": total * 2 // 3, "disability_2004": total - total * 2 // 3}
    return {"sexually_abused_2004": total // 4}


def build_care_models(areas: DemoAreas, programme: Programme) -> list[CareModel]:
    """Create or update the care models, their reports, partners and contributions, and
    the programme's indicator fed by them."""
    communes = {commune.code: commune for commune in areas.communes}
    models = {}
    for kind, code, started_on, ended_on in MODELS:
        commune = communes[code]
        fields = {
            "name": f"{NAMES[kind]} – {commune.name}",
            "programme": programme,
            "started_on": started_on,
            "ended_on": ended_on,
            "implementing_agency": f"{AGENCIES[kind]} {ILLUSTRATIVE}",
            "description": "Dữ liệu minh họa: mô hình và số liệu là hư cấu.",
        }
        model = CareModel.objects.filter(area=commune, kind=kind).first()
        models[(kind, code)] = (
            care_model_update(care_model=model, **fields)
            if model
            else care_model_create(area=commune, kind=kind, **fields)
        )
    _fed_indicator(programme)
    _build_reports(models)
    _build_contributions(models, programme)
    return list(models.values())


def _build_reports(models: dict[tuple[str, str], CareModel]) -> None:
    for key, by_year in REPORTS.items():
        model = models[key]
        kind = key[0]
        existing = {r.period: r for r in model.reports.all()}
        for year, numbers in by_year.items():
            girls, boys, *outcomes, state, mobilised = numbers
            fields = {
                "beneficiaries_female": girls,
                "beneficiaries_male": boys,
                "beneficiaries_total": girls + boys,
                **dict(zip(OUTCOMES[kind], outcomes, strict=True)),
                "state_budget_vnd": state,
                "mobilised_vnd": mobilised,
                "groups": _groups(kind, girls + boys, year),
            }
            report = existing.get(str(year))
            if report:
                care_model_report_update(report=report, **fields)
            else:
                care_model_report_create(care_model=model, period=str(year), **fields)


def _build_contributions(models: dict[tuple[str, str], CareModel], programme: Programme) -> None:
    partners = {}
    for key, (name, kind) in PARTNERS.items():
        partners[key], _created = Partner.objects.get_or_create(
            name=f"{name} {ILLUSTRATIVE}", kind=kind
        )
    for partner_key, model_key, date, cash, in_kind in CONTRIBUTIONS:
        model = models[model_key] if model_key else None
        target = {
            "partner": partners[partner_key],
            "care_model": model,
            "programme": None if model else programme,
            "date": date,
        }
        given = {"cash_vnd": cash, "in_kind_description": in_kind}
        contribution = Contribution.objects.filter(**target).first()
        if contribution:
            contribution_update(contribution=contribution, **given)
        else:
            contribution_create(**target, **given)


def _fed_indicator(programme: Programme) -> Indicator:
    """CP.5: children reached by community-based rehabilitation, derived from the reports."""
    phase = Phase.objects.get(programme=programme, name="2016–2020")
    objective = Objective.objects.get(phase=phase, number=1)
    indicator = indicator_upsert(
        objective=objective,
        code=FED_INDICATOR_CODE,
        name="Số trẻ em khuyết tật vận động được phục hồi chức năng dựa vào cộng đồng",
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        direction=Direction.INCREASE,
        definition=(
            "Tổng số trẻ em được mô hình phục hồi chức năng dựa vào cộng đồng tiếp cận trong "
            "năm, theo giới tính và xã; số liệu lấy tự động từ báo cáo của các mô hình."
        ),
    )
    indicator.source = IndicatorSource.CARE_MODELS
    indicator.care_model_kind = REHABILITATION
    indicator.care_model_measure = CareModelMeasure.BENEFICIARIES
    return indicator_save(indicator=indicator)
