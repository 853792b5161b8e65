"""Areas named by our code or by an official code, read as the unit valid at the end of
the figure's period (issue 16 point 5)."""

import datetime

import pytest

from programmes.area_keys import (
    OFFICIAL_CODE_NAMES_NO_UNIT_THEN,
    OFFICIAL_CODE_NAMES_SEVERAL,
    AreaKeys,
)
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

EVE = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def eras():
    old = AreaFactory(code="VN63-15", official_code="15", name="Tỉnh Vân Sơn", valid_to=EVE)
    new = AreaFactory(code="VN34-15", official_code="15", name="Tỉnh Vân Hà", valid_from=REFORM)
    return old, new


def test_an_official_code_names_the_unit_valid_at_the_end_of_the_period(
    eras, django_assert_num_queries
):
    old, new = eras
    with django_assert_num_queries(1):
        keys = AreaKeys(["15", "VN63-15", "nothing"])
    assert keys.resolve("15", "2024") == (old, None)
    assert keys.resolve("15", "2025S1") == (old, None)
    assert keys.resolve("15", "2025S2") == (new, None)
    assert keys.resolve("15", "2025") == (new, None)
    assert keys.resolve("VN63-15", "2025") == (old, None)  # our code, whatever the period
    assert keys.resolve("nothing", "2025") == (None, None)


def test_our_code_wins_over_an_official_code_that_reads_the_same(eras):
    _old, new = eras
    own = AreaFactory(code="15", name="Khu vực mười lăm")
    keys = AreaKeys(["15"])
    assert keys.resolve("15", "2026") == (own, None)
    assert new.official_code == "15"


def test_an_official_code_of_no_unit_then_is_refused_with_the_units_it_names(eras):
    keys = AreaKeys(["15"])
    area, message = keys.resolve("15", "1990")
    assert area is None
    assert message == str(
        OFFICIAL_CODE_NAMES_NO_UNIT_THEN
        % {
            "code": "15",
            "period": "1990",
            "units": "Tỉnh Vân Sơn (VN63-15, 2000-01-01–2025-06-30); "
            "Tỉnh Vân Hà (VN34-15, 2025-07-01–…)",
        }
    )


def test_an_official_code_borne_by_two_units_at_once_is_refused(eras):
    AreaFactory(code="X-15", official_code="15", name="Tỉnh Trùng Mã", valid_from=REFORM)
    area, message = AreaKeys(["15"]).resolve("15", "2026")
    assert area is None
    assert message == str(
        OFFICIAL_CODE_NAMES_SEVERAL
        % {
            "code": "15",
            "period": "2026",
            "units": "Tỉnh Vân Hà (VN34-15, 2025-07-01–…); Tỉnh Trùng Mã (X-15, 2025-07-01–…)",
        }
    )


def test_with_a_malformed_period_only_a_code_of_one_unit_resolves(eras):
    lone = AreaFactory(code="VN34-01", official_code="01", valid_from=REFORM)
    keys = AreaKeys(["15", "01"])
    assert keys.resolve("01", "20x5") == (lone, None)
    assert keys.resolve("15", "20x5") == (None, None)
