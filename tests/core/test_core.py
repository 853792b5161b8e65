"""core/: the shared helpers every app relies on, checked on their own."""

from decimal import Decimal

import pytest
from django.db.models import Q

from core.api import exception_handler
from core.errors import Conflict
from core.numbers import kilobytes, plain_text
from core.periods import period_year
from core.tree import in_subtree, subtree_q
from programmes.models import Area, AreaLevel
from tests.factories import AreaFactory


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("32.9000"), "32.9"),
        (Decimal("100.0000"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.0000"), "0"),
        (Decimal("0.0050"), "0.005"),
        (7, "7"),
        (None, None),
    ],
)
def test_plain_text_writes_a_decimal_without_needless_zeros_or_exponent(value, text):
    assert plain_text(value) == text


@pytest.mark.parametrize(("size", "kb"), [(0, 0), (1, 1), (1024, 1), (1025, 2), (2097152, 2048)])
def test_kilobytes_rounds_up(size, kb):
    assert kilobytes(size) == kb


@pytest.mark.parametrize(("period", "year"), [("2020", 2020), ("2020S1", 2020), ("1999S2", 1999)])
def test_period_year(period, year):
    assert period_year(period) == year


def test_subtree_q_without_paths_matches_nothing():
    assert subtree_q("path", []) == Q(pk__in=[])


def test_subtree_q_ors_one_prefix_per_path():
    assert subtree_q("area__path", ["/1/", "/2/"]) == Q(area__path__startswith="/1/") | Q(
        area__path__startswith="/2/"
    )
    assert subtree_q("path", "/1/") == Q(path__startswith="/1/")


@pytest.mark.django_db
def test_subtree_q_finds_an_area_and_everything_below_it(django_assert_num_queries):
    province = AreaFactory(code="P1")
    district = AreaFactory(code="D1", parent=province, level=AreaLevel.DISTRICT)
    commune = AreaFactory(code="C1", parent=district, level=AreaLevel.COMMUNE)
    AreaFactory(code="P2")
    with django_assert_num_queries(1):
        codes = set(
            Area.objects.filter(subtree_q("path", [district.path])).values_list("code", flat=True)
        )
    assert codes == {"D1", "C1"}
    assert in_subtree(commune.path, province.path)
    assert in_subtree(district.path, district.path)
    assert not in_subtree(province.path, district.path)


def test_any_conflict_is_a_409_with_its_message():
    class Refused(Conflict):
        pass

    response = exception_handler(Refused("Already approved."), {})
    assert (response.status_code, response.data) == (409, {"detail": "Already approved."})
