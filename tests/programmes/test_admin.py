"""The admin for areas, programmes, phases and objectives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Area, AreaLevel, Objective, Phase, Programme
from tests.factories import AreaFactory, ObjectiveFactory, PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    """Queries one GET of `url` runs; the page must render."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def changelist_ids(response) -> list[int]:
    return sorted(obj.pk for obj in response.context["cl"].result_list)


# --- every page renders in a fixed number of queries ---------------------------------

PAGES = {
    "area": (AreaFactory, Area),
    "programme": (ProgrammeFactory, Programme),
    "phase": (PhaseFactory, Phase),
    "objective": (ObjectiveFactory, Objective),
}


@pytest.mark.parametrize("model_name", PAGES)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    factory, _model = PAGES[model_name]
    factory()
    url = reverse(f"admin:programmes_{model_name}_changelist")
    with_one = count_queries(admin_client, url)
    factory.create_batch(29)

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert response.context["cl"].result_count == _model.objects.count()


@pytest.mark.parametrize("model_name", PAGES)
def test_add_page_renders_for_a_superuser(admin_client, model_name):
    response = admin_client.get(reverse(f"admin:programmes_{model_name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", PAGES)
def test_change_page_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    factory, _model = PAGES[model_name]
    obj = factory()
    url = reverse(f"admin:programmes_{model_name}_change", args=[obj.pk])
    with_one = count_queries(admin_client, url)
    factory.create_batch(29)

    with django_assert_max_num_queries(with_one):
        admin_client.get(url)


def test_phase_page_query_count_does_not_grow_with_its_objectives(
    admin_client, django_assert_max_num_queries
):
    phase = PhaseFactory()
    ObjectiveFactory(phase=phase)
    url = reverse("admin:programmes_phase_change", args=[phase.pk])
    with_one = count_queries(admin_client, url)
    ObjectiveFactory.create_batch(29, phase=phase)

    with django_assert_max_num_queries(with_one):
        admin_client.get(url)


def test_programme_page_query_count_does_not_grow_with_its_phases(
    admin_client, django_assert_max_num_queries
):
    programme = ProgrammeFactory()
    PhaseFactory(programme=programme, start_year=1950, end_year=1950, name="1950")
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    with_one = count_queries(admin_client, url)
    for year in range(1951, 1980):
        PhaseFactory(programme=programme, start_year=year, end_year=year, name=str(year))

    with django_assert_max_num_queries(with_one):
        admin_client.get(url)


# --- inlines --------------------------------------------------------------------------


def test_phase_page_shows_its_objectives_inline(admin_client):
    phase = PhaseFactory()
    ObjectiveFactory(phase=phase, number=1, title="Tăng cường sự tham gia của phụ nữ")
    ObjectiveFactory(phase=phase, number=2, title="Giảm khoảng cách giới trong kinh tế")

    response = admin_client.get(reverse("admin:programmes_phase_change", args=[phase.pk]))

    inline = response.context["inline_admin_formsets"][0]
    assert [form.instance.title for form in inline.formset.forms] == [
        "Tăng cường sự tham gia của phụ nữ",
        "Giảm khoảng cách giới trong kinh tế",
    ]
    assert "Giảm khoảng cách giới trong kinh tế" in response.content.decode()


def test_objectives_can_be_added_on_the_phase_page(admin_client):
    phase = PhaseFactory()
    data = {
        "programme": phase.programme_id,
        "name": phase.name,
        "start_year": 2016,
        "end_year": 2020,
        "previous": "",
        "objectives-TOTAL_FORMS": "1",
        "objectives-INITIAL_FORMS": "0",
        "objectives-0-number": "1",
        "objectives-0-title": "Bình đẳng giới trong lĩnh vực chính trị",
    }

    response = admin_client.post(reverse("admin:programmes_phase_change", args=[phase.pk]), data)

    assert response.status_code == 302
    assert list(phase.objectives.values_list("number", "title")) == [
        (1, "Bình đẳng giới trong lĩnh vực chính trị")
    ]


def test_programme_page_shows_its_phases_inline(admin_client):
    programme = ProgrammeFactory()
    PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    PhaseFactory(programme=programme, start_year=2016, end_year=2020)

    response = admin_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))

    # The owning departments by date come first; the phases are the inline named so.
    (inline,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "phases"
    ]
    assert [form.instance.name for form in inline.formset.forms] == ["2011–2015", "2016–2020"]


# --- search and filters ---------------------------------------------------------------


