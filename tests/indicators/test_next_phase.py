"""Planning the next phase from the last one: `next_phase_create` and `phases/{id}/next-phase/`."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator, MeasurementStatus, Target, Unit
from indicators.services import next_phase_create
from indicators.services.next_phase import (
    NEXT_PHASE_EXISTS,
    NEXT_PHASE_NAME_TAKEN,
    NEXT_PHASE_OVERLAPS,
    NEXT_PHASE_OVERLAPS_OTHER,
)
from programmes.models import Objective, Phase
from tests.api_support import api_client
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    TargetFactory,
)
from tests.users import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def old():
    """2016–2020 with four indicators: approved and draft figures, a draft only, a target
    without figures, and an indicator with neither a target nor figures."""
    province = AreaFactory(code="MH", name="Tỉnh Minh Hòa")
    district = AreaFactory(code="MH-01", name="Huyện Một", parent=province, level="district")
    phase = PhaseFactory(programme__area=province, programme__code="BDG")
    first = ObjectiveFactory(phase=phase, number=1, title="Chính trị")
    second = ObjectiveFactory(phase=phase, number=2, title="Kinh tế")
    leaders = IndicatorFactory(objective=first, code="1.1", name="Nữ lãnh đạo")
    owners = IndicatorFactory(objective=second, code="2.2", name="Nữ chủ doanh nghiệp")
    births = IndicatorFactory(
        objective=second,
        code="2.3",
        name="Tỷ số giới tính khi sinh",
        unit=Unit.PER_100,
        direction="decrease",
    )
    IndicatorFactory(objective=second, code="2.4", name="Nữ được vay vốn", unit=Unit.COUNT)
    TargetFactory(indicator=leaders, value=D("95"), source_text="đạt 95%")
    TargetFactory(indicator=owners, value=D("35"))
    TargetFactory(indicator=births, comparator="lte", value=D("115"))
    approved = MeasurementStatus.APPROVED
    MeasurementFactory(indicator=leaders, period="2019", value=D("88"), status=approved)
    MeasurementFactory(indicator=leaders, period="2020", value=D("90"))  # a draft
    # 2.2 has drafts only, in the district: the province's actual rolls up from it.
    MeasurementFactory(
        indicator=owners,
        area=district,
        period="2020",
        value=D("32.9"),
        numerator=D("329"),
        denominator=D("1000"),
    )
    return phase


def plan(phase: Phase, **given) -> Phase:
    return next_phase_create(
        phase=phase, **{"name": "2021–2025", "start_year": 2021, "end_year": 2025, **given}
    )


def test_objectives_and_indicators_are_carried_over_each_continuing_its_old_one(old):
    new = plan(old)

    assert (new.programme, new.previous, new.start_year, new.end_year, new.plan_status) == (
        old.programme,
        old,
        2021,
        2025,
        "draft",
    )
    assert list(new.objectives.values_list("number", "title")) == [(1, "Chính trị"), (2, "Kinh tế")]
    carried = Indicator.objects.filter(phase=new).order_by("code")
    assert [
        (i.objective.number, i.code, i.name, i.unit, i.direction, i.previous.code, i.previous.phase)
        for i in carried
    ] == [
        (1, "1.1", "Nữ lãnh đạo", "percent", "increase", "1.1", old),
        (2, "2.2", "Nữ chủ doanh nghiệp", "percent", "increase", "2.2", old),
        (2, "2.3", "Tỷ số giới tính khi sinh", "per_100", "decrease", "2.3", old),
        (2, "2.4", "Nữ được vay vốn", "count", "increase", "2.4", old),
    ]


def test_each_target_proposes_the_old_value_from_the_last_actual_approved_where_there_is_one(old):
    new = plan(old)

    targets = Target.objects.filter(indicator__phase=new).order_by("indicator__code")
    assert [
        (
            t.indicator.code,
            t.area.code,
            t.year,
            t.comparator,
            t.value,
            t.baseline_value,
            t.baseline_year,
            t.baseline_provisional,
            t.source_text,
        )
        for t in targets
    ] == [
        # The approved 2019 figure, not the 2020 draft.
        ("1.1", "MH", 2025, "gte", D("95"), D("88"), 2019, False, ""),
        # Drafts only: the 2020 actual rolled up from the district, provisional.
        ("2.2", "MH", 2025, "gte", D("35"), D("32.9"), 2020, True, ""),
        # A target without figures: the old value, no baseline.
        ("2.3", "MH", 2025, "lte", D("115"), None, None, False, ""),
    ]  # 2.4 had neither a target nor a figure: nothing to propose


def test_an_indicator_without_a_target_proposes_to_hold_its_last_actual(old):
    loans = Indicator.objects.get(phase=old, code="2.4")
    MeasurementFactory(indicator=loans, period="2018", value=D("120"))

    new = plan(old)

    target = Target.objects.get(indicator__phase=new, indicator__code="2.4")
    assert (target.comparator, target.value, target.baseline_value, target.baseline_year) == (
        "gte",
        D("120"),
        D("120"),
        2018,
    )


def counts() -> list[int]:
    return [m.objects.count() for m in (Phase, Objective, Indicator, Target)]


def refusal(phase: Phase, **given) -> dict:
    before = counts()
    with pytest.raises(ValidationError) as refused:
        plan(phase, **given)
    assert counts() == before
    return refused.value.message_dict


def test_years_overlapping_the_old_phase_are_refused_and_nothing_is_written(old):
    assert refusal(old, name="2020–2025", start_year=2020) == {
        "start_year": [
            NEXT_PHASE_OVERLAPS
            % {"start": 2020, "end": 2025, "phase": "2016–2020", "phase_end": 2020}
        ]
    }


def test_years_overlapping_another_phase_of_the_programme_are_refused(old):
    PhaseFactory(programme=old.programme, name="Kế hoạch 2024–2026", start_year=2024, end_year=2026)

    assert refusal(old) == {
        "start_year": [
            NEXT_PHASE_OVERLAPS_OTHER
            % {
                "start": 2021,
                "end": 2025,
                "other": "Kế hoạch 2024–2026",
                "other_start": 2024,
                "other_end": 2026,
            }
        ]
    }


def test_a_name_the_programme_uses_is_refused_and_nothing_is_written(old):
    PhaseFactory(programme=old.programme, name="2021–2025", start_year=2031, end_year=2035)

    assert refusal(old) == {"name": [NEXT_PHASE_NAME_TAKEN % {"name": "2021–2025"}]}


def test_a_phase_continued_already_is_not_planned_twice(old):
    plan(old)

    assert refusal(old, name="2026–2030", start_year=2026, end_year=2030) == {
        "non_field_errors": [NEXT_PHASE_EXISTS % {"phase": "2016–2020", "next": "2021–2025"}]
    }


def test_an_end_before_the_start_is_refused(old):
    assert refusal(old, start_year=2025, end_year=2021) == {
        "end_year": ["A phase cannot end before it starts."]
    }


def test_the_api_answers_201_with_the_new_phase_and_its_proposed_targets(
    old, django_assert_max_num_queries
):
    client = api_client(user_in_role("officer", "provincial_officer"))

    # A one-off write through the services, each indicator and target checked and
    # recorded in its history: the queries grow with the indicators, not with the figures.
    with django_assert_max_num_queries(200):
        response = client.post(
            f"/api/v1/phases/{old.pk}/next-phase/",
            {"name": "2021–2025", "start_year": 2021, "end_year": 2025},
            format="json",
        )

    assert response.status_code == 201
    new = Phase.objects.get(name="2021–2025")
    data = response.json()
    assert {k: data[k] for k in ("id", "name", "start_year", "end_year", "previous")} == {
        "id": new.pk,
        "name": "2021–2025",
        "start_year": 2021,
        "end_year": 2025,
        "previous": old.pk,
    }
    assert data["plan_status"] == "draft"
    assert [
        (t["area"], t["year"], t["value"], t["baseline_value"], t["baseline_provisional"])
        for t in data["targets"]
    ] == [
        ("MH", 2025, "95", "88", False),
        ("MH", 2025, "35", "32.9", True),
        ("MH", 2025, "115", None, False),
    ]


def test_the_api_refuses_an_overlap_with_400_and_writes_nothing(old):
    client = api_client(user_in_role("officer", "provincial_officer"))
    before = counts()

    response = client.post(
        f"/api/v1/phases/{old.pk}/next-phase/",
        {"name": "2019–2023", "start_year": 2019, "end_year": 2023},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "start_year": ["The new phase (2019–2023) must start after 2016–2020 ends (2020)."]
    }
    assert counts() == before


@pytest.mark.parametrize("role", ["viewer", "data_entry"])
def test_only_those_who_may_add_phases_plan_the_next_one(old, role):
    client = api_client(user_in_role("someone", role, ["MH"] if role == "data_entry" else []))

    response = client.post(
        f"/api/v1/phases/{old.pk}/next-phase/",
        {"name": "2021–2025", "start_year": 2021, "end_year": 2025},
        format="json",
    )

    assert response.status_code == 403
    assert not Phase.objects.filter(name="2021–2025").exists()
