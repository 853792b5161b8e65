"""Every API route and method, for every role, with the exact status code.

The routes come from the API's router (config.urls.api_router) and its extra URL
patterns, so a route added later fails here until it has a sample builder in
`SAMPLES` (and, for a custom action, an entry in `ACTIONS`): that is on purpose.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from care.models import CareModel
from collection.models import ValidationRule
from config import urls as config_urls
from indicators.models import MeasurementStatus, Unit
from jobs.models import Job, JobKind, JobStatus
from programmes.models import Phase, PlanStatus
from reports.services import review_report_issue
from tests.access.support import build_world, figure_in
from tests.api_support import api_client
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
)

ROLES = [
    "anonymous",
    "viewer",
    "data_entry_own",
    "data_entry_foreign",
    "provincial_officer",
    "superuser",
]

# basename -> (build a fresh, unreferenced object in `area`, fields that make a new one)
SAMPLES = {
    "area": (
        lambda w, area: AreaFactory(code="NEWA", level="commune", parent=w.own),
        lambda w, area: {"code": "NEWB"},
    ),
    "programme": (
        lambda w, area: ProgrammeFactory(code="NEWP", area=w.province),
        lambda w, area: {"code": "NEWQ"},
    ),
    "phase": (
        lambda w, area: PhaseFactory(
            programme=w.programme, name="2021–2025", start_year=2021, end_year=2025
        ),
        lambda w, area: {"name": "2026–2030", "start_year": 2026, "end_year": 2030},
    ),
    "objective": (
        lambda w, area: ObjectiveFactory(phase=w.phase, number=9),
        lambda w, area: {"number": 10},
    ),
    "indicator": (
        lambda w, area: IndicatorFactory(objective=w.objective, code="9.9"),
        lambda w, area: {"code": "9.10"},
    ),
    "target": (
        lambda w, area: TargetFactory(indicator=w.indicator, area=w.province, year=2019),
        lambda w, area: {"year": 2018},
    ),
    "measurement": (
        lambda w, area: figure_in(w, area),
        lambda w, area: {"period": "2018"},
    ),
    # Read-only: the forms the law defines (no create, update or delete route).
    "award-form": (
        lambda w, area: AwardFormFactory(code="bang_khen_ma_tran"),
        lambda w, area: {},
    ),
    "award-decision": (
        lambda w, area: AwardDecisionFactory(number="99/QĐ-UBND", phase=w.phase),
        lambda w, area: {"number": "100/QĐ-UBND"},
    ),
    "commendation": (
        lambda w, area: CommendationFactory(area=area),
        lambda w, area: {"name": "Trần Văn Mới"},
    ),
    "care-model": (
        lambda w, area: CareModelFactory(area=area),
        lambda w, area: {"name": "Mô hình mới"},
    ),
    "care-model-report": (
        lambda w, area: CareModelReportFactory(
            care_model=CareModelFactory(area=area), period="2019"
        ),
        lambda w, area: {"period": "2018"},
    ),
    "partner": (
        lambda w, area: PartnerFactory(name="Công ty Mới", area=area),
        lambda w, area: {"name": "Công ty Khác"},
    ),
    "contribution": (
        lambda w, area: ContributionFactory(care_model=CareModelFactory(area=area)),
        lambda w, area: {"date": "2020-07-01"},
    ),
    "validation-rule": (
        lambda w, area: ValidationRule.objects.create(
            phase=w.phase, name="Quy tắc", left="{1.1}", operator="lte", right="100"
        ),
        lambda w, area: {"name": "Quy tắc mới"},
    ),
    "review-report": (
        lambda w, area: ReviewReportFactory(phase=w.phase, number="25/BC-SLĐTBXH"),
        lambda w, area: {"number": "26/BC-SLĐTBXH"},
    ),
    # Built per role by `job_route` (a user sees only their own jobs).
    "job": (None, None),
}

# Custom actions: (basename, action) -> (status the figure starts in, body).
ACTIONS = {
    ("indicator", "progress"): None,
    ("measurement", "bulk"): None,
    ("measurement", "history"): None,
    ("measurement", "submit"): (MeasurementStatus.DRAFT, {}),
    ("measurement", "approve"): (MeasurementStatus.SUBMITTED, {}),
    ("measurement", "return_"): (MeasurementStatus.SUBMITTED, {"reason": "Sai số liệu"}),
    ("measurement", "reopen"): (MeasurementStatus.APPROVED, {"reason": "Đính chính"}),
    ("award-decision", "stats"): None,
    ("care-model", "summary"): None,
    ("review-report", "issue"): None,
    ("review-report", "document"): None,
    ("review-report", "changes"): None,
    ("job", "national_review"): None,
    ("job", "figures_import"): None,
    ("job", "result"): None,
}
# Resources only administrators write (programmes.roles.REFERENCE_MODELS).
REFERENCE_DATA = {"area", "award-form"}
# Figures and money an area reports: a data-entry officer sees only their areas' rows
# (programmes.roles.area_scope); another area's row is missing from lists and 404 by id.
# basename -> the code of a listed row's area. Not scoped, like programmes and targets:
# care models and partners (where a model runs or a partner is based, no figures) and
# awards (decisions of the province, published; a recipient's area only describes them).
AREA_SCOPED = {
    "measurement": lambda row: row["area"],
    "care-model-report": lambda row: CareModel.objects.get(pk=row["care_model"]).area.code,
    "contribution": lambda row: CareModel.objects.get(pk=row["care_model"]).area.code,
}
# Read models of an area's figures: a data-entry officer may only ask for their areas (403).
AREA_READ_MODELS = {
    "progress",
    "scorecard",
    "summary",
    "entry_form",
    "completeness",
    "data_quality",
}
# The department's review reports and documents: provincial officers write them, leaders
# (viewers) read them, data-entry officers have no part in them (403).
REPORTS = {"review-report", "phase-review"}
# Planning (DESIGN §7): everyone with a role reads the national frameworks; provincial
# officers (and superusers) plan the next phase, adopt a framework's target, approve and
# reopen a plan; leaders and data-entry officers may not (403).
# URL name -> (kind, method, action).
PLANNING_ROUTES = {
    "framework-list": ("list", "GET", "frameworks"),
    "indicator-adopt-framework-target": ("detail", "POST", "adopt_framework_target"),
    "phase-next-phase": ("detail", "POST", "next_phase"),
    "phase-plan-approve": ("detail", "POST", "plan_approve"),
    "phase-plan-reopen": ("detail", "POST", "plan_reopen"),
}
# Routes outside the router, by URL name.
EXTRA_ROUTES = {
    "phase-scorecard",
    "phase-entry-form",
    "measurement-import",
    "completeness",
    "data-quality",
    "phase-review",
    *PLANNING_ROUTES,
}
# Named API routes that are no resource: the schema, its docs, and signing in for a token
# (open to anyone by design; tests/security covers it).
NOT_RESOURCES = {"schema", "docs", "auth-token", "auth-tokens", "auth-token-revoke"}

# Where the code does not yet do what is right: (basename, action, role) -> why. Each is
# an xfail(strict=True) case, so it turns red the day the code is fixed and must leave.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}
STANDARD = [
    ("list", "GET", "list"),
    ("list", "POST", "create"),
    ("detail", "GET", "retrieve"),
    ("detail", "PUT", "update"),
    ("detail", "PATCH", "partial_update"),
    ("detail", "DELETE", "destroy"),
]


def routes() -> list[tuple[str, str, str, str]]:
    """(basename, kind, method, action) for every route of the API."""
    found = []
    for _prefix, viewset, basename in config_urls.api_router.registry:
        for kind, method, name in STANDARD:
            if hasattr(viewset, name):
                found.append((basename, kind, method, name))
        for extra in viewset.get_extra_actions():
            for method in extra.mapping:
                kind = "detail" if extra.detail else "list"
                found.append((basename, kind, method.upper(), extra.__name__))
    found.append(("phase-scorecard", "detail", "GET", "scorecard"))
    found.append(("phase-entry-form", "detail", "GET", "entry_form"))
    found.append(("measurement-import", "list", "POST", "import"))
    found.append(("completeness", "list", "GET", "completeness"))
    found.append(("data-quality", "list", "GET", "data_quality"))
    found.append(("phase-review", "detail", "GET", "review"))
    found.extend((name, *route) for name, route in PLANNING_ROUTES.items())
    return found


ROUTES = routes()


def test_every_route_has_a_sample_builder():
    """A resource or action added to the API fails here until the matrix knows it."""
    standard = {name for *_rest, name in STANDARD}
    assert {b for b, *_rest in ROUTES} - set(SAMPLES) - EXTRA_ROUTES == set()
    custom = {(b, a) for b, _k, _m, a in ROUTES if a not in standard and b in SAMPLES}
    assert custom - set(ACTIONS) == set()
    named = {p.name for p in config_urls.api_v1 if getattr(p, "name", None)}
    router_names = {p.name for p in config_urls.api_router.urls}
    assert named - router_names - NOT_RESOURCES == EXTRA_ROUTES
    assert set(KNOWN_GAPS) <= {(b, a, role) for b, _k, _m, a in ROUTES for role in ROLES}


def expected_status(basename: str, kind: str, method: str, action: str, role: str) -> int:
    if role == "anonymous":
        return 401
    if basename == "job":
        # Anyone signed in follows their own jobs; the national review needs the reviews'
        # reading permissions, an import the figures' writing ones (its rows' areas are
        # checked when it runs, as in the bulk upload).
        if action == "national_review":
            return 403 if role.startswith("data_entry") else 202
        if action == "figures_import":
            return 403 if role == "viewer" else 202
        return 200
    if basename in PLANNING_ROUTES:
        if method == "GET":
            return 200
        if role == "viewer" or role.startswith("data_entry"):
            return 403
        return 201 if action == "next_phase" else 200
    if basename in REPORTS:
        if role.startswith("data_entry") or (role == "viewer" and method != "GET"):
            return 403
        return {"create": 201, "destroy": 204}.get(action, 200)
    foreign = role == "data_entry_foreign"
    entry = role.startswith("data_entry")
    figure = basename in ("measurement", "measurement-import")
    if action in AREA_READ_MODELS:
        return 403 if foreign else 200
    if method == "GET":
        return 404 if (basename in AREA_SCOPED and kind == "detail" and foreign) else 200
    if role == "viewer":
        return 403
    if basename in REFERENCE_DATA and role != "superuser":
        return 403
    if action in ("submit", "approve", "return_", "reopen"):
        if action == "submit":
            allowed = entry or role == "superuser"
        else:
            allowed = role in ("provincial_officer", "superuser")
        if not allowed:
            return 403
        return 404 if foreign else 200
    if entry and (not figure or action == "destroy"):
        return 403
    if action in ("bulk", "import"):
        return 400 if foreign else 200
    if action == "create":
        return 400 if foreign else 201
    if action == "destroy":
        return 204
    return 404 if foreign else 200


def _scoped(world, area, role: str, params: dict) -> dict:
    """A data-entry officer asks for their own (or the foreign) district explicitly."""
    return {**params, "area": area.code} if role.startswith("data_entry") else params


COLLECTION_ROUTES = {
    "phase-entry-form": lambda w, area, role: (
        f"/api/v1/phases/{w.phase.pk}/entry-form/",
        {"area": area.code if role.startswith("data_entry") else w.province.code, "period": "2020"},
        None,
    ),
    "completeness": lambda w, area, role: (
        "/api/v1/completeness/",
        _scoped(w, area, role, {"programme": w.programme.pk, "period": "2020"}),
        None,
    ),
    "data-quality": lambda w, area, role: (
        "/api/v1/data-quality/",
        _scoped(w, area, role, {"phase": w.phase.pk, "year": 2020}),
        None,
    ),
    "measurement-import": lambda w, area, role: (
        "/api/v1/measurements/import/?dry_run=1",
        {},
        {
            "file": SimpleUploadedFile(
                "figures.csv",
                f"phase,indicator_code,area,period,value\n{w.phase.pk},1.1,{area.code},2017,5\n".encode(),
            )
        },
    ),
}


def job_route(world, area, role: str, action: str) -> tuple[str, dict | None]:
    """The URL and body of a jobs route, on a finished job of the user's own."""
    owner = _user(world, role) or world.users["superuser"]
    job = Job.objects.create(
        kind=JobKind.NATIONAL_REVIEW,
        created_by=owner,
        status=JobStatus.SUCCEEDED,
        result=b"PK",
        result_name="reviews.zip",
    )
    row = {"indicator": world.indicator.pk, "area": area.code, "period": "2017", "value": "5"}
    return {
        "list": ("/api/v1/jobs/", None),
        "retrieve": (f"/api/v1/jobs/{job.pk}/", None),
        "result": (f"/api/v1/jobs/{job.pk}/result/", None),
        "national_review": ("/api/v1/jobs/national-review/", {"year": 2020}),
        "figures_import": (
            "/api/v1/jobs/figures-import/",
            {
                "file": SimpleUploadedFile(
                    "figures.json", json.dumps({"measurements": [row]}).encode()
                )
            },
        ),
    }[action]


