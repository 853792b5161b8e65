"""The admin for indicators, targets and figures, and the grid to enter figures."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Measurement, MeasurementStatus, Sex, Target, Unit
from indicators.services import (
    AREA_NOT_VALID,
    FIGURE_LOCKED,
    PERCENT_OVER_100,
    PERIOD_MALFORMED,
    PERIOD_OUTSIDE_PHASE,
    SEX_SUM_MISMATCH,
    VALUE_NEGATIVE,
    YEAR_OUTSIDE_PHASE,
)
from programmes.models import AreaLevel
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


# --- helpers and data -----------------------------------------------------------------


def count_queries(client, url: str) -> int:
    """Queries one GET of `url` runs; the page must render."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def changelist_ids(response) -> list[int]:
    return sorted(obj.pk for obj in response.context["cl"].result_list)


def form_errors(response) -> dict:
    """The errors of the admin form on a re-rendered add or change page."""
    assert response.status_code == 200
    return response.context["adminform"].form.errors


@pytest.fixture
def ha_nam():
    return AreaFactory(code="35", name="Hà Nam", valid_from=datetime.date(1997, 1, 1))


@pytest.fixture
def phase(ha_nam):
    return PhaseFactory(programme=ProgrammeFactory(area=ha_nam), start_year=2016, end_year=2020)


@pytest.fixture
def objective(phase):
    return ObjectiveFactory(phase=phase, number=2, title="Kinh tế, lao động")


@pytest.fixture
def percent(objective):
    return IndicatorFactory(
        objective=objective, code="2.2", name="Tỷ lệ nữ chủ doanh nghiệp", unit=Unit.PERCENT
    )


@pytest.fixture
def count(objective):
    return IndicatorFactory(
        objective=objective, code="2.3", name="Số lao động được đào tạo nghề", unit=Unit.COUNT
    )


def figure_data(indicator: Indicator, area, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "area": area.pk,
        "period": "2020",
        "sex": Sex.TOTAL,
        "value": "10",
        "numerator": "",
        "denominator": "",
        "note": "",
    }
    return {**data, **changes}


def target_data(indicator: Indicator, area, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "area": area.pk,
        "year": "2020",
        "comparator": "gte",
        "value": "35",
        "baseline_value": "",
        "baseline_year": "",
        "source_text": "",
    }
    return {**data, **changes}


# --- every page renders in a fixed number of queries ---------------------------------

FACTORIES = {
    "indicator": IndicatorFactory,
    "target": TargetFactory,
    "measurement": MeasurementFactory,
}


@pytest.mark.parametrize("model_name", FACTORIES)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    factory = FACTORIES[model_name]
    factory()
    url = reverse(f"admin:indicators_{model_name}_changelist")
    with_one = count_queries(admin_client, url)
    factory.create_batch(29)

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30


@pytest.mark.parametrize("model_name", FACTORIES)
def test_add_page_renders_for_a_superuser(admin_client, model_name):
    response = admin_client.get(reverse(f"admin:indicators_{model_name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", FACTORIES)
def test_change_page_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    factory = FACTORIES[model_name]
    obj = factory()
    url = reverse(f"admin:indicators_{model_name}_change", args=[obj.pk])
    with_one = count_queries(admin_client, url)
    factory.create_batch(29)

    with django_assert_max_num_queries(with_one):
        admin_client.get(url)


def test_indicator_page_query_count_does_not_grow_with_its_targets(
    admin_client, django_assert_max_num_queries, percent
):
    TargetFactory(indicator=percent, area=AreaFactory())
    url = reverse("admin:indicators_indicator_change", args=[percent.pk])
    with_one = count_queries(admin_client, url)
    for _ in range(29):
        TargetFactory(indicator=percent, area=AreaFactory())

    with django_assert_max_num_queries(with_one):
        admin_client.get(url)


# --- readable names -------------------------------------------------------------------


def test_figure_list_shows_indicator_area_and_value_with_its_unit(admin_client, percent, ha_nam):
    MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("32.9"))

    response = admin_client.get(reverse("admin:indicators_measurement_changelist"))

    content = response.content.decode()
    assert "Tỷ lệ nữ chủ doanh nghiệp" in content
    assert "Hà Nam" in content
    assert "32.9%" in content


