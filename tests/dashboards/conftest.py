"""Fixtures for the dashboard tests: the demo province and a logged-in reader."""

import pytest

from demo.services import load_demo
from indicators.models import Indicator
from programmes.models import Phase


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.fixture
def reader(client, django_user_model):
    """A logged-in user who is not staff: the dashboards need a login, not the admin."""
    user = django_user_model.objects.create_user("leader", password="pw-leader-1")
    client.force_login(user)
    return client


@pytest.fixture
def review_phase(demo):
    """The demo's gender equality phase 2016–2020: 18 of 24 targets achieved."""
    return Phase.objects.get(programme__code="MH-BDG", name="2016–2020")


@pytest.fixture
def business_owners(review_phase):
    """Indicator 2.2, female business owners: 25.2% in 2015 → 32.9% in 2020."""
    return Indicator.objects.get(phase=review_phase, code="2.2")
