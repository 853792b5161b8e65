"""Owners by programme and date (issue #15 point 7; DOMAIN.md §4: since 2025 child
protection sits with the Sở Y tế, gender equality with the Sở Nội vụ; the DoLISA before)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from programmes.owners import ProgrammeOwner
from reports.services import review_report_create
from tests.factories import PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DOLISA = "Sở Lao động – Thương binh và Xã hội tỉnh Minh Hòa"
HEALTH = "Sở Y tế tỉnh Minh Hòa"


@pytest.fixture
def child_protection():
    """Child protection: the DoLISA until 28/02/2025, the Sở Y tế from 01/3/2025."""
    programme = ProgrammeFactory(sector="child_protection")
    ProgrammeOwner.objects.create(
        programme=programme, department=DOLISA, valid_to=datetime.date(2025, 2, 28)
    )
    ProgrammeOwner.objects.create(
        programme=programme, department=HEALTH, valid_from=datetime.date(2025, 3, 1)
    )
    return programme


@override_settings(DEPARTMENT_NAME="Sở mặc định")
def test_the_owner_is_the_programmes_on_the_day_and_the_setting_only_by_default(
    child_protection,
):
    """DOMAIN.md §4: the owning department is per programme and by date, not one setting."""
    assert child_protection.owner_on(datetime.date(2025, 2, 28)) == DOLISA
    assert child_protection.owner_on(datetime.date(2025, 3, 1)) == HEALTH
    assert ProgrammeFactory().owner_on(datetime.date(2020, 1, 1)) == "Sở mặc định"


def test_a_review_is_issued_in_the_name_of_the_owner_of_its_period(child_protection):
    """Nghị định 30/2020: the issuing body in the header is the body of the period the
    report covers: 2016–2020 by the DoLISA, 2021–2025 by the Sở Y tế."""
    old = review_report_create(phase=PhaseFactory(programme=child_protection))
    new = review_report_create(
        phase=PhaseFactory(programme=child_protection, start_year=2021, end_year=2025)
    )

    assert (old.issuing_body, new.issuing_body) == (DOLISA, HEALTH)


def test_the_phase_page_names_the_owner_of_the_year_shown(child_protection, admin_client):
    """DOMAIN.md §4: pages show the department for the period they cover."""
    phase = PhaseFactory(programme=child_protection)

    page = admin_client.get(f"/phases/{phase.pk}/?year=2020").content.decode()

    assert DOLISA in page and HEALTH not in page


def test_an_owner_ending_before_it_starts_is_refused(child_protection):
    """The database keeps an owner's dates in order."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeOwner.objects.create(
            programme=child_protection,
            department="Sở Nội vụ",
            valid_from=datetime.date(2025, 3, 1),
            valid_to=datetime.date(2025, 2, 1),
        )
    assert child_protection.owners.count() == 2