def test_objective_choices_on_the_indicator_page_name_their_phase(admin_client, objective):
    response = admin_client.get(reverse("admin:indicators_indicator_add"))

    choices = [
        label for _value, label in response.context["adminform"].form.fields["objective"].choices
    ]
    assert f"{objective.phase} · Objective 2: Kinh tế, lao động" in choices


# --- inlines --------------------------------------------------------------------------


def test_indicator_page_shows_its_targets_inline(admin_client, percent, ha_nam):
    TargetFactory(indicator=percent, area=ha_nam, year=2018, value=Decimal("30"))
    TargetFactory(indicator=percent, area=ha_nam, year=2020, value=Decimal("35"))

    response = admin_client.get(reverse("admin:indicators_indicator_change", args=[percent.pk]))

    inline = response.context["inline_admin_formsets"][0]
    rows = [(form.instance.year, form.instance.value) for form in inline.formset.forms[:2]]
    assert rows == [(2018, Decimal("30.0000")), (2020, Decimal("35.0000"))]
    assert "Hà Nam" in response.content.decode()  # the area's label, loaded with the row


def test_targets_can_be_added_on_the_indicator_page(admin_client, percent, ha_nam):
    data = {
        "objective": percent.objective_id,
        "code": percent.code,
        "name": percent.name,
        "unit": Unit.PERCENT,
        "direction": "increase",
        "accumulation": "stock",
        "previous": "",
        "definition": "",
        "data_source": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-area": ha_nam.pk,
        "targets-0-year": "2020",
        "targets-0-comparator": "gte",
        "targets-0-value": "35",
        "targets-0-baseline_value": "25.2",
        "targets-0-baseline_year": "2015",
    }

    response = admin_client.post(
        reverse("admin:indicators_indicator_change", args=[percent.pk]), data
    )

    assert response.status_code == 302
    assert list(percent.targets.values_list("year", "value", "baseline_value")) == [
        (2020, Decimal("35.0000"), Decimal("25.2000"))
    ]


def test_a_bad_target_on_the_indicator_add_page_saves_neither(admin_client, objective, ha_nam):
    data = {
        "objective": objective.pk,
        "code": "2.9",
        "name": "Tỷ lệ mới",
        "unit": Unit.PERCENT,
        "direction": "increase",
        "accumulation": "stock",
        "previous": "",
        "definition": "",
        "data_source": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-area": ha_nam.pk,
        "targets-0-year": "2020",
        "targets-0-comparator": "gte",
        "targets-0-value": "135",
    }

    response = admin_client.post(reverse("admin:indicators_indicator_add"), data)

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.errors == [{"value": [str(PERCENT_OVER_100)]}]
    assert Indicator.objects.count() == 0
    assert Target.objects.count() == 0


# --- search ---------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["Ha Nam", "ha nam", "Hà Nam"])
def test_figure_search_finds_the_area_without_accents(admin_client, percent, ha_nam, term):
    figure = MeasurementFactory(indicator=percent, area=ha_nam)
    MeasurementFactory(indicator=percent, area=AreaFactory(name="Hà Nội"))

    response = admin_client.get(reverse("admin:indicators_measurement_changelist"), {"q": term})

    assert changelist_ids(response) == [figure.pk]


@pytest.mark.parametrize("term", ["Ha Nam", "hà nam"])
def test_target_search_finds_the_area_without_accents(admin_client, percent, ha_nam, term):
    target = TargetFactory(indicator=percent, area=ha_nam)
    TargetFactory(indicator=percent, area=AreaFactory(name="Hà Nội"))

    response = admin_client.get(reverse("admin:indicators_target_changelist"), {"q": term})

    assert changelist_ids(response) == [target.pk]


def test_indicator_search_ignores_accents(admin_client, percent, count):
    response = admin_client.get(
        reverse("admin:indicators_indicator_changelist"), {"q": "nu chu doanh nghiep"}
    )

    assert changelist_ids(response) == [percent.pk]


def test_figure_search_finds_an_indicator_code(admin_client, percent, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam)
    MeasurementFactory(indicator=percent, area=ha_nam)

    response = admin_client.get(reverse("admin:indicators_measurement_changelist"), {"q": "2.3"})

    assert changelist_ids(response) == [figure.pk]


# --- filters --------------------------------------------------------------------------


@pytest.fixture
def two_programmes_of_figures(percent, ha_nam):
    """One figure in Hà Nam's phase and one in another programme's phase."""
    here = MeasurementFactory(indicator=percent, area=ha_nam)
    elsewhere = MeasurementFactory()
    return here, elsewhere


