"""A province's phase adopts a national framework's target (`indicators.frameworks`).

The target's legal wording is kept in `source_text` as the framework writes it, and its
milestones that fall inside the phase become the indicator's targets (2025 within
2021–2025; 2030 in 2026–2030; both in a 2021–2030 phase). Where the province sets a
level of its own, the target holds the province's value and `national_value` the
framework's. A target already there for that year (one proposed by the next-phase
plan) is updated and keeps its baseline; an approved plan refuses, as for any target.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from indicators.frameworks import FrameworkTarget
from indicators.frameworks import framework as framework_named
from indicators.models import Indicator, Target, Unit
from indicators.services.targets import target_save
from programmes.models import Area

NO_SUCH_FRAMEWORK = _('No national framework with the code "%(code)s".')
NO_SUCH_FRAMEWORK_TARGET = _('The framework %(framework)s has no target "%(code)s".')
FRAMEWORK_UNIT_DIFFERS = _(
    "The framework's target %(code)s is measured in %(unit)s, the indicator in "
    "%(indicator_unit)s; adopt it for an indicator with the same unit."
)
NO_MILESTONE_IN_PHASE = _(
    "The framework's target %(code)s has milestones in %(years)s, none inside the phase "
    "%(phase)s (%(start)s–%(end)s)."
)
OWN_VALUE_NOT_A_MILESTONE = _(
    "%(year)s is not a milestone of the framework's target %(code)s inside this phase."
)


def framework_reference(framework_code: str, target_code: str) -> str:
    """How a target names the framework target it adopts: "NSGE-2021-2030:2.3"."""
    return f"{framework_code}:{target_code}"


def _milestones_in_phase(item: FrameworkTarget, *, indicator: Indicator, code: str) -> list[int]:
    """The framework target's milestone years inside the indicator's phase; refuses a
    target in another unit or with no milestone there."""
    phase = indicator.phase
    if item.unit != indicator.unit:
        raise ValidationError(
            {
                "indicator": [
                    FRAMEWORK_UNIT_DIFFERS
                    % {
                        "code": code,
                        "unit": Unit(item.unit).label,
                        "indicator_unit": indicator.get_unit_display(),
                    }
                ]
            }
        )
    years = [year for year in item.years if phase.contains_year(year)]
    if not years:
        raise ValidationError(
            {
                "target": [
                    NO_MILESTONE_IN_PHASE
                    % {
                        "code": code,
                        "years": ", ".join(str(y) for y in item.years),
                        "phase": phase.name,
                        "start": phase.start_year,
                        "end": phase.end_year,
                    }
                ]
            }
        )
    return years


@transaction.atomic
def framework_target_adopt(
    *,
    indicator: Indicator,
    framework: str,
    code: str,
    area: Area | None = None,
    values: Mapping[int, Decimal] | None = None,
) -> list[Target]:
    """Give `indicator` the framework target `code`'s milestones inside its phase.

    `area` defaults to the programme's jurisdiction; `values` holds the province's own
    level by milestone year where it differs from the framework's. Refuses (a
    ValidationError keyed by field, nothing written) an unknown framework or target, a
    target in another unit, no milestone inside the phase, an own value for a year that
    is not one of them; an approved plan answers PlanLocked.
    """
    found = framework_named(framework)
    if found is None:
        raise ValidationError({"framework": [NO_SUCH_FRAMEWORK % {"code": framework}]})
    item = found.target(code)
    if item is None:
        raise ValidationError(
            {"target": [NO_SUCH_FRAMEWORK_TARGET % {"framework": found.code, "code": code}]}
        )
    years = _milestones_in_phase(item, indicator=indicator, code=code)
    phase = indicator.phase
    values = dict(values or {})
    for year in values.keys() - set(years):
        raise ValidationError(
            {"values": [OWN_VALUE_NOT_A_MILESTONE % {"year": year, "code": code}]}
        )
    area = area or phase.programme.area
    adopted = []
    for year in years:
        national = item.values[year]
        own = values.get(year)
        target = Target.objects.filter(indicator=indicator, area=area, year=year).first()
        target = target or Target(indicator=indicator, area=area, year=year)
        target.comparator = item.comparators[year]
        target.value = national if own is None else Decimal(own)
        target.national_value = None if own is None or Decimal(own) == national else national
        target.source_text = item.wording
        target.framework_target = framework_reference(found.code, item.code)
        adopted.append(target_save(target=target))
    return adopted
