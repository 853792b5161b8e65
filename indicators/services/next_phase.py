"""Planning the next phase from the one just reviewed (DESIGN §6 `next-phase/`).

The planning office starts 2021–2025 from 2016–2020: the same objectives and indicators
(each new indicator's `previous` the old one), and for each indicator a target for the
new end year whose baseline is its last actual in the old phase and whose value is the
old target's, proposed. The officer then edits, drops or adds; the plan is a draft
until approved (`indicators.services.plans`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from indicators.actuals import Actuals
from indicators.models import Comparator, Direction, Indicator, Sex, Target
from indicators.selectors import SexActuals
from indicators.services.indicators import indicator_save
from indicators.services.targets import target_save
from programmes.models import Area, Objective, Phase

NEXT_PHASE_OVERLAPS = _(
    "The new phase (%(start)s–%(end)s) must start after %(phase)s ends (%(phase_end)s)."
)
NEXT_PHASE_OVERLAPS_OTHER = _(
    "The years %(start)s–%(end)s overlap the phase %(other)s (%(other_start)s–%(other_end)s) "
    "of this programme."
)
NEXT_PHASE_NAME_TAKEN = _(
    'The programme already has a phase named "%(name)s"; choose another name.'
)
NEXT_PHASE_EXISTS = _(
    "%(phase)s is already continued by the phase %(next)s; plan from that one, or change it."
)
NEXT_PHASE_NAME_REQUIRED = _('Give the new phase a name, e.g. "2021–2025".')

# Indicator fields that are not carried over as they are: the key, the place in the new
# phase, the link back (set to the old indicator) and what `save` derives. A definition
# carried over unchanged is no series break.
NOT_CARRIED = {"id", "objective", "phase", "previous", "search_text", "series_break"}


@dataclass(frozen=True)
class Baseline:
    value: Decimal
    year: int
    provisional: bool


def last_actuals(*, indicators: list[Indicator], area: Area, phase: Phase) -> dict[int, Baseline]:
    """Each indicator's last actual in `phase` for `area`, as a baseline.

    From approved figures where the indicator has an approved actual in some year;
    otherwise from every figure, and then marked provisional. Six queries.
    """
    years = range(phase.start_year, phase.end_year + 1)
    baselines: dict[int, Baseline] = {}
    for approved_only in (True, False):
        wanted = [i for i in indicators if i.pk not in baselines]
        if not wanted:
            break
        actuals = Actuals(indicators=wanted, root=area, years=years, approved_only=approved_only)
        for indicator in wanted:
            for year in reversed(years):
                actual = actuals.get(indicator, area, year)
                if actual is not None:
                    baselines[indicator.pk] = Baseline(actual.value, year, not approved_only)
                    break
    return baselines


def last_actuals_by_sex(
    *, targets: list[Target], area: Area, phase: Phase
) -> dict[tuple[int, str], Baseline]:
    """The same for targets by sex ("ít nhất 40% cho mỗi giới"): each (indicator, sex)'s
    last actual of that sex's figures, keyed by (indicator id, sex). Four queries."""
    years = range(phase.start_year, phase.end_year + 1)
    baselines: dict[tuple[int, str], Baseline] = {}
    for approved_only in (True, False):
        wanted = [t for t in targets if (t.indicator_id, t.sex) not in baselines]
        if not wanted:
            break
        actuals = SexActuals(
            targets=wanted, root=area, years=set(years), approved_only=approved_only
        )
        for target in wanted:
            for year in reversed(years):
                actual = actuals.get(target, area, year)
                if actual is not None:
                    key = (target.indicator_id, target.sex)
                    baselines[key] = Baseline(actual.value, year, not approved_only)
                    break
    return baselines


def _refusals(phase: Phase, name: str, start_year: int, end_year: int) -> dict[str, list]:
    errors: dict[str, list] = {}
    if not name:
        errors["name"] = [NEXT_PHASE_NAME_REQUIRED]
    elif Phase.objects.filter(programme_id=phase.programme_id, name=name).exists():
        errors["name"] = [NEXT_PHASE_NAME_TAKEN % {"name": name}]
    if start_year <= phase.end_year:
        errors["start_year"] = [
            NEXT_PHASE_OVERLAPS
            % {
                "start": start_year,
                "end": end_year,
                "phase": phase.name,
                "phase_end": phase.end_year,
            }
        ]
    else:
        overlapping = (
            Phase.objects.filter(
                programme_id=phase.programme_id, start_year__lte=end_year, end_year__gte=start_year
            )
            .order_by("start_year")
            .first()
        )
        if overlapping is not None:
            errors["start_year"] = [
                NEXT_PHASE_OVERLAPS_OTHER
                % {
                    "start": start_year,
                    "end": end_year,
                    "other": overlapping.name,
                    "other_start": overlapping.start_year,
                    "other_end": overlapping.end_year,
                }
            ]
    following = Phase.objects.filter(previous=phase).first()
    if following is not None:
        errors.setdefault("non_field_errors", []).append(
            NEXT_PHASE_EXISTS % {"phase": phase.name, "next": following.name}
        )
    return errors