def test_figure_list_filters_by_programme(admin_client, two_programmes_of_figures, phase):
    here, _elsewhere = two_programmes_of_figures

    response = admin_client.get(
        reverse("admin:indicators_measurement_changelist"),
        {"indicator__phase__programme__id__exact": phase.programme_id},
    )

    assert changelist_ids(response) == [here.pk]


def test_figure_list_filters_by_phase(admin_client, two_programmes_of_figures, phase):
    here, _elsewhere = two_programmes_of_figures

    response = admin_client.get(
        reverse("admin:indicators_measurement_changelist"),
        {"indicator__phase__id__exact": phase.pk},
    )

    assert changelist_ids(response) == [here.pk]


def test_figure_list_filters_by_area_and_everything_below_it(admin_client, percent, ha_nam):
    district = AreaFactory(name="Phủ Lý", level=AreaLevel.DISTRICT, parent=ha_nam)
    commune = AreaFactory(name="Lam Hạ", level=AreaLevel.COMMUNE, parent=district)
    other_district = AreaFactory(name="Kim Bảng", level=AreaLevel.DISTRICT, parent=ha_nam)
    in_district = MeasurementFactory(indicator=percent, area=district)
    in_commune = MeasurementFactory(indicator=percent, area=commune)
    MeasurementFactory(indicator=percent, area=other_district)
    MeasurementFactory(indicator=percent, area=ha_nam)

    response = admin_client.get(
        reverse("admin:indicators_measurement_changelist"), {"area": district.pk}
    )

    assert changelist_ids(response) == sorted([in_district.pk, in_commune.pk])


def test_area_filter_offers_provinces_and_districts_but_not_communes(admin_client, ha_nam):
    district = AreaFactory(name="Phủ Lý", level=AreaLevel.DISTRICT, parent=ha_nam)
    AreaFactory(name="Lam Hạ", level=AreaLevel.COMMUNE, parent=district)

    response = admin_client.get(reverse("admin:indicators_measurement_changelist"))

    area_filter = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "area")
    assert [label for _value, label in area_filter.lookup_choices] == ["Hà Nam", "Phủ Lý"]


def test_figure_list_filters_by_year(admin_client, percent, ha_nam):
    in_2019 = MeasurementFactory(indicator=percent, area=ha_nam, period="2019S2")
    MeasurementFactory(indicator=percent, area=ha_nam, period="2020")

    response = admin_client.get(reverse("admin:indicators_measurement_changelist"), {"year": 2019})

    assert changelist_ids(response) == [in_2019.pk]


def test_figure_list_filters_by_sex(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.TOTAL, value=8)
    female = MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=3)
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.MALE, value=5)

    response = admin_client.get(
        reverse("admin:indicators_measurement_changelist"), {"sex__exact": Sex.FEMALE}
    )

    assert changelist_ids(response) == [female.pk]


def test_figure_list_filters_by_status(admin_client, percent, ha_nam):
    approved = MeasurementFactory(
        indicator=percent, area=ha_nam, period="2019", status=MeasurementStatus.APPROVED
    )
    MeasurementFactory(indicator=percent, area=ha_nam, period="2020")

    response = admin_client.get(
        reverse("admin:indicators_measurement_changelist"),
        {"status__exact": MeasurementStatus.APPROVED},
    )

    assert changelist_ids(response) == [approved.pk]


def test_target_list_filters_by_phase_area_and_year(admin_client, percent, phase, ha_nam):
    wanted = TargetFactory(indicator=percent, area=ha_nam, year=2020)
    TargetFactory(indicator=percent, area=ha_nam, year=2018)
    TargetFactory(indicator=percent, area=AreaFactory(), year=2020)
    TargetFactory(year=2020)

    response = admin_client.get(
        reverse("admin:indicators_target_changelist"),
        {"indicator__phase__id__exact": phase.pk, "area": ha_nam.pk, "year": 2020},
    )

    assert changelist_ids(response) == [wanted.pk]


def test_indicator_list_filters_by_programme_and_phase(admin_client, percent, phase):
    IndicatorFactory()

    response = admin_client.get(
        reverse("admin:indicators_indicator_changelist"),
        {"phase__programme__id__exact": phase.programme_id, "phase__id__exact": phase.pk},
    )

    assert changelist_ids(response) == [percent.pk]


# --- adding and changing a figure -----------------------------------------------------