def planning_route(world, action: str) -> tuple[str, dict | None]:
    """The URL and body of a planning route that succeeds for a role allowed to take it."""
    phase = world.phase
    if action == "adopt_framework_target":
        # The gender strategy's 2.3 (women directors), adopted in a 2021–2025 phase.
        later = PhaseFactory(
            programme=world.programme, name="2021–2025", start_year=2021, end_year=2025
        )
        directors = IndicatorFactory(objective__phase=later, code="2.3", unit=Unit.PERCENT)
        return (
            f"/api/v1/indicators/{directors.pk}/adopt-framework-target/",
            {"framework": "NSGE-2021-2030", "target": "2.3", "values": {"2025": "37"}},
        )
    if action == "plan_reopen":
        Phase.objects.filter(pk=phase.pk).update(plan_status=PlanStatus.APPROVED)
    return {
        "frameworks": ("/api/v1/frameworks/", None),
        "next_phase": (
            f"/api/v1/phases/{phase.pk}/next-phase/",
            {"name": "2021–2025", "start_year": 2021, "end_year": 2025},
        ),
        "plan_approve": (f"/api/v1/phases/{phase.pk}/plan/approve/", None),
        "plan_reopen": (f"/api/v1/phases/{phase.pk}/plan/reopen/", {"reason": "Điều chỉnh"}),
    }[action]


