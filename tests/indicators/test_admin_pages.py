"""The admin pages for indicators, targets and figures: query counts, names, inlines, search, filters."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, MeasurementStatus, Sex, Target, Unit
from indicators.services import (
    PERCENT_OVER_100,
)
from programmes.models import AreaLevel
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
)
from tests.indicators.admin_support import (
    changelist_ids,
    count_queries,
)

pytestmark = pytest.mark.django_db


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
        "decimals": "1",
        "direction": "increase",
        "accumulation": "stock",
        "reporting_frequency": "year",
        "phase_aggregate": "end_value",
        "previous": "",
        "definition": "",
        "data_source": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-area": ha_nam.pk,
        "targets-0-year": "2020",
        "targets-0-sex": "total",
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
        "phase_aggregate": "end_value",
        "previous": "",
        "definition": "",
        "data_source": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-area": ha_nam.pk,
        "targets-0-year": "2020",
        "targets-0-sex": "total",
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
