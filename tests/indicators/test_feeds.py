"""Indicators fed by care-model reports: derived figures, kept current, not hand-editable."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from care.models import CareModelReport
from care.services import (
    care_model_report_create,
    care_model_report_delete,
    care_model_report_update,
    care_model_update,
)
from indicators.actuals import Actuals
from indicators.models import (
    FEED_NEEDS_COUNT_FLOW,
    Accumulation,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
    Unit,
)
from indicators.services import (
    HAND_EDIT_REFUSED,
    FigureInput,
    indicator_save,
    measurement_delete,
    measurement_save,
)
from programmes.models import AreaLevel
from tests.factories import (
    AreaFactory,
    CareModelFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def tree():
    province = AreaFactory(code="PV", name="Tỉnh", level=AreaLevel.PROVINCE)
    district = AreaFactory(code="PV-1", name="Huyện", level=AreaLevel.DISTRICT, parent=province)
    first = AreaFactory(code="PV-1-1", name="Xã Một", level=AreaLevel.COMMUNE, parent=district)
    second = AreaFactory(code="PV-1-2", name="Xã Hai", level=AreaLevel.COMMUNE, parent=district)
    return province, district, first, second


@pytest.fixture
def phase(tree):
    return PhaseFactory(programme=ProgrammeFactory(area=tree[0]), start_year=2016, end_year=2020)


def fed_indicator(phase, measure="beneficiaries", kind="community_rehabilitation", **fields):
    return IndicatorFactory(
        objective=ObjectiveFactory(phase=phase),
        unit=Unit.COUNT,
        accumulation=Accumulation.FLOW,
        source=IndicatorSource.CARE_MODELS,
        care_model_kind=kind,
        care_model_measure=measure,
        **fields,
    )


def report(model, period, girls, boys, **fields) -> CareModelReport:
    return care_model_report_create(
        care_model=model,
        period=period,
        beneficiaries_female=girls,
        beneficiaries_male=boys,
        **fields,
    )


def figures(indicator) -> dict[tuple[str, str, str], Decimal]:
    return {
        (m.area.code, m.period, m.sex): m.value
        for m in Measurement.objects.filter(indicator=indicator).select_related("area")
    }


def test_derived_figures_are_the_sums_of_their_reports_by_area_year_and_sex(tree, phase):
    _province, _district, first, second = tree
    indicator = fed_indicator(phase)
    one = CareModelFactory(area=first)
    two = CareModelFactory(area=first)
    three = CareModelFactory(area=second)
    other_kind = CareModelFactory(area=first, kind="foster_care")
    report(one, "2020", 3, 4)
    report(two, "2020S1", 1, 2)
    report(two, "2020S2", 2, 2)
    report(three, "2019", 5, 0)
    report(other_kind, "2020", 9, 9)

    assert figures(indicator) == {
        ("PV-1-1", "2020", "female"): D(6),
        ("PV-1-1", "2020", "male"): D(8),
        ("PV-1-1", "2020", "total"): D(14),
        ("PV-1-2", "2019", "female"): D(5),
        ("PV-1-2", "2019", "male"): D(0),
        ("PV-1-2", "2019", "total"): D(5),
    }


def test_an_outcome_is_derived_as_a_total_only(tree, phase):
    indicator = fed_indicator(phase, measure="function_improved")
    model = CareModelFactory(area=tree[2])
    report(model, "2018", 3, 4, function_improved=5)
    report(model, "2019", 3, 4)  # no outcome given: no figure

    assert figures(indicator) == {("PV-1-1", "2018", "total"): D(5)}


def test_a_changed_report_changes_its_figure_and_a_deleted_one_removes_it(tree, phase):
    indicator = fed_indicator(phase)
    first_model = CareModelFactory(area=tree[2])
    second_model = CareModelFactory(area=tree[2])
    changed = report(first_model, "2020", 3, 4)
    report(second_model, "2020", 1, 1)

    care_model_report_update(report=changed, beneficiaries_female=10)
    assert figures(indicator)[("PV-1-1", "2020", "total")] == D(16)

    care_model_report_delete(report=changed)
    assert figures(indicator)[("PV-1-1", "2020", "female")] == D(1)

    care_model_report_delete(report=CareModelReport.objects.get())
    assert figures(indicator) == {}


def test_a_report_change_that_would_alter_an_approved_derived_figure_is_refused(tree, phase):
    indicator = fed_indicator(phase)
    model = CareModelFactory(area=tree[2])
    changed = report(model, "2020", 3, 4)
    Measurement.objects.filter(indicator=indicator, sex="total").update(
        status=MeasurementStatus.APPROVED
    )
    history_rows = Measurement.history.count()

    with pytest.raises(ValidationError) as refused:
        care_model_report_update(report=changed, beneficiaries_female=10)
    with pytest.raises(ValidationError):
        care_model_report_delete(report=CareModelReport.objects.get())

    assert refused.value.messages == [
        f"This change would alter the approved figure of indicator {indicator.code} for "
        "Xã Một, 2020; a provincial officer must reopen that figure first."
    ]
    assert CareModelReport.objects.get().beneficiaries_female == 3
    assert figures(indicator)[("PV-1-1", "2020", "total")] == D(7)
    assert Measurement.history.count() == history_rows


def test_derived_figures_enter_the_audit_trail_with_a_new_version(tree, phase):
    indicator = fed_indicator(phase)
    changed = report(CareModelFactory(area=tree[2]), "2020", 3, 4)
    total = Measurement.objects.get(indicator=indicator, sex="total")

    care_model_report_update(report=changed, beneficiaries_female=10)

    total.refresh_from_db()
    assert (total.value, total.version) == (D(14), 2)
    assert [row.value for row in total.history.order_by("history_id")] == [D(7), D(14)]


def test_a_report_moving_to_another_year_moves_its_figure(tree, phase):
    indicator = fed_indicator(phase)
    saved = report(CareModelFactory(area=tree[2]), "2019", 3, 4)

    care_model_report_update(report=saved, period="2020")

    assert set(figures(indicator)) == {
        ("PV-1-1", "2020", "female"),
        ("PV-1-1", "2020", "male"),
        ("PV-1-1", "2020", "total"),
    }


def test_a_model_moving_to_another_area_moves_its_figures(tree, phase):
    indicator = fed_indicator(phase)
    model = CareModelFactory(area=tree[2])
    report(model, "2020", 3, 4)

    care_model_update(care_model=model, area=tree[3])

    assert figures(indicator) == {
        ("PV-1-2", "2020", "female"): D(3),
        ("PV-1-2", "2020", "male"): D(4),
        ("PV-1-2", "2020", "total"): D(7),
    }


def test_reports_outside_the_phase_or_the_programmes_area_are_left_out(tree, phase):
    indicator = fed_indicator(phase)
    elsewhere = AreaFactory(code="OTHER", name="Tỉnh khác")
    report(CareModelFactory(area=tree[2], started_on=datetime.date(2014, 1, 1)), "2015", 1, 1)
    report(CareModelFactory(area=elsewhere), "2020", 1, 1)

    assert figures(indicator) == {}


def test_declaring_the_feed_replaces_the_figures_with_the_derived_ones(tree, phase):
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(phase=phase), unit=Unit.COUNT, accumulation=Accumulation.FLOW
    )
    MeasurementFactory(indicator=indicator, area=tree[3], period="2018", value=D(99))
    report(CareModelFactory(area=tree[2]), "2020", 3, 4)
    assert figures(indicator) == {("PV-1-2", "2018", "total"): D(99)}

    indicator.source = IndicatorSource.CARE_MODELS
    indicator.care_model_kind = "community_rehabilitation"
    indicator.care_model_measure = "beneficiaries"
    indicator_save(indicator=indicator)

    assert figures(indicator) == {
        ("PV-1-1", "2020", "female"): D(3),
        ("PV-1-1", "2020", "male"): D(4),
        ("PV-1-1", "2020", "total"): D(7),
    }


def test_derived_figures_roll_up_to_the_district_and_province(tree, phase):
    province, district, first, second = tree
    indicator = fed_indicator(phase)
    report(CareModelFactory(area=first), "2020", 3, 4)
    report(CareModelFactory(area=second), "2020S1", 2, 2)
    report(CareModelFactory(area=second), "2020S2", 1, 0)

    actuals = Actuals(indicators=[indicator], root=province, years=[2020])

    assert actuals.get(indicator, province, 2020).value == D(12)
    assert actuals.get(indicator, district, 2020).child_areas == 2


def test_hand_edits_of_a_fed_indicator_are_refused_and_nothing_changes(tree, phase):
    indicator = fed_indicator(phase)
    report(CareModelFactory(area=tree[2]), "2020", 3, 4)
    message = HAND_EDIT_REFUSED % {"indicator": indicator.code}

    with pytest.raises(ValidationError) as caught:
        measurement_save(
            figure=FigureInput(indicator=indicator, area=tree[2], period="2020", value=D(50))
        )
    assert caught.value.message_dict["indicator"] == [message]

    derived = Measurement.objects.get(indicator=indicator, sex="total")
    with pytest.raises(ValidationError) as caught:
        measurement_delete(measurement=derived)
    assert caught.value.message_dict == {"indicator": [message]}
    assert figures(indicator)[("PV-1-1", "2020", "total")] == D(7)
    assert Measurement.objects.filter(indicator=indicator).count() == 3


def test_a_fed_indicator_must_be_a_count_that_flows(phase):
    indicator = fed_indicator(phase)
    indicator.unit = Unit.PERCENT

    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["source"] == [str(FEED_NEEDS_COUNT_FLOW)]


def test_a_report_write_recomputes_in_a_fixed_number_of_queries(
    tree, phase, django_assert_max_num_queries
):
    fed_indicator(phase)
    fed_indicator(phase, measure="function_improved")
    busy, quiet = CareModelFactory(area=tree[2]), CareModelFactory(area=tree[2])
    report(busy, "2016", 3, 4, function_improved=1)
    with django_assert_max_num_queries(20) as first:
        report(quiet, "2016", 1, 1, function_improved=1)

    for year in range(2017, 2021):
        report(busy, str(year), 3, 4, function_improved=1)
        report(CareModelFactory(area=tree[3]), str(year), 3, 4, function_improved=1)
    with django_assert_max_num_queries(len(first.captured_queries)):
        report(quiet, "2017", 1, 1, function_improved=1)
