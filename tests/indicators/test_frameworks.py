"""A national framework as data, and a phase adopting its targets (`framework_target_adopt`)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators.frameworks import framework, framework_codes
from indicators.models import Target, Unit
from indicators.services import PlanLocked, framework_target_adopt, phase_plan_approve
from indicators.services.framework_targets import (
    FRAMEWORK_UNIT_DIFFERS,
    NO_MILESTONE_IN_PHASE,
    NO_SUCH_FRAMEWORK_TARGET,
)
from tests.api_support import api_client
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    PhaseFactory,
    TargetFactory,
    UserFactory,
)
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

NSGE = "NSGE-2021-2030"
DIRECTORS_WORDING = (
    "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt ít nhất 27% vào năm 2025 và 30% "
    "vào năm 2030."
)


def test_the_2021_2030_strategy_is_read_from_the_projects_file():
    strategy = framework(NSGE)

    assert framework_codes() == [NSGE]
    assert (strategy.legal_basis, strategy.start_year, strategy.end_year) == (
        "Nghị quyết 28/NQ-CP ngày 03/3/2021",
        2021,
        2030,
    )
    assert strategy.milestones == (2025, 2030)
    assert [o.number for o in strategy.objectives] == [1, 2, 3, 4, 5, 6]
    assert len(strategy.targets) == 18
    directors = strategy.target("2.3")
    assert (directors.wording, directors.unit, directors.comparators, directors.values) == (
        DIRECTORS_WORDING,
        Unit.PERCENT,
        {2025: "gte", 2030: "gte"},
        {2025: D("27"), 2030: D("30")},
    )
    # "ở mức 111 bé trai/100 bé gái" is watched as a ceiling; "dưới 42" in 2030 is strict.
    assert strategy.target("4.1").comparators == {2025: "lte", 2030: "lte"}
    assert strategy.target("4.1").unit == Unit.PER_100
    assert strategy.target("4.2").comparators == {2025: "lte", 2030: "lt"}
    assert strategy.target("3.1").unit == Unit.TIMES
    assert strategy.target("5.3").values == {2025: D("1"), 2030: D("1")}
    # No wording was checked against the Resolution itself; five are partly read.
    assert [t.code for t in strategy.targets if t.verified] == []
    assert [t.code for t in strategy.targets if t.partial] == ["4.4", "5.1", "5.2a", "5.2b", "5.3"]
    assert framework("NO-SUCH") is None


@pytest.fixture
def directors():
    """The women directors/owners indicator of a 2021–2025 phase, with the target the
    next-phase plan proposed (the old 35%, baseline 32.9% in 2020)."""
    phase = PhaseFactory(start_year=2021, end_year=2025, programme__area=AreaFactory(code="MH"))
    indicator = IndicatorFactory(objective__phase=phase, code="2.3", unit=Unit.PERCENT)
    TargetFactory(
        indicator=indicator,
        year=2025,
        value=D("35"),
        baseline_value=D("32.9"),
        baseline_year=2020,
        baseline_provisional=True,
    )
    return indicator


def adopted(indicator) -> list[tuple]:
    return list(
        Target.objects.filter(indicator=indicator)
        .order_by("year")
        .values_list(
            "area__code",
            "year",
            "comparator",
            "value",
            "national_value",
            "baseline_value",
            "baseline_year",
            "baseline_provisional",
            "source_text",
            "framework_target",
        )
    )


def test_an_adopted_target_keeps_the_legal_wording_and_the_milestone_inside_the_phase(directors):
    framework_target_adopt(indicator=directors, framework=NSGE, code="2.3")

    assert adopted(directors) == [
        (
            "MH",
            2025,
            "gte",
            D("27"),
            None,
            D("32.9"),
            2020,
            True,
            DIRECTORS_WORDING,
            "NSGE-2021-2030:2.3",
        )
    ]


def test_the_province_sets_its_own_level_and_keeps_the_national_one(directors):
    framework_target_adopt(indicator=directors, framework=NSGE, code="2.3", values={2025: "37"})

    assert [row[2:5] for row in adopted(directors)] == [("gte", D("37"), D("27"))]


def test_the_next_phase_takes_the_2030_milestone_and_a_ten_year_phase_both():
    later = IndicatorFactory(
        objective__phase=PhaseFactory(start_year=2026, end_year=2030), unit=Unit.PER_100000
    )
    whole = IndicatorFactory(
        objective__phase=PhaseFactory(start_year=2021, end_year=2030), unit=Unit.PER_100000
    )

    framework_target_adopt(indicator=later, framework=NSGE, code="4.2")
    framework_target_adopt(indicator=whole, framework=NSGE, code="4.2")

    assert [row[1:4] for row in adopted(later)] == [(2030, "lt", D("42"))]
    assert [row[1:4] for row in adopted(whole)] == [(2025, "lte", D("42")), (2030, "lt", D("42"))]


def refused(indicator, **given) -> dict:
    before = adopted(indicator)
    with pytest.raises(ValidationError) as error:
        framework_target_adopt(indicator=indicator, framework=NSGE, **given)
    assert adopted(indicator) == before
    return error.value.message_dict


def test_a_target_in_another_unit_or_without_a_milestone_in_the_phase_is_refused(directors):
    earlier = IndicatorFactory(objective__phase=PhaseFactory(), unit=Unit.PERCENT)

    assert refused(directors, code="4.1") == {
        "indicator": [
            FRAMEWORK_UNIT_DIFFERS % {"code": "4.1", "unit": "per 100", "indicator_unit": "percent"}
        ]
    }
    assert refused(earlier, code="2.3") == {
        "target": [
            NO_MILESTONE_IN_PHASE
            % {
                "code": "2.3",
                "years": "2025, 2030",
                "phase": "2016–2020",
                "start": 2016,
                "end": 2020,
            }
        ]
    }
    assert refused(directors, code="9.9") == {
        "target": [NO_SUCH_FRAMEWORK_TARGET % {"framework": NSGE, "code": "9.9"}]
    }


def test_an_approved_plan_does_not_adopt(directors):
    phase_plan_approve(phase=directors.phase, user=user_in_role("officer", "provincial_officer"))

    with pytest.raises(PlanLocked):
        framework_target_adopt(indicator=directors, framework=NSGE, code="2.3")

    assert [row[3] for row in adopted(directors)] == [D("35")]


def test_the_api_lists_the_frameworks_for_readers_only():
    viewer = api_client(user_in_role("leader", "viewer"))
    nobody = api_client(UserFactory(username="nobody"))  # signed in, without a role

    response = viewer.get("/api/v1/frameworks/")

    assert response.status_code == 200
    [strategy] = response.json()
    assert (strategy["code"], strategy["milestones"], len(strategy["targets"])) == (
        NSGE,
        [2025, 2030],
        18,
    )
    assert strategy["targets"][3] == {
        "code": "2.3",
        "objective": 2,
        "wording": DIRECTORS_WORDING,
        "wording_en": (
            "The proportion of women directors/owners of enterprises and cooperatives "
            "reaches at least 27% by 2025 and 30% by 2030."
        ),
        "unit": "percent",
        "comparators": {"2025": "gte", "2030": "gte"},
        "values": {"2025": "27", "2030": "30"},
        "verified": False,
        "partial": False,
    }
    assert nobody.get("/api/v1/frameworks/").status_code == 403


def test_the_api_adopts_a_target_with_the_provinces_own_level(directors):
    officer = api_client(user_in_role("officer", "provincial_officer"))
    viewer = api_client(user_in_role("leader", "viewer"))
    url = f"/api/v1/indicators/{directors.pk}/adopt-framework-target/"
    given = {"framework": NSGE, "target": "2.3", "values": {"2025": "37"}}

    forbidden = viewer.post(url, given, format="json")
    unknown = officer.post(url, {**given, "target": "2.9"}, format="json")
    response = officer.post(url, given, format="json")

    assert forbidden.status_code == 403
    assert (unknown.status_code, unknown.json()) == (
        400,
        {"target": ['The framework NSGE-2021-2030 has no target "2.9".']},
    )
    assert response.status_code == 200
    [target] = response.json()
    assert {k: target[k] for k in ("year", "value", "national_value", "framework_target")} == {
        "year": 2025,
        "value": "37",
        "national_value": "27",
        "framework_target": "NSGE-2021-2030:2.3",
    }
    assert target["source_text"] == DIRECTORS_WORDING
