"""Every model that holds programme data keeps an audit trail nobody can edit."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from core.admin import AuditTrailAdmin
from programmes.roles import PROGRAMME_DATA_APPS

# Reference data fixed by law (changed only by administrators), and summaries the
# database derives from the figures (whose own history is kept), and the log of figure
# imports (append-only, itself a history): no history of their own.
WITHOUT_HISTORY = {
    "awards.awardform",
    "collection.figureimport",
    "indicators.childsums",
    "indicators.indicatorcount",
    "indicators.measurementcount",
    "care.childgroup",  # the groups each law defines, seeded by a migration
}


def data_models():
    for label in PROGRAMME_DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue
            if model._meta.label_lower not in WITHOUT_HISTORY:
                yield model


@pytest.mark.parametrize("model", list(data_models()), ids=lambda m: m._meta.label_lower)
def test_the_model_keeps_an_audit_trail_shown_read_only_in_the_admin(model):
    assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords"
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:
        assert isinstance(model_admin, AuditTrailAdmin)
        assert model_admin.revert_disabled(request=None)


def test_no_historical_model_is_in_the_admin():
    assert not [m for m in admin.site._registry if issubclass(m, HistoricalChanges)]


@pytest.mark.django_db
def test_the_admin_records_who_changed_a_programme(client, superuser):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    client.force_login(superuser)
    client.post(
        f"/admin/programmes/programme/{programme.pk}/change/",
        {
            "code": programme.code,
            "name": "Chương trình mới",
            "sector": programme.sector,
            "area": programme.area_id,
            "legal_basis": "",
            "description": "",
            "owners-TOTAL_FORMS": "0",
            "owners-INITIAL_FORMS": "0",
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )

    latest = programme.history.latest()
    assert (latest.name, latest.history_user) == ("Chương trình mới", superuser)
