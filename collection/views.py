"""The completeness and data-quality pages, for the officer chasing figures before a
deadline and checking the odd ones before approving.

Each page needs the permission to view figures and keeps a data-entry officer to the
assigned areas; it reads through `collection.completeness` and `collection.quality`,
the same functions as the API, and sorts on the server (no script needed).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection.completeness import AreaCompleteness, completeness
from collection.forms import CompletenessFilter, DataQualityFilter
from collection.quality import data_quality
from programmes.models import Area, Phase, Programme
from programmes.roles import area_in_scope, area_scope

VIEW_FIGURES = "indicators.view_measurement"
# column key -> (label, how a row sorts by it)
COLUMNS = {
    "area": (_("Area"), lambda row: row.area.name),
    "expected": (_("Expected"), lambda row: row.expected),
    "received": (_("Received"), lambda row: row.received),
    "missing": (_("Missing"), lambda row: row.missing),
    "on_time": (_("On time"), lambda row: row.on_time),
    "rate": (_("Completeness"), lambda row: row.rate_percent if row.expected else -1),
    "on_time_rate": (_("Timeliness"), lambda row: row.on_time_percent if row.expected else -1),
}


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        template,
        {**context, "department_name": settings.DEPARTMENT_NAME},
        status=status,
    )


def _forbidden(request: HttpRequest) -> HttpResponse:
    return _page(request, "dashboards/forbidden.html", {}, status=403)


def _start_area(user, root: Area) -> Area | None:
    """`root` when the user may see it, else the top-most assigned area inside it."""
    if area_in_scope(user, root):
        return root
    inside = [path for path in area_scope(user) or [] if path.startswith(root.path)]
    if not inside:
        return None
    return Area.objects.filter(path=min(inside, key=lambda p: (p.count("/"), p))).first()


def _sorted(rows: list[AreaCompleteness], key: str) -> tuple[list, str]:
    name = key.lstrip("-")
    if name not in COLUMNS:
        return rows, ""
    return sorted(rows, key=COLUMNS[name][1], reverse=key.startswith("-")), key


def _headers(query: QueryDict, current: str) -> list[dict]:
    """Each column's label, the link that sorts by it, and whether it sorts now."""
    headers = []
    for name, (label, _key) in COLUMNS.items():
        ascending = current == name
        params = query.copy()
        params["sort"] = f"-{name}" if ascending else name
        state = "ascending" if ascending else "descending" if current == f"-{name}" else ""
        headers.append(
            {"name": name, "label": label, "href": "?" + params.urlencode(), "sort": state}
        )
    return headers


@login_required
def completeness_page(request: HttpRequest) -> HttpResponse:
    """Expected, received and on-time figures for a programme, period and area, and each
    child area's state, sortable by any column."""
    if not request.user.has_perm(VIEW_FIGURES):
        return _forbidden(request)
    programmes = list(Programme.objects.select_related("area").order_by("code"))
    chosen = next(
        (p for p in programmes if str(p.pk) == request.GET.get("programme")),
        programmes[0] if programmes else None,
    )
    if chosen is None:
        return _page(request, "collection/completeness.html", {"result": None})
    start = _start_area(request.user, chosen.area)
    if start is None:
        return _forbidden(request)
    last_phase = chosen.phases.order_by("-end_year").first()
    today = timezone.localdate()
    year = min(today.year - 1, last_phase.end_year) if last_phase else today.year - 1
    initial = {"programme": chosen.pk, "period": str(year), "area": start.code}
    form = CompletenessFilter(
        request.GET or None, programme=chosen, user=request.user, initial=initial
    )
    period, area = initial["period"], start
    if form.is_valid():
        period = form.cleaned_data["period"]
        area = form.cleaned_data["area"] or start
    result, error = None, None
    try:
        result = completeness(programme=chosen, period=period, area=area)
    except ValidationError as invalid:
        error = " ".join(
            message for messages in invalid.message_dict.values() for message in messages
        )
    rows, sort = _sorted(result.areas if result else [], request.GET.get("sort", ""))
    context = {
        "form": form,
        "result": result,
        "error": error,
        "rows": rows,
        "headers": _headers(request.GET, sort),
    }
    return _page(request, "collection/completeness.html", context)


@login_required
def data_quality_page(request: HttpRequest) -> HttpResponse:
    """Rules broken and outlying figures of a phase in an area's tree for a year."""
    if not request.user.has_perm(VIEW_FIGURES):
        return _forbidden(request)
    phases = list(
        Phase.objects.select_related("programme__area").order_by("programme__code", "-start_year")
    )
    chosen = next(
        (p for p in phases if str(p.pk) == request.GET.get("phase")),
        phases[0] if phases else None,
    )
    if chosen is None:
        return _page(request, "collection/data_quality.html", {"findings": None})
    start = _start_area(request.user, chosen.programme.area)
    if start is None:
        return _forbidden(request)
    year = min(timezone.localdate().year - 1, chosen.end_year)
    year = max(year, chosen.start_year)
    initial = {"phase": chosen.pk, "year": str(year), "area": start.code}
    form = DataQualityFilter(request.GET or None, phase=chosen, user=request.user, initial=initial)
    area = start
    if form.is_valid():
        area = form.cleaned_data["area"] or start
        year = form.cleaned_data["year"]
    findings = data_quality(phase=chosen, area=area, year=year)
    context = {
        "form": form,
        "findings": findings,
        "phase": chosen,
        "area": area,
        "year": year,
        "can_edit": request.user.is_staff,
    }
    return _page(request, "collection/data_quality.html", context)
