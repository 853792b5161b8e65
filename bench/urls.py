"""The project's URLs plus the plain views the benchmarks compare the API with.

Each plain view is what a hand-written Django view would do for the same answer: signed
in, one lookup, one SQL query or one `values_list`, `JsonResponse` or a CSV writer — no
REST framework, no serializer, no read model. `make bench` times one of them beside the
API; `make load` (served with `bench.serve_settings`) runs the whole load against them as
the baseline of its throughput target.
"""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from bench.sql import PROGRESS_SUMMARY_SQL, SCORECARD_SUMMARY_SQL
from config.urls import urlpatterns as project_urlpatterns
from core.numbers import plain_text
from indicators.models import Indicator, Measurement
from programmes.models import Phase

PLAIN_FIELDS = (
    "id",
    "indicator_id",
    "area__code",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "version",
)
PLAIN_NAMES = [field.removesuffix("_id").removesuffix("__code") for field in PLAIN_FIELDS]
DECIMALS = {"value", "numerator", "denominator"}


def _figures(request):
    rows = Measurement.objects.all()
    for name in ("phase", "year", "indicator", "sex"):
        if name in request.GET:
            field = "indicator__phase" if name == "phase" else name
            rows = rows.filter(**{field: request.GET[name]})
    return rows.order_by("indicator_id", "area_id", "period", "sex").values_list(*PLAIN_FIELDS)


def _plain(row) -> dict:
    return {
        name: plain_text(value) if name in DECIMALS else value
        for name, value in zip(PLAIN_NAMES, row, strict=True)
    }


@login_required
def plain_measurements(request):
    """The rows of one API page, filtered and ordered alike, as JSON with no framework."""
    page = int(request.GET.get("page", 1))
    size = int(request.GET.get("page_size", 100))
    rows = _figures(request)[(page - 1) * size : page * size]
    return JsonResponse({"results": [_plain(row) for row in rows]})


@login_required
def plain_measurements_csv(request):
    """Every row the filters select as CSV, streamed, as `?format=csv` gives them."""

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PLAIN_NAMES)
        for row in _figures(request).iterator(chunk_size=2000):
            writer.writerow(_plain(row).values())
            if buffer.tell() > 65536:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


def _sql_rows(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@login_required
def plain_scorecard(request, pk: int):
    """A province phase's scorecard from one SQL query over the summaries."""
    phase = get_object_or_404(Phase.objects.select_related("programme"), pk=pk)
    params = {"phase": phase.pk, "area": phase.programme.area_id, "year": phase.end_year}
    lines = _sql_rows(SCORECARD_SUMMARY_SQL, params)
    counts = ("targets_total", "achieved", "not_achieved", "no_data")
    return JsonResponse(
        {
            "phase": phase.pk,
            "year": phase.end_year,
            **{name: lines[0][name] if lines else 0 for name in counts},
            "targets": [
                {
                    "target": line["target"],
                    "indicator": line["indicator"],
                    "indicator_code": line["indicator_code"],
                    "objective": line["objective"],
                    "comparator": line["comparator"],
                    "target_value": plain_text(line["target_value"]),
                    "actual": plain_text(line["actual"]),
                    "status": line["status"],
                }
                for line in lines
            ],
        }
    )


@login_required
def plain_progress(request, pk: int):
    """An indicator's yearly actual against target from one SQL query over the summaries."""
    indicator = get_object_or_404(Indicator.objects.select_related("phase__programme"), pk=pk)
    params = {"indicator": indicator.pk, "area": indicator.phase.programme.area_id}
    series = [
        {
            "period": row["period"],
            "actual": plain_text(row["actual"]),
            "target": plain_text(row["target"]),
        }
        for row in _sql_rows(PROGRESS_SUMMARY_SQL, params)
    ]
    return JsonResponse({"indicator": indicator.pk, "series": series})


urlpatterns = [
    path("bench/plain-measurements/", plain_measurements, name="bench-plain-measurements"),
    path("bench/plain-measurements.csv", plain_measurements_csv, name="bench-plain-csv"),
    path("bench/plain-scorecard/<int:pk>/", plain_scorecard, name="bench-plain-scorecard"),
    path("bench/plain-progress/<int:pk>/", plain_progress, name="bench-plain-progress"),
    *project_urlpatterns,
]