def test_adding_a_figure_saves_it_through_the_service(admin_client, superuser, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="1250")
    )

    assert response.status_code == 302
    figure = Measurement.objects.get()
    assert (figure.period, figure.year, figure.value, figure.status) == (
        "2020",
        2020,
        Decimal("1250.0000"),
        MeasurementStatus.DRAFT,
    )
    assert figure.created_by == superuser


def test_a_rate_can_be_added_from_its_numerator_and_denominator(admin_client, percent, ha_nam):
    data = figure_data(percent, ha_nam, value="", numerator="329", denominator="1000")

    response = admin_client.post(reverse("admin:indicators_measurement_add"), data)

    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("32.9000")


def test_changing_a_figure_saves_the_new_value_and_who_changed_it(
    admin_client, superuser, count, ha_nam
):
    figure = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("10"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[figure.pk]),
        {"value": "12", "numerator": "", "denominator": "", "note": "Số liệu điều tra lại"},
    )

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.note, figure.updated_by) == (
        Decimal("12.0000"),
        "Số liệu điều tra lại",
        superuser,
    )


def test_figure_keys_and_status_are_read_only_on_the_change_page(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam)

    response = admin_client.get(reverse("admin:indicators_measurement_change", args=[figure.pk]))

    assert sorted(response.context["adminform"].form.fields) == [
        "denominator",
        "note",
        "numerator",
        "read_version",
        "value",
    ]


def test_status_is_not_editable_when_adding_a_figure(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_add"))

    assert "status" not in response.context["adminform"].form.fields


# --- bad figures are refused with the service's message and nothing is saved --------


@pytest.fixture
def communes_of_2020(ha_nam):
    """A commune merged away at the end of 2015."""
    return AreaFactory(
        name="Xã Liêm Tuyền",
        level=AreaLevel.COMMUNE,
        parent=ha_nam,
        valid_to=datetime.date(2015, 12, 31),
    )


def test_a_negative_count_is_refused(admin_client, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="-5")
    )

    assert form_errors(response) == {"value": [str(VALUE_NEGATIVE)]}
    assert Measurement.objects.count() == 0


def test_a_percent_over_100_is_refused(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(percent, ha_nam, value="100.5")
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("period", ["2020S3", "20", "2020S12"])
def test_a_malformed_period_is_refused(admin_client, count, ha_nam, period):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, period=period)
    )

    assert form_errors(response) == {"period": [str(PERIOD_MALFORMED % {"period": period})]}
    assert Measurement.objects.count() == 0


def test_a_period_outside_the_phase_is_refused(admin_client, count, ha_nam, phase):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, period="2021S1")
    )

    message = PERIOD_OUTSIDE_PHASE % {
        "period": "2021S1",
        "phase": phase.name,
        "start": 2016,
        "end": 2020,
    }
    assert form_errors(response) == {"period": [str(message)]}
    assert Measurement.objects.count() == 0


def test_an_area_that_did_not_exist_in_the_period_is_refused(admin_client, count, communes_of_2020):
    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, communes_of_2020)
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": "2020"}
    assert form_errors(response) == {"area": [str(message)]}
    assert Measurement.objects.count() == 0


