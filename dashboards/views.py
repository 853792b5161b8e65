"""The progress dashboards: server-rendered pages for leaders and officers.

Every page requires a login and the view permission of what it shows, keeps a
data-entry officer to the assigned areas (`dashboards.access`, which applies
`programmes.roles`), reads through the selectors, and passes its chart data as JSON
data blocks read by a static script, so the pages run under a Content-Security-Policy
without inline scripts or styles.
"""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render as django_render
from django.utils import timezone

from awards.models import AwardDecision
from awards.selectors import award_stats
from care.selectors import care_model_summary
from collection.work_queue_views import has_work_queue, work_queue_page
from dashboards import charts, lists, page_tables
from dashboards.access import (
    assigned_areas,
    default_area,
    forbidden,
    permission_required,
    sees_every_area,
)
from dashboards.below_province import below_province
from dashboards.forms import AreaYearFilter, CareModelFilter, CommendationFilter
from dashboards.overview import (
    PROGRAMMES_PER_PAGE,
    latest_years,
    programmes_overview,
    visible_programmes,
)
from dashboards.selectors import (
    default_year,
    indicator_detail,
    latest_care_model_year,
    phase_review,
    unapproved_figures,
    unapproved_until,
)
from dashboards.tables import download
from indicators.models import Indicator, Sex, Target
from programmes.models import Area, Phase
from reports.selectors.changes import issued_report_notices


def render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render a dashboard page with what its layout shows on every page."""
    return django_render(
        request, template, {"department_name": settings.DEPARTMENT_NAME, **context}
    )


APPROVED_ONLY = "approved"


def approved_only(request: HttpRequest) -> bool:
    """`?figures=approved`: only approved figures count, as in the API's read models."""
    return request.GET.get("figures") == APPROVED_ONLY


def figures_notice(request: HttpRequest, unapproved: int) -> dict:
    """What the page says about its figures (approved or not) and the link that switches
    between every figure and approved ones only, the rest of the query kept."""
    query = request.GET.copy()
    only = approved_only(request)
    if only:
        query.pop("figures", None)
    else:
        query["figures"] = APPROVED_ONLY
    return {"approved_only": only, "unapproved": unapproved, "switch": query.urlencode()}


# What each page shows, and so the permission it needs (as the API's ModelPermissions).
VIEW_FIGURES = "indicators.view_measurement"
VIEW_CARE_MODELS = "care.view_caremodel"
VIEW_COMMENDATIONS = "awards.view_awarddecision"
VIEW_REPORTS = "reports.view_reviewreport"


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the work queue for whoever enters or reviews figures (issue #18),
    the progress overview for everyone else."""
    if has_work_queue(request.user):
        return work_queue_page(request)
    return progress(request)


@permission_required(VIEW_FIGURES)
def progress(request: HttpRequest) -> HttpResponse:
    """Every programme and phase with its scorecard and a bar per objective, for the
    programme's area or, for a data-entry officer, the top-most assigned area in it."""
    if not sees_every_area(request.user) and not assigned_areas(request.user):
        return forbidden(request)
    only = approved_only(request)
    # A page of programmes at a time: a national user follows 34 provinces' programmes.
    page = Paginator(visible_programmes(request.user), PROGRAMMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    programmes = programmes_overview(
        user=request.user, approved_only=only, programmes=list(page.object_list)
    )
    unapproved = sum(card.unapproved for p in programmes for card in p.phases)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/home.html",
        {
            "programmes": programmes,
            "page": page,
            "page_query": query.urlencode(),
            "figures": figures_notice(request, unapproved),
        },
    )


def _area_year(
    form: AreaYearFilter, default_area: Area, fallback_year: int | None
) -> tuple[Area, int | None]:
    """The area and year a valid filter chose, or the defaults."""
    if form.is_valid():
        return (
            form.cleaned_data["area"] or default_area,
            form.cleaned_data["year"] or fallback_year,
        )
    return default_area, fallback_year


@permission_required(VIEW_FIGURES)
def phase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Objectives → targets of a phase: status, actual against target, the explanation
    and the previous phase's figure, for an area and year chosen in the URL (an area
    out of the user's scope is not offered and, asked for, ignored like any bad filter)."""
    phase = get_object_or_404(Phase.objects.select_related("programme__area", "previous"), pk=pk)
    start = default_area(request.user, phase.programme.area)
    if start is None:
        return forbidden(request)
    latest = latest_years([phase], user=request.user)
    year = default_year(phase, latest, timezone.localdate())
    form = AreaYearFilter(
        request.GET or None,
        phase=phase,
        user=request.user,
        initial={"area": start, "year": str(year)},
    )
    area, year = _area_year(form, start, year)
    only = approved_only(request)
    review = phase_review(phase=phase, area=area, year=year, approved_only=only)
    unapproved = unapproved_until(unapproved_figures(area=area, phases=[phase]), phase, year)
    tables = {
        "summary": page_tables.phase_summary_table(review),
        "targets": page_tables.phase_targets_table(review),
    }
    if file := download(request, list(tables.values())):
        return file
    # An area without targets of its own, below the province: its actuals against the
    # province's targets and its child areas ranked (#14 point 5).
    below = None
    if not review.scorecard.targets_total:
        below = below_province(phase=phase, area=area, year=year, approved_only=only)
    # The review document and the issued reports: for those who may read reports.
    reads_reports = request.user.has_perm(VIEW_REPORTS)
    return render(
        request,
        "dashboards/phase_detail.html",
        {
            "phase": phase,
            "review": review,
            # The department that owned the programme in the year shown (DOMAIN §4).
            "department_name": phase.programme.owner_on(datetime.date(year, 12, 31)),
            "form": form,
            "area": area,
            "year": year,
            "before_end": year < phase.end_year,
            "figures": figures_notice(request, unapproved),
            "done": review.scorecard.achieved + review.scorecard.on_track,
            "tables": tables,
            "below": below,
            "reads_reports": reads_reports,
            "issued_reports": (
                issued_report_notices(phase=phase, area=area) if reads_reports else []
            ),
        },
    )


def phase_end_target(*, indicator: Indicator, area: Area) -> Target | None:
    """The indicator's target for `area` at the end of its phase (all sexes), whose
    baseline starts the line the on-track rule judges against; one query."""
    return (
        Target.objects.filter(
            indicator=indicator, area=area, year=indicator.phase.end_year, sex=Sex.TOTAL
        )
        .order_by()
        .first()
    )


@permission_required(VIEW_FIGURES)
def indicator_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's actual against target by year (and by sex), every child area's
    figure for a chosen year, and the change on the previous phase. The area shown is
    in the user's scope, and so is every child area listed below it."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("phase__programme__area", "objective", "previous__phase"),
        pk=pk,
    )
    phase = indicator.phase
    start = default_area(request.user, phase.programme.area)
    if start is None:
        return forbidden(request)
    form = AreaYearFilter(request.GET or None, phase=phase, user=request.user)
    area, year = _area_year(form, start, None)
    only = approved_only(request)
    detail = indicator_detail(indicator=indicator, area=area, year=year, approved_only=only)
    tables = {
        "series": page_tables.indicator_series_table(indicator, detail, area.name),
        "areas": page_tables.indicator_areas_table(indicator, detail),
    }
    if file := download(request, list(tables.values())):
        return file
    unapproved = sum(unapproved_figures(area=area, indicator=indicator).values())
    if not form.is_bound:
        # The year shown by default is the latest with a figure, known only now.
        form = AreaYearFilter(
            phase=phase, user=request.user, initial={"area": area, "year": str(detail.year)}
        )
    return render(
        request,
        "dashboards/indicator_detail.html",
        {
            "indicator": indicator,
            "phase": phase,
            "detail": detail,
            "form": form,
            "area": area,
            "chart": charts.indicator_chart(
                indicator, detail, phase_end_target(indicator=indicator, area=area)
            ),
            "figures": figures_notice(request, unapproved),
            "tables": tables,
        },
    )


