"""Fixtures for the dashboard tests: the demo province and logged-in users of each role."""

import pytest

from demo.services import load_demo
from indicators.models import Indicator
from programmes.models import Phase
from programmes.roles import DATA_ENTRY, VIEWER
from tests.users import user_in_role


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.fixture
def reader(client, django_user_model):
    """A logged-in viewer who is not staff: a leader reads every page, changes nothing."""
    django_user_model.objects.create_user("leader", password="pw-leader-1")
    client.force_login(user_in_role("leader", VIEWER, staff=False))
    return client


@pytest.fixture
def no_role(client, django_user_model):
    """A logged-in user without a role: signed in, but allowed to read nothing."""
    client.force_login(django_user_model.objects.create_user("nobody", password="pw-nobody-1"))
    return client


@pytest.fixture
def district_officer(client, demo):
    """A data-entry officer of the demo's district MH-02 (Huyện Sơn Mây)."""
    client.force_login(user_in_role("entry-mh02", DATA_ENTRY, ["MH-02"], staff=False))
    return client


@pytest.fixture
def review_phase(demo):
    """The demo's gender equality phase 2016–2020: 18 of 24 targets achieved."""
    return Phase.objects.get(programme__code="MH-BDG", name="2016–2020")


@pytest.fixture
def business_owners(review_phase):
    """Indicator 2.2, female business owners: 25.2% in 2015 → 32.9% in 2020."""
    return Indicator.objects.get(phase=review_phase, code="2.2")
