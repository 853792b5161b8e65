"""Helpers the API tests share: authenticated clients and the seed-like phase story."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from indicators.models import Indicator, Unit
from programmes.models import Area, Phase
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetFactory,
    UserFactory,
)


def api_client(user=None) -> APIClient:
    """A client that reads English; signed in as `user` when one is given."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def user_with_permissions(*codenames: str, username: str = "clerk"):
    """A user holding exactly the given model permissions ("add_target", ...)."""
    user = UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def body(response) -> bytes:
    """The whole body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@dataclass
class Story:
    province: Area
    previous_phase: Phase
    phase: Phase
    female_owners: Indicator


# How the 24 indicators of the story spread over its 7 objectives.
STORY_OBJECTIVE_SIZES = (4, 4, 3, 3, 4, 3, 3)


def seed_like_story() -> Story:
    """The review the province wrote for 2016–2020, built from factories.

    7 objectives, 24 indicators with a 2020 target each: 18 achieved, 4 not achieved,
    2 without a figure. Indicator 2.2 (share of female business owners) reached 32.9%
    against ≥ 30%, up from 25.2% at the end of 2011–2015.
    """
    province = AreaFactory(code="35", name="Tỉnh Minh Hòa")
    programme = ProgrammeFactory(code="BDG", area=province)
    previous_phase = PhaseFactory(programme=programme, start_year=2011, end_year=2015)
    phase = PhaseFactory(
        programme=programme, start_year=2016, end_year=2020, previous=previous_phase
    )
    old_objective = ObjectiveFactory(phase=previous_phase, number=1)
    old_female_owners = IndicatorFactory(objective=old_objective, code="2.2")
    MeasurementFactory(
        indicator=old_female_owners, area=province, period="2015", value=Decimal("25.2")
    )

    female_owners = None
    position = 0
    for number, size in enumerate(STORY_OBJECTIVE_SIZES, start=1):
        objective = ObjectiveFactory(phase=phase, number=number, title=f"Mục tiêu {number}")
        for serial in range(1, size + 1):
            code = f"{number}.{serial}"
            indicator = IndicatorFactory(
                objective=objective,
                code=code,
                unit=Unit.PERCENT,
                previous=old_female_owners if code == "2.2" else None,
            )
            TargetFactory(indicator=indicator, area=province, year=2020, value=Decimal("30"))
            if code == "2.2":
                female_owners = indicator
                value = Decimal("32.9")
            elif position < 18:
                value = Decimal("40")
            elif position < 22:
                value = Decimal("20")
            else:
                value = None
            if value is not None:
                MeasurementFactory(indicator=indicator, area=province, period="2020", value=value)
            position += 1
    return Story(province, previous_phase, phase, female_owners)