@permission_required(VIEW_CARE_MODELS)
def care_models(request: HttpRequest) -> HttpResponse:
    """What the care models reach in a year: models running, children by sex, funding.

    Every area by default; a data-entry officer's top-most assigned area instead."""
    today = timezone.localdate()
    start = None
    if not sees_every_area(request.user):
        assigned = assigned_areas(request.user)
        if not assigned:
            return forbidden(request)
        start = assigned[0]
    year, area = latest_care_model_year(request.user, today), start
    form = CareModelFilter(
        request.GET or None,
        initial={"year": year, "area": start},
        today=today,
        user=request.user,
    )
    if form.is_valid():
        year, area = form.cleaned_data["year"], form.cleaned_data["area"] or start
    kinds = charts.care_model_rows(care_model_summary(year=year, area=area))
    totals = charts.care_model_totals(kinds)
    models = lists.care_model_list(user=request.user, year=year, area=area)
    tables = {
        "kinds": page_tables.care_model_kinds_table(kinds, totals),
        "models": lists.care_model_list_table(models, year),
    }
    if file := download(request, list(tables.values())):
        return file
    return render(
        request,
        "dashboards/care_models.html",
        {
            "form": form,
            "year": year,
            "area": area,
            "kinds": kinds,
            "tables": tables,
            "chart": charts.care_model_chart(kinds) if kinds else None,
        },
    )


@permission_required(VIEW_CARE_MODELS)
def care_model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One care model: where and when it ran, who supported it, and every report (a model
    outside the user's areas is not found)."""
    model = get_object_or_404(lists.care_models_visible(request.user), pk=pk)
    tables = {
        "reports": lists.care_model_reports_table(model),
        "contributions": lists.care_model_contributions_table(model),
    }
    if file := download(request, list(tables.values())):
        return file
    return render(
        request,
        "dashboards/care_model_detail.html",
        {"model": model, "partners": lists.partner_names(model), "tables": tables},
    )


@permission_required(VIEW_COMMENDATIONS)
def commendations(request: HttpRequest) -> HttpResponse:
    """Whom the province commended: decisions and recipients by form, kind and sex."""
    form = CommendationFilter(request.GET or None, today=timezone.localdate())
    filters = {"phase": None, "year": None, "programme": None}
    if form.is_valid():
        filters.update({key: form.cleaned_data[key] for key in filters})
    stats = award_stats(**filters)
    by_form = charts.award_form_rows(stats)
    tables = {
        "kinds": page_tables.recipient_kinds_table(charts.recipient_kind_rows(stats), stats),
        "forms": page_tables.award_forms_table(by_form),
        "decisions": lists.decision_list_table(lists.decision_list(**filters)),
    }
    if file := download(request, list(tables.values())):
        return file
    return render(
        request,
        "dashboards/commendations.html",
        {
            "form": form,
            "stats": stats,
            "by_form": by_form,
            "tables": tables,
            "chart": charts.award_chart(by_form) if by_form else None,
        },
    )


@permission_required(VIEW_COMMENDATIONS)
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One award decision and its recipients; an individual's personal details only for
    those who may read them (`awards.privacy`)."""
    decision = get_object_or_404(
        AwardDecision.objects.select_related("form", "programme", "phase"), pk=pk
    )
    table = lists.recipients_table(
        user=request.user, recipients=lists.decision_recipients(decision)
    )
    if file := download(request, [table]):
        return file
    return render(
        request,
        "dashboards/decision_detail.html",
        {"decision": decision, "tables": {"recipients": table}},
    )
