"""The project's URLs plus the plain views the benchmarks compare the API with."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core.numbers import plain_text
from indicators.models import Measurement

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


@login_required
def plain_measurements(request):
    """The rows of one API page, filtered and ordered alike, as JSON with no framework."""
    page = int(request.GET.get("page", 1))
    size = int(request.GET.get("page_size", 100))
    rows = Measurement.objects.all()
    if "phase" in request.GET:
        rows = rows.filter(indicator__phase=request.GET["phase"])
    if "year" in request.GET:
        rows = rows.filter(year=request.GET["year"])
    rows = rows.values_list(*PLAIN_FIELDS)[(page - 1) * size : page * size]
    results = [
        {
            "id": row[0],
            "indicator": row[1],
            "area": row[2],
            "period": row[3],
            "year": row[4],
            "sex": row[5],
            "value": plain_text(row[6]),
            "numerator": plain_text(row[7]),
            "denominator": plain_text(row[8]),
            "status": row[9],
            "note": row[10],
            "version": row[11],
        }
        for row in rows
    ]
    return JsonResponse({"results": results})


urlpatterns = [
    path("bench/plain-measurements/", plain_measurements, name="bench-plain-measurements"),
    *project_urlpatterns,
]
