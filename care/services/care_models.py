"""Care models: their dates, their area, and what their reports forbid changing."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from care.models import CareModel
from care.services.base import Errors, add_error, reports_changed, set_fields
from core.periods import period_bounds
from programmes.models import Area, Programme

MODEL_ENDS_BEFORE_START = _("A care model cannot end before it starts.")
AREA_NOT_VALID_FOR_DATES = _(
    "%(area)s was not an administrative unit for the whole time from %(start)s to %(end)s; "
    "choose the unit valid in those years."
)
REPORTS_OUTSIDE_DATES = _(
    "The model has reports for %(periods)s, outside the new dates; "
    "change or delete those reports first."
)
KIND_FIXED_WITH_REPORTS = _(
    "The kind of a care model with reports cannot change: its reports count the outcomes "
    "of its kind. Delete the reports first, or record a new model."
)
CARE_MODEL_FIELDS = (
    "kind",
    "name",
    "area",
    "programme",
    "started_on",
    "ended_on",
    "implementing_agency",
    "description",
)


def _area_errors(care_model: CareModel) -> list:
    """The model's area must have existed for its whole span (to its start if open)."""
    start = care_model.started_on
    end = care_model.ended_on or start
    area = care_model.area
    covers = (area.valid_from is None or area.valid_from <= start) and (
        area.valid_to is None or area.valid_to >= end
    )
    if covers:
        return []
    return [
        AREA_NOT_VALID_FOR_DATES
        % {"area": area.name, "start": start.isoformat(), "end": end.isoformat()}
    ]


def care_model_clean(care_model: CareModel) -> None:
    """Check a care model's dates and area, and, for one saved before, its reports."""
    errors: Errors = {}
    ends, starts = care_model.ended_on, care_model.started_on
    if starts and ends and ends < starts:
        add_error(errors, "ended_on", MODEL_ENDS_BEFORE_START)
    if care_model.area_id and care_model.started_on and "ended_on" not in errors:
        for message in _area_errors(care_model):
            add_error(errors, "area", message)
    if care_model.pk and care_model.started_on and not errors:
        before = CareModel.objects.get(pk=care_model.pk)
        reports = list(care_model.reports.values_list("period", flat=True))
        if reports and before.kind != care_model.kind:
            add_error(errors, "kind", KIND_FIXED_WITH_REPORTS)
        outside = [p for p in reports if not care_model.runs_during(*period_bounds(p))]
        if outside:
            add_error(errors, "ended_on", REPORTS_OUTSIDE_DATES % {"periods": ", ".join(outside)})
    if errors:
        raise ValidationError(errors)


def _save(care_model: CareModel, before: CareModel | None) -> CareModel:
    care_model_clean(care_model)
    care_model.full_clean()
    care_model.save()
    if before is not None and (before.area_id, before.kind) != (
        care_model.area_id,
        care_model.kind,
    ):
        years = set(care_model.reports.values_list("year", flat=True))
        reports_changed(
            {(before.kind, before.area_id, y) for y in years}
            | {(care_model.kind, care_model.area_id, y) for y in years}
        )
    return care_model


@transaction.atomic
def care_model_create(
    *,
    kind: str,
    name: str,
    area: Area,
    started_on: datetime.date,
    implementing_agency: str,
    programme: Programme | None = None,
    ended_on: datetime.date | None = None,
    description: str = "",
) -> CareModel:
    """Record a care model after checking its dates against its area's."""
    care_model = CareModel(
        kind=kind,
        name=name,
        area=area,
        programme=programme,
        started_on=started_on,
        ended_on=ended_on,
        implementing_agency=implementing_agency,
        description=description,
    )
    return _save(care_model, before=None)


@transaction.atomic
def care_model_update(*, care_model: CareModel, **changes: Any) -> CareModel:
    """Change a care model's fields (`CARE_MODEL_FIELDS`) on `care_model` and save it.

    A model with reports keeps its kind and dates that cover them. A new kind or area
    moves the sums of its reports: the figures derived from them follow.
    """
    before = CareModel.objects.select_for_update().get(pk=care_model.pk)
    set_fields(care_model, CARE_MODEL_FIELDS, changes)
    return _save(care_model, before)
