"""Targets: an indicator's value to reach in an area by a year, with its baseline."""

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import (
    DIRECTION_COMPARATORS,
    DIRECTION_NEEDS_BASELINE,
    VALUE_MAX_ONLY_FOR_BETWEEN,
    Comparator,
    Target,
    Unit,
)
from indicators.services.errors import (
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    PERCENT_OVER_100,
    VALUE_NEGATIVE,
)
from indicators.services.plans import refuse_locked_plan
from indicators.services.writability import area_refusal, phase_refusal


def target_clean(target: Target) -> None:
    """Check a target against its indicator's phase, its area and its unit, and its
    comparator's needs: a range (`between`) its upper value, a direction (`increase` /
    `decrease`, DESIGN §4 rule 2) its baseline, which is then also its value."""
    errors: dict[str, list] = {}
    if target.comparator in DIRECTION_COMPARATORS and target.value is None:
        target.value = target.baseline_value
    indicator, phase = target.indicator, target.indicator.phase
    if target.year and (refusal := phase_refusal(phase, target.year)):
        errors["year"] = [refusal]
    elif target.year and target.area_id and (refusal := area_refusal(target.area, target.year)):
        errors["area"] = [refusal]
    if target.comparator == Comparator.BETWEEN:
        if target.value_max is None or (
            target.value is not None and target.value_max < target.value
        ):
            errors["value_max"] = [VALUE_MAX_ONLY_FOR_BETWEEN]
    elif target.value_max is not None:
        errors["value_max"] = [VALUE_MAX_ONLY_FOR_BETWEEN]
    if target.comparator in DIRECTION_COMPARATORS and (
        target.baseline_value is None or target.value != target.baseline_value
    ):
        errors["comparator"] = [DIRECTION_NEEDS_BASELINE]
    for name in ("value", "value_max", "baseline_value"):
        number = getattr(target, name)
        if number is None:
            continue
        if number < 0:
            errors.setdefault(name, []).append(VALUE_NEGATIVE)
        elif indicator.unit == Unit.PERCENT and number > 100:
            errors.setdefault(name, []).append(PERCENT_OVER_100)
    if (target.baseline_value is None) != (target.baseline_year is None):
        errors.setdefault("baseline_year", []).append(BASELINE_INCOMPLETE)
    elif target.baseline_year and target.year and target.baseline_year >= target.year:
        errors.setdefault("baseline_year", []).append(BASELINE_AFTER_TARGET)
    if errors:
        raise ValidationError(errors)


def _refuse_locked(target: Target) -> None:
    """A target of an approved plan, or one moving into one, is locked (PlanLocked)."""
    if target.pk is not None:
        stored = Target.objects.select_related("indicator__phase").filter(pk=target.pk).first()
        if stored is not None:
            refuse_locked_plan(stored.indicator.phase)
    refuse_locked_plan(target.indicator.phase)


@transaction.atomic
def target_save(*, target: Target) -> Target:
    """Create or update a target after checking it; ValidationError keyed by field if bad.

    A target of a phase whose plan is approved is locked: PlanLocked (409), nothing written.
    """
    _refuse_locked(target)
    target_clean(target)
    target.full_clean(exclude=["indicator", "area"])
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target) -> None:
    """Delete a target, unless its phase's plan is approved (PlanLocked)."""
    _refuse_locked(target)
    target.delete()
