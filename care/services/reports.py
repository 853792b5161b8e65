"""Care-model reports and their children by group: the period, the counts, the outcomes
of the model's kind; every change passed on to the figures derived from the reports."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from care.choices import (
    CHILD_GROUP_LABELS,
    COUNT_FIELDS,
    OUTCOME_FIELDS,
    OUTCOMES_BY_KIND,
    OUTCOMES_WITHIN_REACHED,
)
from care.models import CareModel, CareModelReport, CareModelReportGroup, ChildGroup
from care.services.base import (
    AMOUNT_NEGATIVE,
    COUNT_NEGATIVE,
    STILL_RUNNING,
    Errors,
    add_error,
    reports_changed,
    set_fields,
)
from core.periods import (
    PERIOD_MALFORMED,
    is_period,
    overlapping_periods,
    period_bounds,
    period_year,
)

REPORT_OUTSIDE_RUNNING_DATES = _(
    "%(model)s did not run in %(period)s (it ran from %(start)s to %(end)s)."
)
PERIOD_ALREADY_REPORTED = _(
    "%(model)s already has a report for %(period)s; change that report instead."
)
PERIOD_OVERLAPS_REPORT = _(
    "%(model)s already has a report for %(other)s, which overlaps %(period)s: report a "
    "year either whole or by half-years, not both."
)
AREA_NOT_VALID_FOR_PERIOD = _("%(area)s was not an administrative unit in %(period)s.")
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
GROUP_NOT_IN_FORCE = _(
    "“%(group)s” was not a group of children in special circumstances in %(period)s: "
    "reports for that period use the groups of %(law)s."
)
GROUP_OVER_REACHED = _(
    "%(group)s: %(children)s children is more than the %(total)s children reached."
)
CARE_MODEL_FIXED = _(
    "A report cannot move to another care model; delete it and report under the other model."
)
MONEY_FIELDS = ("state_budget_vnd", "mobilised_vnd")
REPORT_FIELDS = (
    "care_model",
    "period",
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    *OUTCOME_FIELDS,
    "state_budget_vnd",
    "mobilised_vnd",
    "note",
)


def report_total(report: CareModelReport) -> int | None:
    """The children a report reached: the total given, else girls + boys when both are."""
    female, male = report.beneficiaries_female, report.beneficiaries_male
    if report.beneficiaries_total is None and None not in (female, male):
        return female + male
    return report.beneficiaries_total


def _period_errors(errors: Errors, report: CareModelReport, model: CareModel) -> None:
    """The period is well formed, inside the model's run and its area's life, and no
    other report of the model covers any of it."""
    period = report.period
    if not is_period(period):
        add_error(errors, "period", PERIOD_MALFORMED % {"period": period})
        return
    start, end = period_bounds(period)
    names = {"model": model.name, "period": period}
    if not model.runs_during(start, end):
        ran_to = model.ended_on.isoformat() if model.ended_on else STILL_RUNNING
        dates = {"start": model.started_on.isoformat(), "end": ran_to}
        add_error(errors, "period", REPORT_OUTSIDE_RUNNING_DATES % {**names, **dates})
    elif not model.area.is_valid_between(start, end):
        add_error(errors, "period", AREA_NOT_VALID_FOR_PERIOD % {"area": model.area.name, **names})
    others = CareModelReport.objects.filter(care_model_id=model.pk).exclude(pk=report.pk)
    if model.pk is None:
        others = others.none()
    if others.filter(period=period).exists():
        add_error(errors, "period", PERIOD_ALREADY_REPORTED % names)
    else:
        other = others.filter(period__in=overlapping_periods(period)).first()
        if other is not None:
            add_error(errors, "period", PERIOD_OVERLAPS_REPORT % {**names, "other": other.period})


def _sign_errors(errors: Errors, report: CareModelReport) -> None:
    """No count and no amount of money is negative."""
    for names, message in ((COUNT_FIELDS, COUNT_NEGATIVE), (MONEY_FIELDS, AMOUNT_NEGATIVE)):
        for name in names:
            value = getattr(report, name)
            if value is not None and value < 0:
                add_error(errors, name, message)


def _total_errors(errors: Errors, report: CareModelReport) -> None:
    """Children reached are girls + boys; filled in from them when left empty."""
    female, male = report.beneficiaries_female, report.beneficiaries_male
    given = report.beneficiaries_total
    report.beneficiaries_total = report_total(report)
    if given is not None and None not in (female, male) and given != female + male:
        numbers = {"total": given, "female": female, "male": male}
        add_error(errors, "beneficiaries_total", TOTAL_NOT_FEMALE_PLUS_MALE % numbers)


def _outcome_errors(errors: Errors, report: CareModelReport, model: CareModel) -> None:
    """Only the outcomes of the model's kind, none above the children reached, and no
    more employed than completed, nor completed than trained."""
    total = report.beneficiaries_total
    allowed = OUTCOMES_BY_KIND.get(model.kind, ())
    for name in OUTCOME_FIELDS:
        if getattr(report, name) is not None and name not in allowed:
            add_error(errors, name, OUTCOME_NOT_FOR_KIND % {"kind": model.get_kind_display()})
    for name in OUTCOMES_WITHIN_REACHED if total is not None else ():
        value = getattr(report, name)
        if value is not None and name in allowed and value > total:
            label = str(CareModelReport._meta.get_field(name).verbose_name).capitalize()
            numbers = {"outcome": label, "value": value, "total": total}
            add_error(errors, name, OUTCOME_OVER_REACHED % numbers)
    trained, completed, employed = report.trained, report.completed, report.employed
    if employed is not None and completed is not None and employed > completed:
        numbers = {"employed": employed, "completed": completed}
        add_error(errors, "employed", EMPLOYED_OVER_COMPLETED % numbers)
    if completed is not None and trained is not None and completed > trained:
        numbers = {"completed": completed, "trained": trained}
        add_error(errors, "completed", COMPLETED_OVER_TRAINED % numbers)


def group_errors(
    groups: Mapping[str, int | None], total: int | None, period: str | None = None
) -> list:
    """Messages for counts by group that are unknown, negative or above the total reached,
    and, given the report's `period`, for a group not in force on the period's last day
    (the 14 groups of the Law on Children apply from 2017-06-01, the 2004 law's 10 before).
    """
    messages = []
    in_force = _groups_in_force(period) if groups and period and is_period(period) else None
    for group, children in groups.items():
        if group not in CHILD_GROUP_LABELS:
            messages.append(GROUP_UNKNOWN % {"group": group})
        elif in_force is not None and group not in in_force[0]:
            label = CHILD_GROUP_LABELS[group]
            messages.append(
                GROUP_NOT_IN_FORCE % {"group": label, "period": period, "law": in_force[1]}
            )
        elif children is None or children < 0:
            messages.append(COUNT_NEGATIVE)
        elif total is not None and children > total:
            label = CHILD_GROUP_LABELS[group]
            messages.append(
                GROUP_OVER_REACHED % {"group": label, "children": children, "total": total}
            )
    return messages


def _groups_in_force(period: str) -> tuple[set[str], str]:
    """The codes of the groups in force on `period`'s last day, and their law (one query)."""
    last_day = period_bounds(period)[1]
    groups = [group for group in ChildGroup.objects.all() if group.applies_on(last_day)]
    return {group.code for group in groups}, ", ".join(sorted({group.law for group in groups}))


def care_model_report_clean(
    report: CareModelReport, groups: Mapping[str, int] | None = None
) -> None:
    """Check one report against its model, the other reports and its own numbers.

    Fills in `beneficiaries_total` from girls + boys when it is missing. The period and
    the signs are checked first: the sums below mean nothing without them.
    """
    errors: Errors = {}
    model = report.care_model
    _period_errors(errors, report, model)
    _sign_errors(errors, report)
    if errors:
        raise ValidationError(errors)
    _total_errors(errors, report)
    _outcome_errors(errors, report, model)
    for message in group_errors(groups or {}, report.beneficiaries_total, report.period):
        add_error(errors, "groups", message)
    if errors:
        raise ValidationError(errors)


def _save(report: CareModelReport, groups: Mapping[str, int] | None) -> CareModelReport:
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
    reports_changed({(model.kind, model.area_id, year) for year in years})
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
def care_model_report_create(
    *,
    care_model: CareModel,
    period: str,
    beneficiaries_female: int,
    beneficiaries_male: int,
    beneficiaries_total: int | None = None,
    function_improved: int | None = None,
    placements_active: int | None = None,
    children_reintegrated: int | None = None,
    trained: int | None = None,
    completed: int | None = None,
    employed: int | None = None,
    sessions: int | None = None,
    condition_improved: int | None = None,
    state_budget_vnd: int = 0,
    mobilised_vnd: int = 0,
    note: str = "",
    groups: Mapping[str, int] | None = None,
) -> CareModelReport:
    """Record a report and its counts by group (`groups`: group code -> children).

    Children reached are computed from girls + boys when not given. Figures fed by
    care-model reports are recomputed in the same transaction.
    """
    report = CareModelReport(
        care_model=care_model,
        period=period,
        beneficiaries_female=beneficiaries_female,
        beneficiaries_male=beneficiaries_male,
        beneficiaries_total=beneficiaries_total,
        function_improved=function_improved,
        placements_active=placements_active,
        children_reintegrated=children_reintegrated,
        trained=trained,
        completed=completed,
        employed=employed,
        sessions=sessions,
        condition_improved=condition_improved,
        state_budget_vnd=state_budget_vnd,
        mobilised_vnd=mobilised_vnd,
        note=note,
    )
    return _save(report, groups)


@transaction.atomic
def care_model_report_update(
    *, report: CareModelReport, groups: Mapping[str, int] | None = None, **changes: Any
) -> CareModelReport:
    """Change a report's fields (`REPORT_FIELDS`) on `report` and save it.

    `groups`, when given, replaces the counts by group (a group left out, or given 0,
    is removed). A report stays with its model: the figures derived from it are keyed on
    the model's kind and area. New girls or boys without a new total recompute the total.
    Figures fed by care-model reports are recomputed in the same transaction.
    """
    if "care_model" in changes and getattr(changes["care_model"], "pk", None) != (
        report.care_model_id
    ):
        raise ValidationError({"care_model": [CARE_MODEL_FIXED]})
    girls_or_boys = {"beneficiaries_female", "beneficiaries_male"} & changes.keys()
    if girls_or_boys and "beneficiaries_total" not in changes:
        changes["beneficiaries_total"] = None  # recomputed from girls + boys
    set_fields(report, REPORT_FIELDS, changes)
    return _save(report, groups)


@transaction.atomic
def care_model_report_delete(*, report: CareModelReport) -> None:
    """Delete a report and its counts by group; figures fed by it are recomputed."""
    model = report.care_model
    year = report.year
    for row in report.groups.all():
        row.delete()
    report.delete()
    reports_changed({(model.kind, model.area_id, year)})