def test_a_total_that_is_not_female_plus_male_is_refused(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("3"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.MALE, value=Decimal("5"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="10")
    )

    message = SEX_SUM_MISMATCH % {
        "total": "10",
        "female": "3",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    assert form_errors(response) == {"sex": [str(message)]}
    assert Measurement.objects.count() == 2


def test_changing_a_female_figure_so_the_sum_breaks_is_refused(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.TOTAL, value=Decimal("8"))
    female = MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("3"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.MALE, value=Decimal("5"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[female.pk]),
        {"value": "4", "numerator": "", "denominator": "", "note": ""},
    )

    message = SEX_SUM_MISMATCH % {
        "total": "8",
        "female": "4",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    # `sex` is read-only on the change page, so the message stands above the form.
    assert form_errors(response) == {"__all__": [str(message)]}
    female.refresh_from_db()
    assert female.value == Decimal("3.0000")


def test_an_approved_figure_cannot_be_changed_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(
        indicator=count, area=ha_nam, value=Decimal("10"), status=MeasurementStatus.APPROVED
    )

    response = admin_client.post(
        reverse("admin:indicators_measurement_change", args=[figure.pk]),
        {"value": "11", "numerator": "", "denominator": "", "note": ""},
    )

    message = FIGURE_LOCKED % {"area": "Hà Nam", "period": "2020", "sex": "total"}
    assert form_errors(response) == {"__all__": [str(message)]}
    figure.refresh_from_db()
    assert figure.value == Decimal("10.0000")


def test_an_approved_figure_cannot_be_deleted_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam, status=MeasurementStatus.APPROVED)

    response = admin_client.post(
        reverse("admin:indicators_measurement_delete", args=[figure.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Measurement.objects.filter(pk=figure.pk).exists()


def test_a_draft_figure_can_be_deleted_in_the_admin(admin_client, count, ha_nam):
    figure = MeasurementFactory(indicator=count, area=ha_nam)

    response = admin_client.post(
        reverse("admin:indicators_measurement_delete", args=[figure.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert Measurement.objects.count() == 0


def test_bulk_delete_refuses_a_selection_with_an_approved_figure(admin_client, count, ha_nam):
    """The action says which figure is locked and deletes none of the selection."""
    draft = MeasurementFactory(indicator=count, area=ha_nam, period="2019")
    approved = MeasurementFactory(indicator=count, area=ha_nam, status=MeasurementStatus.APPROVED)

    response = admin_client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk, approved.pk], "post": "yes"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was deleted: The figure for Hà Nam, 2020, total is approved and locked; "
        "ask a provincial officer to reopen it."
    ]
    assert Measurement.objects.count() == 2


def test_bulk_delete_removes_draft_figures(admin_client, count, ha_nam):
    first = MeasurementFactory(indicator=count, area=ha_nam, period="2019")
    second = MeasurementFactory(indicator=count, area=ha_nam, period="2020")

    response = admin_client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert Measurement.objects.count() == 0


def test_the_same_figure_cannot_be_added_twice(admin_client, count, ha_nam):
    MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("10"))

    response = admin_client.post(
        reverse("admin:indicators_measurement_add"), figure_data(count, ha_nam, value="99")
    )

    assert list(form_errors(response)) == ["__all__"]
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("10.0000")]


# --- bad targets ------------------------------------------------------------------------


def test_adding_a_target_saves_it(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"),
        target_data(percent, ha_nam, baseline_value="25.2", baseline_year="2015"),
    )

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.year, target.value, target.baseline_value, target.baseline_year) == (
        2020,
        Decimal("35.0000"),
        Decimal("25.2000"),
        2015,
    )


def test_a_negative_target_is_refused(admin_client, count, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(count, ha_nam, value="-1")
    )

    assert form_errors(response) == {"value": [str(VALUE_NEGATIVE)]}
    assert Target.objects.count() == 0


def test_a_target_percent_over_100_is_refused(admin_client, percent, ha_nam):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, ha_nam, value="101")
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    assert Target.objects.count() == 0


def test_a_target_year_outside_the_phase_is_refused(admin_client, percent, ha_nam, phase):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, ha_nam, year="2025")
    )

    message = YEAR_OUTSIDE_PHASE % {"year": 2025, "phase": phase.name, "start": 2016, "end": 2020}
    assert form_errors(response) == {"year": [str(message)]}
    assert Target.objects.count() == 0


