"""Every admin URL of every registered model, for every role, with the exact status code.

The models come from the admin site's registry, so a model registered later fails here
until it has a sample builder in `SAMPLES`: that is on purpose. For each model and role
one test opens the list, the change page, the history page, one historic version (for
the models with an audit trail) and the delete page, and compares all five statuses at
once, so a failure shows the whole row.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy

from collection.models import FigureImport, ReportingCalendar, ValidationRule, ValueBounds
from core.admin import AuditTrailAdmin
from jobs.models import Job, JobKind
from programmes.models import AreaAssignment
from tests.access.support import build_world, figure_in
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    AwardFormFactory,
    CareModelFactory,
    CareModelReportFactory,
    CommendationFactory,
    ContributionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PartnerFactory,
    PhaseFactory,
    ProgrammeFactory,
    ReviewReportFactory,
    TargetFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "viewer",
    "data_entry_own",
    "data_entry_foreign",
    "provincial_officer",
    "superuser",
]

# label -> build a fresh object; `area` is the data-entry officer's district or another.
SAMPLES = {
    "auth.group": lambda w, area: Group.objects.create(name="khác"),
    "auth.user": lambda w, area: UserFactory(username="someone"),
    "authtoken.tokenproxy": lambda w, area: TokenProxy.objects.get(
        pk=Token.objects.create(user=w.users["viewer"]).pk
    ),
    "axes.accessattempt": lambda w, area: AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="ua", failures_since_start=1
    ),
    "jobs.job": lambda w, area: Job.objects.create(
        kind=JobKind.FIGURES_IMPORT, created_by=w.users["viewer"]
    ),
    "axes.accesslog": lambda w, area: AccessLog.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="ua"
    ),
    "axes.accessfailurelog": lambda w, area: AccessFailureLog.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="ua"
    ),
    "programmes.area": lambda w, area: AreaFactory(code="NEWA", level="commune", parent=area),
    "programmes.programme": lambda w, area: ProgrammeFactory(code="NEWP", area=w.province),
    "programmes.phase": lambda w, area: PhaseFactory(
        programme=w.programme, name="2021–2025", start_year=2021, end_year=2025
    ),
    "programmes.objective": lambda w, area: ObjectiveFactory(phase=w.phase, number=9),
    "programmes.areaassignment": lambda w, area: AreaAssignment.objects.create(
        user=w.users["viewer"], area=area
    ),
    "care.caremodel": lambda w, area: CareModelFactory(area=area),
    "care.caremodelreport": lambda w, area: CareModelReportFactory(
        care_model=CareModelFactory(area=area), period="2019"
    ),
    "care.partner": lambda w, area: PartnerFactory(name="Công ty Mới", area=area),
    "care.contribution": lambda w, area: ContributionFactory(
        care_model=CareModelFactory(area=area)
    ),
    "indicators.indicator": lambda w, area: IndicatorFactory(objective=w.objective, code="9.9"),
    "indicators.target": lambda w, area: TargetFactory(indicator=w.indicator, area=area, year=2019),
    "indicators.measurement": lambda w, area: figure_in(w, area),
    "awards.awardform": lambda w, area: AwardFormFactory(code="bang_khen_ma_tran"),
    "awards.awarddecision": lambda w, area: AwardDecisionFactory(
        number="99/QĐ-UBND", phase=w.phase
    ),
    "awards.commendation": lambda w, area: CommendationFactory(area=area),
    "collection.reportingcalendar": lambda w, area: ReportingCalendar.objects.create(
        programme=w.programme, first_year=2016, last_year=2020
    ),
    "collection.validationrule": lambda w, area: ValidationRule.objects.create(
        phase=w.phase, name="Quy tắc", left="{1.1}", operator="lte", right="100"
    ),
    "collection.valuebounds": lambda w, area: ValueBounds.objects.create(
        indicator=w.indicator, maximum=100
    ),
    "collection.figureimport": lambda w, area: FigureImport.objects.create(
        user=w.users["superuser"],
        file_name="f.xlsx",
        sha256="0" * 64,
        created=1,
        updated=0,
        unchanged=0,
    ),
    "reports.reviewreport": lambda w, area: ReviewReportFactory(
        phase=w.phase, number="25/BC-SLĐTBXH"
    ),
}

# Accounts, sign-in records and who may see which area: administrators only.
ADMINISTRATORS_ONLY = {
    "auth.group",
    "auth.user",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "jobs.job",  # the jobs' list in the admin; each user follows their own through the API
    "programmes.areaassignment",
}
# Reference data only administrators change (programmes.roles.REFERENCE_MODELS).
REFERENCE = {"programmes.area", "awards.awardform"}
# Records nobody deletes, administrators included: the forms the law defines, the log
# of figure imports.
NEVER_DELETED = {"awards.awardform", "collection.figureimport"}
# The department's review reports: data-entry officers have no part in them.
REPORTS = {"reports.reviewreport"}
# Records of an area's figures and money: a data-entry officer reads only those of the
# assigned areas (the models whose QuerySet has `visible_to`); another area's record is
# missing from the list and answers as if it did not exist on every other page.
AREA_SCOPED = {"indicators.measurement", "care.caremodelreport", "care.contribution"}
# API tokens: every signed-in user sees and revokes their own, never another's (the
# sample is the viewer's token); administrators all of them.
TOKENS = {"authtoken.tokenproxy"}
KINDS = ("list", "change", "history", "history_item", "delete")


def registered() -> dict[str, admin.ModelAdmin]:
    return {model._meta.label_lower: ma for model, ma in admin.site._registry.items()}


def test_every_registered_model_has_a_sample_builder():
    assert set(registered()) == set(SAMPLES)


def test_the_scoped_models_are_the_models_with_an_area_rule():
    scoped = {
        label
        for label, model_admin in registered().items()
        if hasattr(model_admin.model._default_manager._queryset_class, "visible_to")
    }
    assert scoped == AREA_SCOPED
    assert all(isinstance(registered()[label], AuditTrailAdmin) for label in scoped)


def expected_status(label: str, kind: str, role: str) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    if kind == "delete" and label in NEVER_DELETED:
        return 403
    if role == "superuser":
        return 200
    if label in ADMINISTRATORS_ONLY:
        return 403
    if label in TOKENS:
        return 200 if kind == "list" or role == "viewer" else 302  # another's: "gone"
    if label in REPORTS and role.startswith("data_entry"):
        return 403
    if kind == "delete":
        return 200 if role == "provincial_officer" and label not in REFERENCE else 403
    # The commendation sample is an individual: the old values of their sex, position and
    # organisation only for who may read them (awards.privacy).
    private = label == "awards.commendation" and kind.startswith("history")
    if private and role in ("viewer", "data_entry_foreign"):
        return 403
    if role == "data_entry_foreign" and label in AREA_SCOPED:
        return {"list": 200, "change": 302}.get(kind, 404)  # the change page says "gone"
    return 200


def urls(label: str, obj) -> dict[str, str]:
    info = label.replace(".", "_")
    found = {
        "list": reverse(f"admin:{info}_changelist"),
        "change": reverse(f"admin:{info}_change", args=[obj.pk]),
        "history": reverse(f"admin:{info}_history", args=[obj.pk]),
        "delete": reverse(f"admin:{info}_delete", args=[obj.pk]),
    }
    if isinstance(registered()[label], AuditTrailAdmin):
        version = obj.history.latest().history_id
        found["history_item"] = reverse(f"admin:{info}_simple_history", args=[obj.pk, version])
    return found


def cases() -> list:
    return [
        pytest.param(label, role, id=f"{label}-{role}")
        for label in sorted(SAMPLES)
        for role in ROLES
    ]


@pytest.mark.parametrize(("label", "role"), cases())
@pytest.mark.django_db
def test_every_admin_url_answers_every_role_with_the_exact_status(client, label, role):
    world = build_world()
    foreign = role == "data_entry_foreign"
    obj = SAMPLES[label](world, world.foreign if foreign else world.own)
    if role != "anonymous":
        client.force_login(world.users["data_entry" if role.startswith("data_entry") else role])

    got = {kind: client.get(url) for kind, url in urls(label, obj).items()}

    statuses = {kind: response.status_code for kind, response in got.items()}
    assert statuses == {kind: expected_status(label, kind, role) for kind in statuses}
    if label in AREA_SCOPED and role.startswith("data_entry"):
        listed = {row.pk for row in got["list"].context["cl"].result_list}
        assert (obj.pk in listed) is not foreign, "only the assigned areas' rows are listed"
