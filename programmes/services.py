"""Every write on the frame that carries a rule.

Giving a person a role and areas; care models, their reports, partners and contributions.
The admin, the API, the management commands, the demo loader and tests all come through
here, so a rule holds whichever door a record comes in by. A refused write raises
ValidationError keyed by field and writes nothing. After reports change,
`care_model_reports_changed` tells the apps that derive figures from them (the indicators)
what to recompute.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.periods import (
    PERIOD_MALFORMED,
    is_period,
    overlapping_periods,
    period_bounds,
    period_year,
)
from programmes.models import (
    COUNT_FIELDS,
    OUTCOME_FIELDS,
    OUTCOMES_BY_KIND,
    OUTCOMES_WITHIN_REACHED,
    Area,
    AreaAssignment,
    CareModel,
    CareModelReport,
    CareModelReportGroup,
    Contribution,
    Partner,
    SpecialCircumstance,
)
from programmes.roles import DATA_ENTRY, ROLES, forget_area_scope
from programmes.signals import care_model_reports_changed

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
        _announce(
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
    Figures fed by care-model reports are recomputed in the same transaction.
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
    _announce({(model.kind, model.area_id, year) for year in years})
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
    _announce({(model.kind, model.area_id, year)})


def _announce(changes: Iterable[tuple[str, int, int]]) -> None:
    changes = set(changes)
    if changes:
        care_model_reports_changed.send(sender=CareModelReport, changes=changes)


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


UNKNOWN_ROLE = _('Unknown role "%(role)s"; choose one of: %(roles)s.')
UNKNOWN_AREAS = _("No area with the code(s): %(codes)s.")
DATA_ENTRY_NEEDS_AREA = _(
    "A data-entry officer needs at least one area (--area CODE); without one they see nothing."
)


@transaction.atomic
def role_grant(
    *,
    username: str,
    role: str,
    area_codes: Sequence[str] = (),
    password: str | None = None,
) -> tuple[AbstractBaseUser, bool]:
    """Give `username` exactly the role `role` and exactly the areas `area_codes`.

    Creates the user if missing (active, staff so they can sign in to the admin, with an
    unusable password unless one is given). Removes the user from every other group and
    replaces the assigned areas. Refuses an unknown role, unknown area codes, a weak
    password, and a data-entry officer without an area; then nothing is written.
    Returns the user and whether it was created.
    """
    errors: dict[str, list] = {}
    if role not in ROLES:
        errors["role"] = [UNKNOWN_ROLE % {"role": role, "roles": ", ".join(ROLES)}]
    codes = list(dict.fromkeys(area_codes))
    areas = list(Area.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {area.code for area in areas})
    if missing:
        errors["area"] = [UNKNOWN_AREAS % {"codes": ", ".join(missing)}]
    if role == DATA_ENTRY and not codes:
        errors.setdefault("area", []).append(DATA_ENTRY_NEEDS_AREA)
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    user.is_active = True
    user.is_staff = True
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    # One by one (a user has a handful of areas) so each change enters the audit trail.
    for assignment in AreaAssignment.objects.filter(user=user).exclude(area__in=areas):
        assignment.delete()
    for area in areas:
        AreaAssignment.objects.get_or_create(user=user, area=area)
    forget_area_scope(user)
    return user, created
