"""Fixtures the API and admin tests of indicators share.

The API tests work on indicator 2.2 of province 35 (`indicator`); the admin tests on
Hà Nam's 2016–2020 phase with one percent and one count indicator.
"""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import Indicator, Unit
from programmes.models import AreaLevel
from tests.api_support import api_client
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
)


@pytest.fixture
def admin_api(superuser) -> APIClient:
    return api_client(superuser)


@pytest.fixture
def indicator() -> Indicator:
    """Indicator 2.2 (percent) of a 2016–2020 phase in province 35."""
    phase = PhaseFactory(programme__area=AreaFactory(code="35", name="Tỉnh Minh Hòa"))
    return IndicatorFactory(objective=ObjectiveFactory(phase=phase, number=2), code="2.2")


@pytest.fixture
def judged_by_sex(indicator) -> Indicator:
    """`indicator` as Quyết định 2351/QĐ-TTg's 2.1 ("ít nhất 40% cho mỗi giới"): a target
    of ≥ 40% for each sex and none for the total, women 38% → 41.5% and men 62% → 58.5%
    from the previous phase (2011–2015) to 2020."""
    old = IndicatorFactory(
        objective__phase=PhaseFactory(
            programme=indicator.phase.programme, start_year=2011, end_year=2015
        ),
        unit=Unit.PERCENT,
    )
    indicator.previous = old
    indicator.save()
    for sex in ("female", "male"):
        TargetFactory(indicator=indicator, sex=sex, comparator="gte", value=Decimal("40"))
    for of, period, female, male in [
        (old, "2015", "38", "62"),
        (indicator, "2020", "41.5", "58.5"),
    ]:
        MeasurementFactory(indicator=of, period=period, sex="female", value=Decimal(female))
        MeasurementFactory(indicator=of, period=period, sex="male", value=Decimal(male))
    return indicator


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
        objective=objective,
        code="2.3",
        name="Số lao động được đào tạo nghề",
        unit=Unit.COUNT,
        by_sex=True,
    )


@pytest.fixture
def communes_of_2020(ha_nam):
    """A commune merged away at the end of 2015."""
    return AreaFactory(
        name="Xã Liêm Tuyền",
        level=AreaLevel.COMMUNE,
        parent=ha_nam,
        valid_to=datetime.date(2015, 12, 31),
    )
