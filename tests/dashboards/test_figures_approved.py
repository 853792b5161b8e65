"""Draft or approved, always visible: every figure page says how many of the figures
behind it are not approved yet, and `?figures=approved` counts approved figures only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import Measurement, MeasurementStatus

pytestmark = pytest.mark.django_db


def drafts_of(phase) -> int:
    """Every demo figure is a draft: all the phase's figures are not approved yet."""
    return Measurement.objects.filter(indicator__phase=phase).count()


def test_the_phase_page_says_it_is_built_on_drafts(admin_client, review_phase):
    drafts = drafts_of(review_phase)
    assert drafts > 0

    with translation.override("vi"):
        response = admin_client.get(reverse("dashboards:phase", args=[review_phase.pk]))

    html = response.content.decode()
    assert response.context["review"].scorecard.achieved == 18
    assert response.context["figures"]["unapproved"] == drafts
    assert f"Bao gồm {drafts} số liệu chưa phê duyệt." in html
    assert "figures-notice--drafts" in html
    assert "?figures=approved" in html


def test_approved_figures_only_changes_the_phase_pages_numbers(admin_client, review_phase):
    drafts = drafts_of(review_phase)
    url = reverse("dashboards:phase", args=[review_phase.pk])

    response = admin_client.get(url, {"figures": "approved", "year": "2020"})

    scorecard = response.context["review"].scorecard
    assert (scorecard.targets_total, scorecard.achieved, scorecard.no_data) == (24, 0, 24)
    html = response.content.decode()
    assert f"{drafts} figures not approved yet are left out." in html
    # The filter keeps the choice; the switch goes back to every figure, year kept.
    assert '<input type="hidden" name="figures" value="approved">' in html
    assert 'href="?year=2020"' in html


def test_an_approved_figure_counts_when_only_approved_ones_do(
    admin_client, review_phase, business_owners
):
    Measurement.objects.filter(indicator=business_owners, year=2020).update(
        status=MeasurementStatus.APPROVED
    )
    url = reverse("dashboards:indicator", args=[business_owners.pk])

    every = admin_client.get(url).context["detail"]
    approved = admin_client.get(url, {"figures": "approved"}).context["detail"]

    assert every.years[-1].actual == approved.years[-1].actual == Decimal("32.9")
    assert every.years[-2].actual is not None
    assert approved.years[-2].actual is None  # 2019's figures are drafts


def test_the_home_page_says_how_many_figures_are_not_approved(admin_client, demo):
    drafts = Measurement.objects.count()

    response = admin_client.get(reverse("dashboards:home"))
    approved = admin_client.get(reverse("dashboards:home"), {"figures": "approved"})

    assert response.context["figures"]["unapproved"] == drafts
    cards = [card for p in response.context["programmes"] for card in p.phases]
    approved_cards = [card for p in approved.context["programmes"] for card in p.phases]
    assert sum(card.scorecard.achieved for card in cards) > 0
    assert sum(card.scorecard.achieved for card in approved_cards) == 0
    assert f"Includes {drafts} figures not approved yet." in response.content.decode()


def test_a_page_whose_figures_are_all_approved_says_so(admin_client, review_phase):
    Measurement.objects.filter(indicator__phase=review_phase).update(
        status=MeasurementStatus.APPROVED
    )

    response = admin_client.get(reverse("dashboards:phase", args=[review_phase.pk]))

    assert response.context["figures"]["unapproved"] == 0
    assert "Every figure behind this page is approved." in response.content.decode()
    assert response.context["review"].scorecard.achieved == 18
