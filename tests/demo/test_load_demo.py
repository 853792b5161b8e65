"""`manage.py load_demo`: the fictional province, its review and its figures, exactly."""

import datetime
from collections import defaultdict
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class

from indicators.actuals import Actuals
from indicators.models import Indicator, Measurement, MeasurementStatus, Sex, Target
from indicators.rules import ChangeHeadline, TargetStatus
from indicators.selectors import indicator_progress, phase_scorecard
from indicators.services import FigureLocked
from programmes.models import Area, AreaLevel, Objective, Phase, Programme

pytestmark = pytest.mark.django_db

# The 63 provinces before the 2025 reform (the 34 after it keep names from this list).
REAL_PROVINCES = [
    "An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ",
    "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip


@pytest.fixture
def output() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def phase(programme: str, name: str) -> Phase:
    return Phase.objects.get(programme__code=programme, name=name)


def indicator(programme: str, phase_name: str, code: str) -> Indicator:
    return Indicator.objects.get(
        phase__programme__code=programme, phase__name=phase_name, code=code
    )


def counts(status_counts) -> tuple[int, ...]:
    return (
        status_counts.targets_total,
        status_counts.achieved,
        status_counts.not_achieved,
        status_counts.no_data,
        status_counts.on_track,
        status_counts.off_track,
    )


def test_the_2016_2020_review_achieves_18_of_24_targets_under_7_objectives(output):
    scorecard = phase_scorecard(
        phase=phase("MH-BDG", "2016–2020"), area=Area.objects.get(code="MH"), year=2020
    )

    assert counts(scorecard) == (24, 18, 6, 0, 0, 0)
    assert [(s.objective.number, *counts(s)) for s in scorecard.objectives] == [
        (1, 4, 2, 2, 0, 0, 0),
        (2, 4, 2, 2, 0, 0, 0),
        (3, 3, 3, 0, 0, 0, 0),
        (4, 4, 3, 1, 0, 0, 0),
        (5, 3, 3, 0, 0, 0, 0),
        (6, 4, 3, 1, 0, 0, 0),
        (7, 2, 2, 0, 0, 0, 0),
    ]


def test_the_six_missed_targets_are_the_ones_provinces_usually_miss(output):
    scorecard = phase_scorecard(phase=phase("MH-BDG", "2016–2020"))

    missed = [
        (line.indicator.code, line.actual, line.target.comparator, line.target.value)
        for line in scorecard.lines
        if line.status == TargetStatus.NOT_ACHIEVED
    ]
    assert missed == [
        ("1.1", D("22.5"), "gte", D("25")),  # women in Party committees
        ("1.3", D("90"), "gt", D("95")),  # agencies with a female key leader: "trên 95%"
        ("2.2", D("32.9"), "gte", D("35")),  # female business owners
        ("2.3", D("45"), "gte", D("50")),  # rural women trained
        ("4.1", D("116.2"), "lte", D("115")),  # sex ratio at birth
        ("6.1", D("1.7"), "lte", D("1.5")),  # housework, times men's
    ]


def test_female_business_owners_rise_from_25_2_to_32_9_percent_rolled_up_from_communes(output):
    province = Area.objects.get(code="MH")
    business_owners = indicator("MH-BDG", "2016–2020", "2.2")

    progress = indicator_progress(indicator=business_owners, area=province)

    assert not Measurement.objects.filter(indicator=business_owners, area=province).exists()
    assert progress.series[-1].actual == D("32.9")
    assert progress.previous_phase.indicator == indicator("MH-BDG", "2011–2015", "2.2")
    assert (progress.previous_phase.value, progress.previous_phase.year) == (D("25.2"), 2015)
    assert progress.change.absolute == D("7.7")
    assert progress.change.headline == ChangeHeadline.PERCENTAGE_POINTS
    target = business_owners.targets.get(year=2020)
    actuals = Actuals(indicators=[business_owners], root=target.area, years=[2020])
    actual = actuals.get(business_owners, target.area, 2020)
    assert (actual.numerator, actual.denominator, actual.child_areas) == (1645, 5000, 4)


def test_loading_the_demo_twice_leaves_the_same_rows_and_values(output):
    models = [Area, Programme, Phase, Objective, Indicator, Target, Measurement]

    def snapshot() -> tuple:
        return (
            [model.objects.count() for model in models],
            sorted(
                Area.objects.values_list(
                    "code", "name", "level", "parent__code", "valid_from", "valid_to"
                )
            ),
            sorted(
                Target.objects.values_list(
                    "indicator__phase__programme__code",
                    "indicator__phase__name",
                    "indicator__code",
                    "area__code",
                    "year",
                    "comparator",
                    "value",
                    "baseline_value",
                    "baseline_year",
                    "source_text",
                )
            ),
            sorted(
                Measurement.objects.values_list(
                    "indicator__phase__programme__code",
                    "indicator__phase__name",
                    "indicator__code",
                    "area__code",
                    "period",
                    "sex",
                    "value",
                    "numerator",
                    "denominator",
                    "status",
                )
            ),
        )

    before = snapshot()
    call_command("load_demo", stdout=StringIO())

    assert snapshot() == before
    assert before[0] == [17, 2, 4, 22, 55, 52, 779]


def test_every_demo_area_is_fictional_and_says_it_is_illustrative(output):
    province = Area.objects.get(code="MH")
    areas = list(Area.objects.in_tree_of(province))

    assert province.name == "Tỉnh Minh Hòa (minh họa)"
    assert [a.level for a in areas].count(AreaLevel.DISTRICT) == 4
    assert [a.level for a in areas].count(AreaLevel.COMMUNE) == 12
    assert all(a.name.endswith("(minh họa)") and a.code.startswith("MH") for a in areas)
    assert [
        (a.name, real) for a in areas for real in REAL_PROVINCES if real.lower() in a.name.lower()
    ] == []
    assert all(
        p.description.startswith("Dữ liệu minh họa")
        for p in Programme.objects.filter(area=province)
    )


def test_districts_and_communes_end_the_day_before_the_2025_reform(output):
    below = Area.objects.filter(code__startswith="MH-")

    assert set(below.values_list("valid_to", flat=True)) == {datetime.date(2025, 6, 30)}
    assert Area.objects.get(code="MH").valid_to is None


def test_female_and_male_figures_add_up_to_their_totals(output):
    groups: dict[tuple, dict[str, Measurement]] = defaultdict(dict)
    for m in Measurement.objects.filter(area__code__startswith="MH").select_related(
        "indicator", "area"
    ):
        groups[(m.indicator_id, m.area_id, m.period)][m.sex] = m
    split = {key: by_sex for key, by_sex in groups.items() if len(by_sex) == 3}

    per_indicator = defaultdict(int)
    for by_sex in split.values():
        total, female, male = by_sex[Sex.TOTAL], by_sex[Sex.FEMALE], by_sex[Sex.MALE]
        per_indicator[total.indicator.code] += 1
        if total.indicator.is_rate:
            assert total.numerator == female.numerator + male.numerator
            assert total.denominator == female.denominator + male.denominator
        else:
            assert total.value == female.value + male.value
    assert dict(per_indicator) == {"6.2": 20, "CP.2": 60, "CP.3": 60, "CP.4": 28, "CP.5": 15}
    # 2.1, each sex's share of new jobs, has no total: the shares of one whole.
    pairs = {
        m.indicator.code for by_sex in groups.values() if len(by_sex) == 2 for m in by_sex.values()
    }
    assert pairs == {"2.1"}
    assert all(len(by_sex) in (1, 2, 3) for by_sex in groups.values())


def test_the_running_2021_2025_phase_is_on_or_off_track_in_2023(output):
    scorecard = phase_scorecard(phase=phase("MH-BDG", "2021–2025"), year=2023)

    assert counts(scorecard) == (5, 0, 0, 0, 3, 2)
    assert [(line.indicator.code, line.status) for line in scorecard.lines] == [
        ("1.1", TargetStatus.ON_TRACK),
        ("2.1", TargetStatus.OFF_TRACK),
        ("2.2", TargetStatus.ON_TRACK),
        ("3.1", TargetStatus.ON_TRACK),
        ("4.1", TargetStatus.OFF_TRACK),
    ]
    assert [(s.objective.number, s.on_track, s.off_track) for s in scorecard.objectives] == [
        (1, 1, 0),
        (2, 1, 1),
        (3, 1, 0),
        (4, 0, 1),
        (5, 0, 0),
        (6, 0, 0),
    ]
    assert all(
        (line.target.baseline_year, line.target.year) == (2020, 2025) for line in scorecard.lines
    )


def test_phases_and_indicators_continue_their_predecessors(output):
    first, second, third = (phase("MH-BDG", n) for n in ("2011–2015", "2016–2020", "2021–2025"))

    assert (second.previous, third.previous) == (first, second)
    without_predecessor = sorted(
        i.code for i in Indicator.objects.filter(phase=second, previous__isnull=True)
    )
    assert without_predecessor == ["1.1", "3.1", "5.3", "6.2", "6.3"]
    assert all(
        i.previous.code == i.code and i.previous.phase == first
        for i in Indicator.objects.filter(phase=second, previous__isnull=False)
    )
    continued = Indicator.objects.filter(phase=third, previous__isnull=False)
    assert [(i.code, i.previous.phase, i.previous.code) for i in continued] == [
        ("2.2", second, "2.2"),
        ("4.1", second, "4.1"),
    ]


def test_targets_keep_the_decisions_wording_and_flag_the_illustrative_value(output):
    targets = Target.objects.filter(indicator__phase=phase("MH-BDG", "2016–2020"))

    # 24 targets as the decision counts them; 2.1 "cho mỗi giới" is one for each sex.
    assert targets.count() == 25
    assert sorted(targets.filter(indicator__code="2.1").values_list("sex", flat=True)) == [
        "female",
        "male",
    ]
    assert set(targets.values_list("year", flat=True)) == {2020}
    assert "đạt từ 35% trở lên" in targets.get(indicator__code="2.2").source_text
    assert "không vượt quá 115 bé trai/100 bé gái" in targets.get(indicator__code="4.1").source_text
    maternal = targets.get(indicator__code="4.2")
    assert maternal.value == D("52")
    assert "giá trị minh họa" in maternal.source_text


def test_the_child_protection_programme_meets_cp1_and_cp2_in_2020(output):
    programme = Programme.objects.get(code="MH-BVTE")
    scorecard = phase_scorecard(phase=phase("MH-BVTE", "2016–2020"))

    assert (programme.sector, programme.legal_basis) == (
        "child_protection",
        "Quyết định 2361/QĐ-TTg",
    )
    assert counts(scorecard) == (2, 2, 0, 0, 0, 0)
    assert [(line.indicator.code, line.actual) for line in scorecard.lines] == [
        ("CP.1", D("4.3716")),  # 4,212 of 96,350 children, rolled up from 12 communes
        ("CP.2", D("92.3077")),
    ]
    in_need = indicator_progress(indicator=indicator("MH-BVTE", "2016–2020", "CP.3"))
    assert [point.actual for point in in_need.series] == [4880, 4720, 4560, 4400, 4212]


def test_abused_children_are_a_flow_whose_year_adds_up_its_half_years(output):
    abused = indicator("MH-BVTE", "2016–2020", "CP.4")

    progress = indicator_progress(indicator=abused)

    assert abused.accumulation == "flow"
    assert [point.actual for point in progress.series] == [36, 39, 42, 45, 47]
    periods = set(abused.measurements.filter(year=2020).values_list("period", flat=True))
    assert periods == {"2020S1", "2020S2"}


def test_demo_figures_are_drafts_for_the_review_workflow(output):
    statuses = set(
        Measurement.objects.filter(area__code__startswith="MH").values_list("status", flat=True)
    )

    assert statuses == {MeasurementStatus.DRAFT}


def test_load_demo_prints_the_counts_and_the_18_of_24_review(output):
    assert "Tỉnh Minh Hòa (minh họa) [MH]" in output
    assert (
        "17 areas, 2 programmes, 4 phases, 22 objectives, 55 indicators, 52 targets, "
        "779 figures (drafts)." in output
    )
    assert "MH-BDG 2016–2020 scorecard for 2020: 18/24 targets achieved under 7 objectives." in (
        output
    )


def test_its_help_says_what_it_builds_and_that_it_can_run_again():
    command = load_command_class("demo", "load_demo")

    help_text = " ".join(command.create_parser("manage.py", "load_demo").format_help().split())

    assert "fictional demo province Tỉnh Minh Hòa (minh họa)" in help_text
    assert "Running it again leaves the same data." in help_text


def test_a_rerun_that_would_overwrite_an_approved_figure_changes_nothing(output):
    Area.objects.filter(code="MH-01").update(name="Renamed by an officer")
    Measurement.objects.filter(
        indicator__phase__name="2016–2020", indicator__code="1.1", area__code="MH", period="2020"
    ).update(value=D("23"), status=MeasurementStatus.APPROVED)

    with pytest.raises(FigureLocked):
        call_command("load_demo", stdout=StringIO())

    assert Area.objects.get(code="MH-01").name == "Renamed by an officer"


def test_the_2021_2025_plan_is_made_from_2016_2020_and_adopts_the_strategys_targets(output):
    running = Target.objects.filter(indicator__phase=phase("MH-BDG", "2021–2025"))

    assert sorted(
        running.values_list(
            "indicator__code",
            "value",
            "national_value",
            "baseline_value",
            "baseline_provisional",
            "framework_target",
        )
    ) == [
        ("1.1", D("60"), None, D("48"), False, "NSGE-2021-2030:1.1"),
        ("2.1", D("50"), None, D("44"), False, "NSGE-2021-2030:2.1"),
        # Carried over by next-phase/: the 2020 actual, from draft figures.
        ("2.2", D("37"), D("27"), D("32.9"), True, "NSGE-2021-2030:2.3"),
        ("3.1", D("80"), None, D("62"), False, "NSGE-2021-2030:3.2a"),
        ("4.1", D("111"), None, D("116.2"), True, "NSGE-2021-2030:4.1"),
    ]
    assert running.get(indicator__code="2.2").source_text == (
        "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt ít nhất 27% vào năm 2025 và 30% "
        "vào năm 2030."
    )
