"""Background jobs run in the request that starts them (JOBS_EAGER): what they produce,
their progress, who sees them, and bad input refused with nothing written.

The worker, the queue and a worker killed mid-run are in test_worker.py.
"""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Measurement, Sex, Unit
from indicators.services import NO_SUCH_AREA
from jobs import services
from jobs.dispatch import QUEUE_UNREACHABLE
from jobs.models import Job, JobKind, JobStatus
from programmes.models import AreaLevel, Sector
from tests.api_support import api_client, user_with_permissions
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from tests.reports.support import read_docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager(settings):
    settings.JOBS_EAGER = True


@pytest.fixture
def admin_api(superuser):
    return api_client(superuser)


def province_phase(code: str, name: str, sector=Sector.GENDER_EQUALITY):
    area = AreaFactory(code=code, name=name, level=AreaLevel.PROVINCE)
    programme = ProgrammeFactory(
        code=f"P-{code}", name=f"Bình đẳng giới {name}", area=area, sector=sector
    )
    return PhaseFactory(programme=programme, start_year=2021, end_year=2025)


def start(client, path: str, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/api/v1/jobs/{path}/", data, format="json")


def test_the_national_review_zips_every_provinces_review_document(
    admin_api, django_capture_on_commit_callbacks
):
    first = province_phase("02", "Tỉnh Hai")
    second = province_phase("01", "Tỉnh Một")
    province_phase("03", "Tỉnh Ba", sector=Sector.CHILD_PROTECTION)
    PhaseFactory(programme=first.programme, start_year=2016, end_year=2020)  # not in 2023

    response = start(
        admin_api,
        "national-review",
        django_capture_on_commit_callbacks,
        year=2023,
        sector=Sector.GENDER_EQUALITY,
        figures="all",
    )

    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    names = [f"01-P-01-{second.pk}.docx", f"02-P-02-{first.pk}.docx"]
    assert (job.kind, job.status, job.attempts, job.done, job.total) == (
        JobKind.NATIONAL_REVIEW,
        JobStatus.SUCCEEDED,
        1,
        2,
        2,
    )
    assert job.outcome == {"documents": names}
    download = admin_api.get(f"/api/v1/jobs/{job.pk}/result/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="reviews-2023-gender_equality-all.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert archive.namelist() == names
    for name, province in zip(names, ("Tỉnh Một", "Tỉnh Hai"), strict=True):
        text = "\n".join(p.text for p in read_docx(archive.read(name)).paragraphs)
        assert f"“Bình đẳng giới {province}”" in text


def test_the_job_resource_shows_progress_and_its_file(
    admin_api, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    province_phase("01", "Tỉnh Một")
    job_id = start(admin_api, "national-review", django_capture_on_commit_callbacks, year=2023)
    job_id = job_id.json()["id"]

    body = admin_api.get(f"/api/v1/jobs/{job_id}/").json()

    assert {key: body[key] for key in ("status", "done", "total", "percent", "attempts")} == {
        "status": "succeeded",
        "done": 1,
        "total": 1,
        "percent": 100,
        "attempts": 1,
    }
    assert body["params"] == {"year": 2023, "sector": None, "figures": "approved"}
    assert body["result_url"] == f"/api/v1/jobs/{job_id}/result/"
    for _ in range(3):
        start(admin_api, "national-review", django_capture_on_commit_callbacks, year=2023)
    with django_assert_max_num_queries(3):
        listed = admin_api.get("/api/v1/jobs/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 4


def test_a_user_sees_only_their_own_jobs(superuser):
    job = Job.objects.create(kind=JobKind.NATIONAL_REVIEW, created_by=superuser)
    other = api_client(user_with_permissions("view_measurement", username="other"))

    assert other.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/api/v1/jobs/{job.pk}/result/").status_code == 404
    assert other.get("/api/v1/jobs/").json()["count"] == 0


def test_a_bad_national_review_request_is_refused_and_starts_nothing(admin_api):
    response = admin_api.post(
        "/api/v1/jobs/national-review/", {"year": 1800, "figures": "some"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "year": ["Ensure this value is greater than or equal to 1945."],
        "figures": ['"some" is not a valid choice.'],
    }
    assert not Job.objects.exists()


def test_the_national_review_needs_the_review_permissions():
    clerk = api_client(user_with_permissions("view_measurement"))

    response = clerk.post("/api/v1/jobs/national-review/", {"year": 2023}, format="json")

    assert response.status_code == 403
    assert not Job.objects.exists()


# Imports


@pytest.fixture
def count_indicator():
    phase = PhaseFactory(programme__area=AreaFactory(code="35", level=AreaLevel.PROVINCE))
    return IndicatorFactory(objective=ObjectiveFactory(phase=phase), code="1.1", unit=Unit.COUNT)


def import_file(rows: list) -> SimpleUploadedFile:
    data = json.dumps({"measurements": rows}).encode()
    return SimpleUploadedFile("figures.json", data, content_type="application/json")


def upload(client, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/api/v1/jobs/figures-import/", {"file": file}, format="multipart")


def test_an_import_writes_more_rows_than_one_request_takes(
    admin_api, count_indicator, django_capture_on_commit_callbacks
):
    province = count_indicator.phase.programme.area
    communes = [
        AreaFactory(code=f"35-{n:03d}", parent=province, level=AreaLevel.COMMUNE)
        for n in range(224)
    ]
    periods = [f"{year}{half}" for year in range(2016, 2021) for half in ("", "S1", "S2")]
    values = {Sex.FEMALE: "1", Sex.MALE: "2", Sex.TOTAL: "3"}
    rows = [
        {
            "indicator": count_indicator.pk,
            "area": commune.code,
            "period": period,
            "sex": sex,
            "value": value,
        }
        for commune in communes
        for period in periods
        for sex, value in values.items()
    ]
    assert len(rows) == 10_080

    response = upload(admin_api, import_file(rows), django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.status, job.done, job.total, job.attempts) == (JobStatus.SUCCEEDED, 2, 2, 1)
    assert job.outcome == {"rows": 10_080, "created": 10_080, "updated": 0, "unchanged": 0}
    assert job.payload is None
    assert Measurement.objects.count() == 10_080
    assert Measurement.objects.filter(sex=Sex.TOTAL, value=Decimal("3")).count() == 3_360


def test_an_import_with_a_bad_row_writes_nothing_and_lists_the_errors(
    admin_api, count_indicator, django_capture_on_commit_callbacks
):
    MeasurementFactory(indicator=count_indicator, period="2019", value=Decimal("7"))
    rows = [
        {"indicator": count_indicator.pk, "area": "35", "period": "2020", "value": "5"},
        {"indicator": count_indicator.pk, "area": "99", "period": "2020", "value": "5"},
        {"indicator": count_indicator.pk, "area": "35", "period": "2019", "value": "8"},
    ]

    response = upload(admin_api, import_file(rows), django_capture_on_commit_callbacks)

    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.FAILED
    assert job.outcome == {
        "error_count": 1,
        "errors": [{"index": 1, "field": "area", "message": NO_SUCH_AREA % {"code": "99"}}],
    }
    assert list(Measurement.objects.values_list("period", "value")) == [("2019", Decimal("7"))]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", services.NOT_JSON),
        (b'{"rows": []}', services.NOT_A_LIST),
        (b'{"measurements": []}', services.EMPTY),
        (b'{"measurements": [{}, {}, {}]}', services.TOO_MANY),
    ],
)
def test_a_bad_import_file_is_refused_and_starts_nothing(admin_api, settings, content, message):
    settings.JOBS_IMPORT_MAX_ROWS = 2
    file = SimpleUploadedFile("figures.json", content, content_type="application/json")

    response = admin_api.post("/api/v1/jobs/figures-import/", {"file": file}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {"file": [str(message) % {"max": 2} if "%" in message else message]}
    assert not Job.objects.exists()


def test_an_import_needs_a_file_and_the_permission_to_write_figures(admin_api):
    response = admin_api.post("/api/v1/jobs/figures-import/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ['Send the figures as a JSON file in the field "file".']}

    reader = api_client(user_with_permissions("view_measurement"))
    file = import_file([{"indicator": 1, "area": "35", "period": "2020", "value": "1"}])
    refused = reader.post("/api/v1/jobs/figures-import/", {"file": file}, format="multipart")
    assert refused.status_code == 403
    assert not Job.objects.exists()


def test_a_run_that_raises_is_marked_failed_and_raises_for_the_queue(superuser, monkeypatch):
    from jobs import tasks

    job = Job.objects.create(
        kind=JobKind.NATIONAL_REVIEW,
        created_by=superuser,
        params={"year": 2023, "sector": None, "figures": "all"},
    )

    def broken(job, progress):
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "_runners", lambda: {JobKind.NATIONAL_REVIEW: broken})
    with pytest.raises(RuntimeError):
        tasks.run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.finished_at is not None


def test_a_job_the_queue_cannot_take_is_marked_failed_at_once(
    admin_api, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_EAGER = False
    settings.JOBS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = start(admin_api, "national-review", django_capture_on_commit_callbacks, year=2023)

    assert response.status_code == 202
    job = Job.objects.get()
    assert (job.status, job.stage, job.attempts) == (
        JobStatus.FAILED,
        str(QUEUE_UNREACHABLE),
        0,
    )
