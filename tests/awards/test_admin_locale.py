"""The decision's page in Vietnamese: dates day first, money and years as Vietnamese write them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import AwardDecision
from tests.awards.test_admin import decision_data
from tests.factories import AwardDecisionFactory, AwardFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def bang_khen():
    return AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh")


def test_a_date_typed_05_03_2021_is_the_fifth_of_march(vietnamese, admin_client, bang_khen):
    data = decision_data(bang_khen, signed_on="05/03/2021", base_salary="1.490.000")

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.status_code == 302
    decision = AwardDecision.objects.get()
    assert (decision.signed_on, decision.base_salary) == (
        datetime.date(2021, 3, 5),
        Decimal("1490000"),
    )


def test_the_decision_page_shows_its_date_day_first_and_its_year_plainly(
    vietnamese, admin_client, bang_khen
):
    decision = AwardDecisionFactory(form=bang_khen, signed_on=datetime.date(2021, 3, 15))

    page = admin_client.get(reverse("admin:awards_awarddecision_change", args=[decision.pk]))

    html = page.content.decode()
    assert 'value="15/03/2021"' in html
    assert '<div class="readonly">2021</div>' in html
    assert "2.021" not in html


def test_english_keeps_its_own_dates(admin_client, bang_khen):
    data = decision_data(bang_khen, signed_on="2021-03-05")

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.status_code == 302
    assert AwardDecision.objects.get().signed_on == datetime.date(2021, 3, 5)