def test_a_target_for_an_area_that_did_not_exist_is_refused(
    admin_client, percent, communes_of_2020
):
    response = admin_client.post(
        reverse("admin:indicators_target_add"), target_data(percent, communes_of_2020)
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": 2020}
    assert form_errors(response) == {"area": [str(message)]}
    assert Target.objects.count() == 0


def test_changing_a_target_to_a_bad_value_keeps_the_old_one(admin_client, percent, ha_nam):
    target = TargetFactory(indicator=percent, area=ha_nam, value=Decimal("35"))

    response = admin_client.post(
        reverse("admin:indicators_target_change", args=[target.pk]),
        target_data(percent, ha_nam, value="120"),
    )

    assert form_errors(response) == {"value": [str(PERCENT_OVER_100)]}
    target.refresh_from_db()
    assert target.value == Decimal("35.0000")


# --- the grid -------------------------------------------------------------------------


def grid_url(phase, area, year: int, half: str = "") -> str:
    query = {"phase": phase.pk, "area": area.pk, "year": year, "half": half}
    return f"{reverse('admin:indicators_measurement_grid')}?{urlencode(query)}"


def grid_post(indicator: Indicator, **cells: str) -> dict:
    """POST data for one row: grid_post(count, total_value="8", female_value="3")."""
    return {f"indicator-{indicator.pk}-{name}": value for name, value in cells.items()}


def test_figure_list_links_to_the_grid(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_changelist"))

    assert reverse("admin:indicators_measurement_grid") in response.content.decode()


def test_grid_without_a_selection_shows_only_the_picker(admin_client):
    response = admin_client.get(reverse("admin:indicators_measurement_grid"))

    assert response.status_code == 200
    assert response.context["rows"] == []


def test_grid_shows_one_row_per_indicator_prefilled_with_existing_figures(
    admin_client, phase, percent, count, ha_nam
):
    MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("32.9"))
    MeasurementFactory(indicator=count, area=ha_nam, sex=Sex.FEMALE, value=Decimal("1200"))
    MeasurementFactory(indicator=count, area=ha_nam, period="2019", value=Decimal("999"))

    response = admin_client.get(grid_url(phase, ha_nam, 2020))

    rows = response.context["rows"]
    assert [row.indicator.code for row in rows] == ["2.2", "2.3"]
    assert rows[0]["total_value"].value() == Decimal("32.9")
    assert rows[0]["female_value"].value() is None
    assert rows[1]["female_value"].value() == Decimal("1200")
    assert rows[1]["total_value"].value() is None  # 2019's figure is not 2020's


def test_grid_asks_numerator_and_denominator_only_for_rates(
    admin_client, phase, percent, count, ha_nam
):
    response = admin_client.get(grid_url(phase, ha_nam, 2020))

    rate_row, count_row = response.context["rows"]
    assert "total_numerator" in rate_row.fields
    assert "total_numerator" not in count_row.fields


def test_grid_query_count_does_not_grow_with_indicators(
    admin_client, django_assert_max_num_queries, phase, objective, ha_nam
):
    first = IndicatorFactory(objective=objective)
    MeasurementFactory(indicator=first, area=ha_nam)
    url = grid_url(phase, ha_nam, 2020)
    with_one = count_queries(admin_client, url)
    for indicator in IndicatorFactory.create_batch(29, objective=objective):
        MeasurementFactory(indicator=indicator, area=ha_nam)

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert len(response.context["rows"]) == 30


def test_grid_saves_every_filled_cell_in_one_go(
    admin_client, superuser, phase, percent, count, ha_nam
):
    data = {
        **grid_post(percent, total_numerator="329", total_denominator="1000"),
        **grid_post(count, total_value="8", female_value="3", male_value="5"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 302
    assert response.url == grid_url(phase, ha_nam, 2020)
    saved = Measurement.objects.order_by("indicator__code", "sex").values_list(
        "indicator__code", "period", "sex", "value", "numerator", "denominator"
    )
    assert list(saved) == [
        ("2.2", "2020", "total", Decimal("32.9000"), Decimal("329.0000"), Decimal("1000.0000")),
        ("2.3", "2020", "female", Decimal("3.0000"), None, None),
        ("2.3", "2020", "male", Decimal("5.0000"), None, None),
        ("2.3", "2020", "total", Decimal("8.0000"), None, None),
    ]
    assert set(Measurement.objects.values_list("created_by", flat=True)) == {superuser.pk}


def test_grid_does_not_overwrite_a_figure_someone_entered_after_it_was_opened(
    admin_client, phase, count, ha_nam
):
    opened = admin_client.get(grid_url(phase, ha_nam, 2020))
    assert opened.context["rows"][0]["total_version"].value() == 0
    other = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("11"))

    response = admin_client.post(
        grid_url(phase, ha_nam, 2020),
        grid_post(count, total_value="8", total_version="0"),
    )

    assert response.status_code == 200
    assert (
        f"Someone else saved the figure for {ha_nam.name}, 2020, total after you opened it; "
        "reload it, check their change and enter yours again."
    ) in response.content.decode()
    assert list(Measurement.objects.values_list("pk", "value")) == [(other.pk, Decimal("11"))]


def test_grid_saves_a_half_year(admin_client, phase, count, ha_nam):
    response = admin_client.post(
        grid_url(phase, ha_nam, 2020, half="S1"), grid_post(count, total_value="4")
    )

    assert response.status_code == 302
    assert list(Measurement.objects.values_list("period", "value")) == [
        ("2020S1", Decimal("4.0000"))
    ]


def test_grid_updates_existing_figures_and_leaves_blank_cells_alone(
    admin_client, phase, percent, count, ha_nam
):
    kept = MeasurementFactory(indicator=percent, area=ha_nam, value=Decimal("30"), note="gốc")
    changed = MeasurementFactory(indicator=count, area=ha_nam, value=Decimal("7"), note="ghi chú")

    response = admin_client.post(grid_url(phase, ha_nam, 2020), grid_post(count, total_value="9"))

    assert response.status_code == 302
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert (kept.value, kept.note) == (Decimal("30.0000"), "gốc")
    assert (changed.value, changed.note) == (Decimal("9.0000"), "ghi chú")


def test_grid_refuses_a_sex_mismatch_and_saves_nothing(admin_client, phase, percent, count, ha_nam):
    data = {
        **grid_post(percent, total_value="32.9"),
        **grid_post(count, total_value="10", female_value="3", male_value="5"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 200
    message = SEX_SUM_MISMATCH % {
        "total": "10",
        "female": "3",
        "male": "5",
        "area": "Hà Nam",
        "period": "2020",
    }
    rate_row, count_row = response.context["rows"]
    assert count_row.non_field_errors() == [str(message)]
    assert rate_row.errors == {}
    assert Measurement.objects.count() == 0


def test_grid_refuses_a_bad_cell_and_saves_none_of_the_good_ones(
    admin_client, phase, percent, count, ha_nam
):
    data = {
        **grid_post(percent, total_value="120"),
        **grid_post(count, total_value="-4"),
    }

    response = admin_client.post(grid_url(phase, ha_nam, 2020), data)

    assert response.status_code == 200
    rate_row, count_row = response.context["rows"]
    assert rate_row.errors == {"total_value": [str(PERCENT_OVER_100)]}
    assert count_row.errors == {"total_value": [str(VALUE_NEGATIVE)]}
    assert str(PERCENT_OVER_100) in response.content.decode()
    assert Measurement.objects.count() == 0


def test_grid_refuses_text_in_a_number_cell(admin_client, phase, count, ha_nam):
    response = admin_client.post(grid_url(phase, ha_nam, 2020), grid_post(count, total_value="abc"))

    assert response.status_code == 200
    assert list(response.context["rows"][0].errors) == ["total_value"]
    assert Measurement.objects.count() == 0


def test_grid_shows_approved_figures_locked_and_never_changes_them(
    admin_client, phase, count, ha_nam
):
    approved = MeasurementFactory(
        indicator=count, area=ha_nam, value=Decimal("8"), status=MeasurementStatus.APPROVED
    )
    url = grid_url(phase, ha_nam, 2020)

    page = admin_client.get(url)
    response = admin_client.post(url, grid_post(count, total_value="99", female_value="3"))

    assert page.context["rows"][0].fields["total_value"].disabled is True
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.value == Decimal("8.0000")
    assert Measurement.objects.get(sex=Sex.FEMALE).value == Decimal("3.0000")


def test_grid_refuses_a_year_outside_the_phase(admin_client, phase, count, ha_nam):
    response = admin_client.get(grid_url(phase, ha_nam, 2021))

    message = YEAR_OUTSIDE_PHASE % {"year": 2021, "phase": phase.name, "start": 2016, "end": 2020}
    assert response.context["selection"].errors == {"year": [str(message)]}
    assert response.context["rows"] == []


def test_grid_refuses_an_area_that_did_not_exist_that_year(
    admin_client, phase, count, communes_of_2020
):
    response = admin_client.post(
        grid_url(phase, communes_of_2020, 2020), grid_post(count, total_value="1")
    )

    message = AREA_NOT_VALID % {"area": "Xã Liêm Tuyền", "period": "2020"}
    assert response.context["selection"].errors == {"area": [str(message)]}
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("codenames", [[], ["view_measurement"], ["add_measurement"]])
def test_grid_needs_permission_to_add_and_change_figures(
    client, django_user_model, phase, ha_nam, codenames
):
    user = django_user_model.objects.create_user("nhaplieu", password="pw-nhap-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    response = client.get(grid_url(phase, ha_nam, 2020))

    assert response.status_code == 403


def test_grid_opens_for_a_user_who_may_add_and_change_figures(
    client, django_user_model, phase, ha_nam
):
    user = django_user_model.objects.create_user("nhaplieu", password="pw-nhap-1", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_measurement", "change_measurement"])
    )
    client.force_login(user)

    response = client.get(grid_url(phase, ha_nam, 2020))

    assert response.status_code == 200