@pytest.mark.parametrize("term", ["Ha Nam", "ha nam", "Hà Nam", "HÀ NAM"])
def test_area_search_ignores_accents_and_case(admin_client, term):
    ha_nam = AreaFactory(name="Hà Nam")
    AreaFactory(name="Hà Nội")
    AreaFactory(name="Nam Định")

    response = admin_client.get(reverse("admin:programmes_area_changelist"), {"q": term})

    assert changelist_ids(response) == [ha_nam.pk]


def test_area_search_still_finds_a_code(admin_client):
    area = AreaFactory(code="35", name="Hà Nam")
    AreaFactory(code="01", name="Hà Nội")

    response = admin_client.get(reverse("admin:programmes_area_changelist"), {"q": "35"})

    assert changelist_ids(response) == [area.pk]


def test_area_autocomplete_finds_an_area_without_accents(admin_client):
    ha_nam = AreaFactory(name="Hà Nam")
    AreaFactory(name="Hà Nội")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ha nam",
            "app_label": "programmes",
            "model_name": "programme",
            "field_name": "area",
        },
    )

    assert [row["id"] for row in response.json()["results"]] == [str(ha_nam.pk)]


def test_programme_search_ignores_accents(admin_client):
    programme = ProgrammeFactory(name="Chương trình bình đẳng giới")
    ProgrammeFactory(name="Chương trình bảo vệ trẻ em")

    response = admin_client.get(
        reverse("admin:programmes_programme_changelist"), {"q": "binh dang gioi"}
    )

    assert changelist_ids(response) == [programme.pk]


def test_area_list_filters_by_level(admin_client):
    province = AreaFactory(level=AreaLevel.PROVINCE)
    AreaFactory(level=AreaLevel.DISTRICT, parent=province)

    response = admin_client.get(
        reverse("admin:programmes_area_changelist"), {"level": AreaLevel.PROVINCE}
    )

    assert changelist_ids(response) == [province.pk]


def test_area_list_filters_by_the_tree_below_an_area(admin_client):
    province = AreaFactory(level=AreaLevel.PROVINCE)
    district = AreaFactory(level=AreaLevel.DISTRICT, parent=province)
    commune = AreaFactory(level=AreaLevel.COMMUNE, parent=district)
    AreaFactory(level=AreaLevel.DISTRICT, parent=province)

    response = admin_client.get(
        reverse("admin:programmes_area_changelist"), {"within": district.pk}
    )

    assert changelist_ids(response) == sorted([district.pk, commune.pk])


def test_an_area_moved_in_the_admin_takes_the_areas_below_it_along(admin_client):
    first, second = AreaFactory(code="P"), AreaFactory(code="Q")
    district = AreaFactory(code="D", name="Huyện", level=AreaLevel.DISTRICT, parent=first)
    commune = AreaFactory(code="C", level=AreaLevel.COMMUNE, parent=district)
    data = {"code": "D", "name": "Huyện", "level": "district", "parent": second.pk}

    response = admin_client.post(reverse("admin:programmes_area_change", args=[district.pk]), data)

    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.path == f"/{second.pk}/{district.pk}/{commune.pk}/"


def test_phase_list_filters_by_programme(admin_client):
    phase = PhaseFactory()
    PhaseFactory()

    response = admin_client.get(
        reverse("admin:programmes_phase_changelist"), {"programme__id__exact": phase.programme_id}
    )

    assert changelist_ids(response) == [phase.pk]


def test_objective_list_filters_by_phase(admin_client):
    objective = ObjectiveFactory()
    ObjectiveFactory()

    response = admin_client.get(
        reverse("admin:programmes_objective_changelist"),
        {"phase__id__exact": objective.phase_id},
    )

    assert changelist_ids(response) == [objective.pk]


# --- readable names -------------------------------------------------------------------


def test_phase_list_names_each_phase_with_its_programme(admin_client):
    phase = PhaseFactory(programme=ProgrammeFactory(code="BDG", name="Bình đẳng giới"))

    response = admin_client.get(reverse("admin:programmes_phase_changelist"))

    content = response.content.decode()
    assert "Bình đẳng giới" in content
    assert phase.name in content


def test_admin_site_has_its_own_title(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.context["site_header"] == "Programme tracker"


# --- bad input ------------------------------------------------------------------------


def test_phase_that_ends_before_it_starts_is_refused_and_not_saved(admin_client):
    programme = ProgrammeFactory()
    data = {
        "programme": programme.pk,
        "name": "2020–2016",
        "start_year": 2020,
        "end_year": 2016,
        "previous": "",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:programmes_phase_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_year"] == [
        "A phase cannot end before it starts."
    ]
    assert Phase.objects.count() == 0
