"""Areas, programmes and phases: what the models and the database keep true."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.text import search_key
from programmes.models import Area, Phase
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
    district.parent = second
    district.save()
    commune.refresh_from_db()
    assert commune.path == f"/{second.pk}/{district.pk}/{commune.pk}/"
    assert list(Area.objects.in_tree_of(first)) == [first]


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
