"""Every write on care models that carries a rule: the models, their reports with the
children by group, and the contributions partners make.

The admin, the API, the demo loader and tests all come through here, so a rule holds
whichever door a record comes in by. A refused write raises ValidationError keyed by
field and writes nothing.

Figures derived from the reports (the indicators fed by care models) follow them: after
reports change, or a model with reports changes kind or area, `_reports_changed` calls
the function named by the setting `CARE_REPORTS_CHANGED_HOOK` (config/settings.py wires
`indicators.feeds.on_reports_changed`) with the (kind, area id, year) keys whose sums may
differ. The call is plain and runs inside the write's transaction: a hook that refuses
(an approved figure would change) rolls the care write back, with its message. `care`
may not import `indicators` (DESIGN.md §2), hence the setting instead of an import.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from care.models import (
    COUNT_FIELDS,
    OUTCOME_FIELDS,
    OUTCOMES_BY_KIND,
    OUTCOMES_WITHIN_REACHED,
    CareModel,
    CareModelReport,
    CareModelReportGroup,
    Contribution,
    Partner,
    SpecialCircumstance,
)
from core.periods import (
    PERIOD_MALFORMED,
    is_period,
    overlapping_periods,
    period_bounds,
    period_year,
)

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
REPORT_OUTSIDE_RUNNING_DATES = _(
    "%(model)s did not run in %(period)s (it ran from %(start)s to %(end)s)."
)
STILL_RUNNING = _("now")
PERIOD_ALREADY_REPORTED = _(
    "%(model)s already has a report for %(period)s; change that report instead."
)
PERIOD_OVERLAPS_REPORT = _(
    "%(model)s already has a report for %(other)s, which overlaps %(period)s: report a "
    "year either whole or by half-years, not both."
)
AREA_NOT_VALID_FOR_PERIOD = _("%(area)s was not an administrative unit in %(period)s.")
COUNT_NEGATIVE = _("A count cannot be negative.")
AMOUNT_NEGATIVE = _("An amount of money cannot be negative.")
TOTAL_NOT_FEMALE_PLUS_MALE = _(
    "Children reached (%(total)s) must equal girls (%(female)s) + boys (%(male)s)."
)
OUTCOME_NOT_FOR_KIND = _(
    "This outcome is not counted for a model of the kind “%(kind)s”; leave it empty."
)
OUTCOME_OVER_REACHED = _(
    "%(outcome)s (%(value)s) cannot be more than the children reached (%(total)s)."
)
EMPLOYED_OVER_COMPLETED = _(
    "Children employed (%(employed)s) cannot be more than children who completed "
    "training (%(completed)s)."
)
COMPLETED_OVER_TRAINED = _(
    "Children who completed training (%(completed)s) cannot be more than children "
    "trained (%(trained)s)."
)
GROUP_UNKNOWN = _(
    "“%(group)s” is not one of the 14 groups of children in special circumstances "
    "(Law on Children 2016, Art. 10)."
)
GROUP_OVER_REACHED = _(
    "%(group)s: %(children)s children is more than the %(total)s children reached."
)
CONTRIBUTION_TARGET = _("A contribution goes to one care model or to one programme, not both.")
CONTRIBUTION_EMPTY = _("Give an amount of cash or describe what was given in kind.")
CONTRIBUTION_OUTSIDE_MODEL = _(
    "%(model)s did not run on %(date)s (it ran from %(start)s to %(end)s)."
)


def _add(errors: dict[str, list], name: str, message) -> None:
    errors.setdefault(name, []).append(message)


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
    errors: dict[str, list] = {}
    ends, starts = care_model.ended_on, care_model.started_on
    if starts and ends and ends < starts:
        _add(errors, "ended_on", MODEL_ENDS_BEFORE_START)
    if care_model.area_id and care_model.started_on and "ended_on" not in errors:
        for message in _area_errors(care_model):
            _add(errors, "area", message)
    if care_model.pk and care_model.started_on and not errors:
        before = CareModel.objects.get(pk=care_model.pk)
        reports = list(care_model.reports.values_list("period", flat=True))
        if reports and before.kind != care_model.kind:
            _add(errors, "kind", KIND_FIXED_WITH_REPORTS)
        outside = [p for p in reports if not care_model.runs_during(*period_bounds(p))]
        if outside:
            _add(errors, "ended_on", REPORTS_OUTSIDE_DATES % {"periods": ", ".join(outside)})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def care_model_save(*, care_model: CareModel) -> CareModel:
    """Create or update a care model after checking it."""
    before = CareModel.objects.select_for_update().get(pk=care_model.pk) if care_model.pk else None
    care_model_clean(care_model)
    care_model.full_clean()
    care_model.save()
    if before is not None and (before.area_id, before.kind) != (
        care_model.area_id,
        care_model.kind,
    ):
        years = set(care_model.reports.values_list("year", flat=True))
        _reports_changed(
            {(before.kind, before.area_id, y) for y in years}
            | {(care_model.kind, care_model.area_id, y) for y in years}
        )
    return care_model


@transaction.atomic
def care_model_delete(*, care_model: CareModel) -> None:
    """Delete a care model; one with reports or contributions is protected (ProtectedError)."""
    care_model.delete()


def care_model_report_clean(
    report: CareModelReport, groups: Mapping[str, int] | None = None
) -> None:
    """Check one report against its model, the other reports and its own numbers.

    Fills in `beneficiaries_total` from girls + boys when it is missing.
    """
    errors: dict[str, list] = {}
    model = report.care_model
    period = report.period
    if not is_period(period):
        _add(errors, "period", PERIOD_MALFORMED % {"period": period})
    else:
        start, end = period_bounds(period)
        names = {"model": model.name, "period": period}
        if not model.runs_during(start, end):
            _add(
                errors,
                "period",
                REPORT_OUTSIDE_RUNNING_DATES
                % {
                    **names,
                    "start": model.started_on.isoformat(),
                    "end": model.ended_on.isoformat() if model.ended_on else STILL_RUNNING,
                },
            )
        elif not model.area.is_valid_between(start, end):
            _add(errors, "period", AREA_NOT_VALID_FOR_PERIOD % {"area": model.area.name, **names})
        others = CareModelReport.objects.filter(care_model_id=model.pk).exclude(pk=report.pk)
        if model.pk is None:
            others = others.none()
        if others.filter(period=period).exists():
            _add(errors, "period", PERIOD_ALREADY_REPORTED % names)
        else:
            other = others.filter(period__in=overlapping_periods(period)).first()
            if other is not None:
                _add(errors, "period", PERIOD_OVERLAPS_REPORT % {**names, "other": other.period})

    for name in COUNT_FIELDS:
        value = getattr(report, name)
        if value is not None and value < 0:
            _add(errors, name, COUNT_NEGATIVE)
    for name in ("state_budget_vnd", "mobilised_vnd"):
        value = getattr(report, name)
        if value is not None and value < 0:
            _add(errors, name, AMOUNT_NEGATIVE)
    if errors:
        raise ValidationError(errors)

    female, male = report.beneficiaries_female, report.beneficiaries_male
    if female is not None and male is not None:
        if report.beneficiaries_total is None:
            report.beneficiaries_total = female + male
        elif report.beneficiaries_total != female + male:
            _add(
                errors,
                "beneficiaries_total",
                TOTAL_NOT_FEMALE_PLUS_MALE
                % {"total": report.beneficiaries_total, "female": female, "male": male},
            )
    total = report.beneficiaries_total

    allowed = OUTCOMES_BY_KIND.get(model.kind, ())
    for name in OUTCOME_FIELDS:
        if getattr(report, name) is not None and name not in allowed:
            _add(errors, name, OUTCOME_NOT_FOR_KIND % {"kind": model.get_kind_display()})
    if total is not None:
        for name in OUTCOMES_WITHIN_REACHED:
            value = getattr(report, name)
            if value is not None and name in allowed and value > total:
                label = CareModelReport._meta.get_field(name).verbose_name
                _add(
                    errors,
                    name,
                    OUTCOME_OVER_REACHED
                    % {"outcome": str(label).capitalize(), "value": value, "total": total},
                )
    trained, completed, employed = report.trained, report.completed, report.employed
    if employed is not None and completed is not None and employed > completed:
        _add(
            errors,
            "employed",
            EMPLOYED_OVER_COMPLETED % {"employed": employed, "completed": completed},
        )
    if completed is not None and trained is not None and completed > trained:
        _add(
            errors,
            "completed",
            COMPLETED_OVER_TRAINED % {"completed": completed, "trained": trained},
        )

    for message in group_errors(groups or {}, total):
        _add(errors, "groups", message)
    if errors:
        raise ValidationError(errors)


def group_errors(groups: Mapping[str, int | None], total: int | None) -> list:
    """Messages for counts by group that are unknown, negative or above the total reached."""
    messages = []
    for group, children in groups.items():
        if group not in SpecialCircumstance.values:
            messages.append(GROUP_UNKNOWN % {"group": group})
        elif children is None or children < 0:
            messages.append(COUNT_NEGATIVE)
        elif total is not None and children > total:
            label = SpecialCircumstance(group).label
            messages.append(
                GROUP_OVER_REACHED % {"group": label, "children": children, "total": total}
            )
    return messages


@transaction.atomic
def care_model_report_save(
    *, report: CareModelReport, groups: Mapping[str, int] | None = None
) -> CareModelReport:
    """Create or update a report and, when `groups` is given, its counts by group.

    `groups` maps group codes to children; a group left out (or given 0) is removed.
    Figures fed by care-model reports are recomputed in the same transaction (the hook).
    """
    # Lock the model so two reports for the same period cannot both pass the check.
    model = (
        CareModel.objects.select_for_update().select_related("area").get(pk=report.care_model_id)
    )
    report.care_model = model
    before = CareModelReport.objects.select_for_update().get(pk=report.pk) if report.pk else None
    care_model_report_clean(report, groups)
    report.year = period_year(report.period)
    report.full_clean(exclude=["care_model"], validate_unique=False, validate_constraints=False)
    report.save()
    if groups is not None:
        _save_groups(report, groups)
    years = {report.year} | ({before.year} if before else set())
    _reports_changed({(model.kind, model.area_id, year) for year in years})
    return report


def _save_groups(report: CareModelReport, groups: Mapping[str, int]) -> None:
    """Make the report's group rows match `groups`, each write recorded in the history."""
    current = {row.group: row for row in report.groups.all()}
    for group, row in current.items():
        if not groups.get(group):
            row.delete()
    for group, children in groups.items():
        if not children:
            continue
        row = current.get(group) or CareModelReportGroup(report=report, group=group)
        if row.pk is None or row.children != children:
            row.children = children
            row.save()


