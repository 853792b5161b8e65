"""Every indicator shows: those without a target appear on the phase page as monitoring
indicators with their actuals, an objective without targets says so (never "0/0"), and
no in-page link points nowhere."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_protection(demo):
    """BVTE 2016–2020: objective 2 has only CP.4, a monitoring indicator."""
    return Phase.objects.get(programme__code="MH-BVTE", name="2016–2020")


def anchors_without_a_target(html: str) -> set[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return {href for href in re.findall(r'href="#([^"]*)"', html) if href not in ids}


def test_indicators_without_a_target_show_as_monitoring_indicators(admin_client, child_protection):
    with translation.override("vi"):
        response = admin_client.get(
            reverse("dashboards:phase", args=[child_protection.pk]), {"year": "2020"}
        )

    objectives = response.context["review"].objectives
    monitored = [[(m.indicator.code, m.actual) for m in o.monitoring] for o in objectives]
    assert [code for code, _actual in monitored[0]] == ["CP.3", "CP.5"]
    assert monitored[1] == [("CP.4", 47)]  # 22 + 25 half-year figures of 2020
    html = response.content.decode()
    assert 'id="objective-2"' in html
    assert "chưa giao chỉ tiêu" in html
    assert "chỉ tiêu theo dõi" in html
    assert "0/0" not in html


def test_no_in_page_link_points_nowhere(admin_client, demo):
    pages = [reverse("dashboards:home")] + [
        reverse("dashboards:phase", args=[phase.pk]) for phase in Phase.objects.all()
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert anchors_without_a_target(html) == set(), url


def test_the_home_page_never_says_0_of_0(admin_client, demo):
    with translation.override("vi"):
        html = admin_client.get(reverse("dashboards:home")).content.decode()

    assert "0/0" not in html
    assert "chưa giao chỉ tiêu" in html
