"""The work queue page (an officer's home) and its "Gửi duyệt tất cả" button.

The page reads through `collection.work_queue`; the button submits every draft and
returned figure of one area and period through `measurements_transition`, all or none,
and shows the submitter what the figures break (rule 10). `dashboards.views.home` shows
this page to whoever enters or reviews figures.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from collection.work_queue import work_queue
from indicators.models import Measurement, MeasurementStatus
from indicators.services import APPROVE, SUBMIT, FigureRefused, measurements_transition
from indicators.services.quality import quality_warnings
from programmes.models import Area, Phase
from programmes.roles import area_scope

SUBMITTED_ALL = _("%(count)s figure(s) submitted for review.")
NOTHING_TO_SUBMIT = _("There was nothing to submit for %(area)s, %(period)s.")
NOTHING_SUBMITTED = _("Nothing was submitted: %(error)s")
CHECK_WARNING = _("Check: %(warning)s")


def has_work_queue(user) -> bool:
    """Who gets the work queue as their home: those who enter or review figures
    (administrators keep the progress overview; the queue is a link away)."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and (user.has_perm(SUBMIT.permission) or user.has_perm(APPROVE.permission))
    )


def today():
    """The day the queue is for (a function, so a test can name its own day)."""
    return timezone.localdate()


@login_required
def work_queue_page(request: HttpRequest) -> HttpResponse:
    """What is due, missing, draft, returned (and why) and awaiting review in the user's
    areas and open periods; for a reviewer also the review queue and completeness."""
    user = request.user
    reviews, enters = user.has_perm(APPROVE.permission), user.has_perm(SUBMIT.permission)
    # A data-entry officer without any assigned area has nothing to see, as elsewhere.
    if not (reviews or enters) or area_scope(user) == []:
        return render(
            request,
            "dashboards/forbidden.html",
            {"department_name": settings.DEPARTMENT_NAME},
            status=403,
        )
    queue = work_queue(user=user, today=today(), review=reviews)
    context = {
        "queue": queue,
        "may_submit": enters,
        "work_queue_page": True,
        "department_name": settings.DEPARTMENT_NAME,
    }
    return render(request, "collection/work_queue.html", context)


@login_required
@require_POST
def submit_all(request: HttpRequest) -> HttpResponse:
    """Submit every draft or returned figure of one area, phase and period: all or none."""
    user = request.user
    area = Area.objects.filter(code=request.POST.get("area", "")).first()
    phase = Phase.objects.filter(pk=_int(request.POST.get("phase"))).first()
    period = request.POST.get("period", "")
    if area is None or phase is None:
        return redirect("dashboards:home")
    figures = list(
        Measurement.objects.visible_to(user)
        .filter(
            indicator__phase=phase,
            area=area,
            period=period,
            status__in=(MeasurementStatus.DRAFT, MeasurementStatus.RETURNED),
        )
        .order_by("indicator_id", "sex")
    )
    if not figures:
        names = {"area": area.name, "period": period}
        messages.warning(request, NOTHING_TO_SUBMIT % names)
        return redirect("dashboards:home")
    try:
        moved = measurements_transition(measurements=figures, user=user, transition=SUBMIT)
    except (FigureRefused, PermissionDenied) as error:
        messages.error(request, NOTHING_SUBMITTED % {"error": error})
        return redirect("dashboards:home")
    except ValidationError as error:
        messages.error(request, NOTHING_SUBMITTED % {"error": " ".join(error.messages)})
        return redirect("dashboards:home")
    messages.success(request, SUBMITTED_ALL % {"count": len(moved)})
    for warning in quality_warnings(moved).messages:
        messages.warning(request, CHECK_WARNING % {"warning": warning})
    return redirect("dashboards:home")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None