def _user(world, role: str):
    if role == "anonymous":
        return None
    return world.users["data_entry" if role.startswith("data_entry") else role]


def cases() -> list:
    """Every route for every role; a case in KNOWN_GAPS is a strict xfail."""
    found = []
    for route in ROUTES:
        for role in ROLES:
            reason = KNOWN_GAPS.get((route[0], route[3], role))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            found.append(pytest.param(*route, role, marks=marks, id="-".join([*route, role])))
    return found


@pytest.mark.parametrize(("basename", "kind", "method", "action", "role"), cases())
@pytest.mark.django_db
def test_every_route_answers_every_role_with_the_exact_status(basename, kind, method, action, role):
    world = build_world()
    area = world.foreign if role == "data_entry_foreign" else world.own
    reader = api_client(world.users["superuser"])
    client = api_client(_user(world, role))
    params: dict = {}
    body = None
    if basename == "phase-scorecard":
        url = f"/api/v1/phases/{world.phase.pk}/scorecard/"
        if role.startswith("data_entry"):
            params = {"area": area.code}
    elif basename in COLLECTION_ROUTES:
        url, params, body = COLLECTION_ROUTES[basename](world, area, role)
    elif basename == "phase-review":
        url = f"/api/v1/phases/{world.phase.pk}/review/"
    elif basename == "job":
        url, body = job_route(world, area, role, action)
    elif basename in PLANNING_ROUTES:
        url, body = planning_route(world, action)
    elif basename == "review-report" and (basename, action) in ACTIONS:
        report = ReviewReportFactory(phase=world.phase)
        if action == "changes":
            report = review_report_issue(report=report)
        url = f"/api/v1/review-reports/{report.pk}/{action}/"
    elif (basename, action) in ACTIONS:
        setup = ACTIONS[(basename, action)]
        if action == "progress":
            url = f"/api/v1/indicators/{world.indicator.pk}/progress/"
            if role.startswith("data_entry"):
                params = {"area": area.code}
        elif action == "bulk":
            url = "/api/v1/measurements/bulk/"
            row = {"indicator": world.indicator.pk, "area": area.code, "period": "2017"}
            body = {"measurements": [{**row, "value": "5"}]}
        elif action == "history":
            url = f"/api/v1/measurements/{figure_in(world, area).pk}/history/"
        elif action == "stats":
            url = "/api/v1/award-decisions/stats/"
        elif action == "summary":
            url = "/api/v1/care-models/summary/"
            params = {"year": 2020}
            if role.startswith("data_entry"):
                params["area"] = area.code
        else:
            status, body = setup
            target = figure_in(world, area, status=status)
            url = f"/api/v1/measurements/{target.pk}/{action.rstrip('_')}/"
    else:
        build, new_fields = SAMPLES[basename]
        obj = build(world, area)
        if (method, kind) == ("GET", "list") and basename in AREA_SCOPED:
            # A row in the other district too, so the list shows whether it leaks.
            build(world, world.own if area == world.foreign else world.foreign)
        prefix = f"/api/v1/{basename}s/" if basename != "area" else "/api/v1/areas/"
        prefix = {"phase": "/api/v1/phases/", "objective": "/api/v1/objectives/"}.get(
            basename, prefix
        )
        shape = reader.get(f"{prefix}{obj.pk}/").json()
        if kind == "list":
            url = prefix
            body = {**shape, **new_fields(world, area)} if method == "POST" else None
            if basename == "measurement" and method == "POST":
                body["area"] = area.code
        else:
            url = f"{prefix}{obj.pk}/"
            body = {"PUT": shape, "PATCH": {"version": shape.get("version")}}.get(method)
            if body and basename != "measurement":
                body.pop("version", None)

    if basename == "measurement-import" or action == "figures_import":
        response = client.post(url, body, format="multipart")
    else:
        response = getattr(client, method.lower())(
            url, body if method != "GET" else params, format="json" if method != "GET" else None
        )

    assert response.status_code == expected_status(basename, kind, method, action, role), (
        response.content[:300]
    )
    if (method, kind) == ("GET", "list") and basename in AREA_SCOPED and role.startswith("data"):
        rows = response.json()["results"]
        areas = {AREA_SCOPED[basename](row) for row in rows}
        assert "D1" in areas, "the officer's own rows are listed"
        assert areas <= {"D1", "C1"}, "no row of another district is listed"
