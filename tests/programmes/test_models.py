"""Areas, programmes and phases: what the models and the database keep true."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.text import search_key
from programmes.models import Area, Phase
from programmes.services import area_move
from tests.factories import AreaFactory, ObjectiveFactory, PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_search_key_drops_diacritics_and_case():
    assert search_key("Hà Nam") == search_key("ha nam") == "ha nam"
    assert search_key("Đồng Tháp") == "dong thap"


def test_area_names_are_stored_in_nfc_with_their_search_key():
    decomposed = unicodedata.normalize("NFD", "Phủ Lý")
    area = AreaFactory(name=decomposed)
    area.refresh_from_db()
    assert area.name == unicodedata.normalize("NFC", "Phủ Lý")
    assert area.search_text == "phu ly"


def test_an_areas_tree_is_one_query(django_assert_num_queries):
    province = AreaFactory(code="P")
    district = AreaFactory(code="P-1", parent=province)
    commune = AreaFactory(code="P-1-1", parent=district)
    AreaFactory(code="Q")
    with django_assert_num_queries(1):
        codes = [a.code for a in Area.objects.in_tree_of(province)]
    assert codes == ["P", "P-1", "P-1-1"]
    assert commune.path == f"/{province.pk}/{district.pk}/{commune.pk}/"


def test_moving_an_area_moves_its_subtree():
    first, second = AreaFactory(code="P"), AreaFactory(code="Q")
    district = AreaFactory(code="D", parent=first)
    commune = AreaFactory(code="C", parent=district)
    area_move(area=district, parent=second)
    commune.refresh_from_db()
    assert commune.path == f"/{second.pk}/{district.pk}/{commune.pk}/"
    assert list(Area.objects.in_tree_of(first)) == [first]


@pytest.mark.parametrize("communes", [1, 12])
def test_moving_a_district_rewrites_every_path_below_in_a_fixed_number_of_queries(
    communes, django_assert_num_queries
):
    first, second = AreaFactory(code="P"), AreaFactory(code="Q")
    district = AreaFactory(code="D", parent=first)
    below = [AreaFactory(code=f"C{i}", parent=district) for i in range(communes)]
    hamlet = AreaFactory(code="H", parent=below[0])
    district = Area.objects.select_related("parent").get(pk=district.pk)
    history_before = {a.code: a.history.count() for a in [district, *below]}
    # Lock and old path, parent exists, unique code, the two area constraints and the
    # kind-fits-level check (each with its savepoint), the UPDATE, its history row, the
    # UPDATE below, savepoint and release: 14 for 2 areas below as for 13.
    with django_assert_num_queries(14):
        area_move(area=district, parent=second)
    paths = dict(Area.objects.in_tree_of(second).values_list("code", "path"))
    assert paths == {
        "Q": f"/{second.pk}/",
        "D": f"/{second.pk}/{district.pk}/",
        "H": f"/{second.pk}/{district.pk}/{below[0].pk}/{hamlet.pk}/",
        **{c.code: f"/{second.pk}/{district.pk}/{c.pk}/" for c in below},
    }
    assert list(Area.objects.in_tree_of(first)) == [first]
    # The move enters the district's history; the derived paths below leave none.
    assert district.history.first().parent_id == second.pk
    assert {a.code: a.history.count() for a in [district, *below]} == {
        **history_before,
        "D": history_before["D"] + 1,
    }


def test_an_area_is_not_moved_under_its_own_descendant_and_nothing_is_written():
    province = AreaFactory(code="P")
    district = AreaFactory(code="D", parent=province)
    commune = AreaFactory(code="C", parent=district)
    history_before = province.history.count()
    with pytest.raises(ValidationError) as caught:
        area_move(area=province, parent=commune)
    assert "parent" in caught.value.message_dict
    assert dict(Area.objects.values_list("code", "path")) == {
        "P": f"/{province.pk}/",
        "D": f"/{province.pk}/{district.pk}/",
        "C": f"/{province.pk}/{district.pk}/{commune.pk}/",
    }
    assert province.history.count() == history_before


def test_areas_valid_in_a_year():
    AreaFactory(code="OLD", valid_to=datetime.date(2025, 6, 30))
    AreaFactory(code="NEW", valid_from=datetime.date(2025, 7, 1))
    assert sorted(Area.objects.valid_in_year(2025).values_list("code", flat=True)) == [
        "NEW",
        "OLD",
    ]
    assert list(Area.objects.valid_in_year(2026).values_list("code", flat=True)) == ["NEW"]


def test_the_database_refuses_an_area_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory(valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 1, 1))


def test_an_area_cannot_be_placed_under_its_own_descendant():
    province = AreaFactory(code="P")
    district = AreaFactory(code="D", parent=province)
    province.parent = district
    with pytest.raises(ValidationError) as caught:
        province.full_clean()
    assert "parent" in caught.value.message_dict


def test_the_database_refuses_a_phase_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(start_year=2020, end_year=2016)


def test_the_database_refuses_years_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(start_year=1800, end_year=1805)


def test_a_previous_phase_must_belong_to_the_same_programme_and_end_first():
    earlier = PhaseFactory(start_year=2011, end_year=2015)
    phase = Phase(
        programme=ProgrammeFactory(),
        name="2016–2020",
        start_year=2016,
        end_year=2020,
        previous=earlier,
    )
    with pytest.raises(ValidationError) as caught:
        phase.full_clean()
    assert caught.value.message_dict == {
        "previous": ["The previous phase must belong to the same programme."]
    }


def test_objective_numbers_are_unique_within_a_phase():
    objective = ObjectiveFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveFactory(phase=objective.phase, number=1)


def test_objective_numbers_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveFactory(number=0)