@transaction.atomic
def next_phase_create(*, phase: Phase, name: str, start_year: int, end_year: int) -> Phase:
    """Create the phase after `phase` with its objectives, indicators and proposed targets.

    Refuses, with a ValidationError keyed by field and nothing written, a name the
    programme already uses, years that overlap `phase` or another phase of the programme,
    and a `phase` that another phase continues already.
    """
    name = (name or "").strip()
    new = Phase(
        programme=phase.programme,
        name=name,
        start_year=start_year,
        end_year=end_year,
        previous=phase,
    )
    errors = _refusals(phase, name, start_year, end_year)
    try:
        new.full_clean(exclude=["name", "previous"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field != "previous":  # said above, in the planning office's words
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    new.save()

    objectives = {
        old.pk: Objective.objects.create(phase=new, number=old.number, title=old.title)
        for old in phase.objectives.order_by("number")
    }
    old_indicators = list(phase.indicators.order_by("objective__number", "code"))
    area = phase.programme.area
    baselines = last_actuals(indicators=old_indicators, area=area, phase=phase)
    old_targets = _phase_end_targets(phase, area)
    by_sex = [t for targets in old_targets.values() for t in targets if t.sex != Sex.TOTAL]
    sex_baselines = last_actuals_by_sex(targets=by_sex, area=area, phase=phase)
    for old in old_indicators:
        indicator = _carry_over(old, objectives[old.objective_id])
        for previous in old_targets.get(old.pk) or [None]:
            if previous is not None and previous.sex != Sex.TOTAL:
                baseline = sex_baselines.get((old.pk, previous.sex))
            else:
                baseline = baselines.get(old.pk)
            target = _proposed_target(indicator, area, end_year, previous, baseline)
            if target is not None:
                target_save(target=target)
    return new


def _carry_over(old: Indicator, objective: Objective) -> Indicator:
    fields = {
        field.attname: getattr(old, field.attname)
        for field in Indicator._meta.concrete_fields
        if field.name not in NOT_CARRIED
    }
    return indicator_save(indicator=Indicator(objective=objective, previous=old, **fields))


def _phase_end_targets(phase: Phase, area: Area) -> dict[int, list[Target]]:
    """Each indicator's targets for `area` at the phase's end, else its latest ones: one
    per sex (a total target, or a female and a male one)."""
    chosen: dict[tuple[int, str], Target] = {}
    for target in Target.objects.filter(indicator__phase=phase, area=area).order_by("year"):
        key = (target.indicator_id, target.sex)
        if key not in chosen or target.year <= phase.end_year:
            chosen[key] = target
    targets: dict[int, list[Target]] = {}
    for (indicator_id, _sex), target in sorted(chosen.items(), key=lambda kv: kv[0]):
        targets.setdefault(indicator_id, []).append(target)
    return targets


def _proposed_target(
    indicator: Indicator,
    area: Area,
    year: int,
    old: Target | None,
    baseline: Baseline | None,
) -> Target | None:
    """The old target's comparator and value, from the last actual; None without either.

    An indicator that had no target proposes to hold its last actual (at least, or at
    most for one that should fall); one with neither gets no target to edit.
    """
    if old is not None:
        comparator, value = old.comparator, old.value
    elif baseline is not None:
        decreasing = indicator.direction == Direction.DECREASE
        comparator = Comparator.LTE if decreasing else Comparator.GTE
        value = baseline.value
    else:
        return None
    return Target(
        indicator=indicator,
        area=area,
        year=year,
        sex=old.sex if old is not None else Sex.TOTAL,
        comparator=comparator,
        value=value,
        value_max=old.value_max if old is not None else None,
        baseline_value=baseline.value if baseline else None,
        baseline_year=baseline.year if baseline else None,
        baseline_provisional=baseline.provisional if baseline else False,
    )