@transaction.atomic
def care_model_report_delete(*, report: CareModelReport) -> None:
    """Delete a report and its counts by group; figures fed by it are recomputed."""
    model = report.care_model
    year = report.year
    for row in report.groups.all():
        row.delete()
    report.delete()
    _reports_changed({(model.kind, model.area_id, year)})


def _reports_changed(changes: Iterable[tuple[str, int, int]]) -> None:
    """Call the `CARE_REPORTS_CHANGED_HOOK` with the (kind, area id, year) keys given.

    Inside the caller's transaction, so an error of the hook undoes the care write too.
    No hook set (an installation without derived figures): nothing to follow.
    """
    changes = set(changes)
    hook = getattr(settings, "CARE_REPORTS_CHANGED_HOOK", "")
    if changes and hook:
        import_string(hook)(changes=changes)


@transaction.atomic
def partner_save(*, partner: Partner) -> Partner:
    """Create or update a partner."""
    partner.full_clean()
    partner.save()
    return partner


def contribution_clean(contribution: Contribution) -> None:
    errors: dict[str, list] = {}
    if (contribution.care_model_id is None) == (contribution.programme_id is None):
        _add(errors, "care_model", CONTRIBUTION_TARGET)
    if contribution.cash_vnd is not None and contribution.cash_vnd < 0:
        _add(errors, "cash_vnd", AMOUNT_NEGATIVE)
    elif not contribution.cash_vnd and not (contribution.in_kind_description or "").strip():
        _add(errors, "cash_vnd", CONTRIBUTION_EMPTY)
    model = contribution.care_model
    date = contribution.date
    if model is not None and date is not None and not model.runs_during(date, date):
        _add(
            errors,
            "date",
            CONTRIBUTION_OUTSIDE_MODEL
            % {
                "model": model.name,
                "date": contribution.date.isoformat(),
                "start": model.started_on.isoformat(),
                "end": model.ended_on.isoformat() if model.ended_on else STILL_RUNNING,
            },
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contribution_save(*, contribution: Contribution) -> Contribution:
    """Create or update a contribution to a care model or a programme."""
    contribution_clean(contribution)
    contribution.in_kind_description = (contribution.in_kind_description or "").strip()
    contribution.cash_vnd = contribution.cash_vnd or 0
    contribution.full_clean(validate_constraints=False)
    contribution.save()
    return contribution
