"""Figures: what one figure must satisfy, and the all-or-nothing save of many.

`measurements_save` is the one way figures are written by hand or by file (the admin,
its grid, the API, imports, the demo); `measurement_save`, `measurement_change` and
`measurement_delete` are its single-figure doors.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import periods
from core.batches import BatchInvalid, retried_on_deadlock
from indicators.models import Indicator, Measurement, Sex
from indicators.services import bulk_copy
from indicators.services.checks import measurement_clean
from indicators.services.errors import (
    AREA_NOT_ASSIGNED,
    FIGURE_TWICE_IN_BATCH,
    VersionRequired,
)
from indicators.services.sex_totals import sex_sum_errors as _sex_errors
from indicators.services.writability import (
    check_writable,
    lock_for_write,
    refuse_locked,
)
from programmes.models import Area
from programmes.roles import area_in_scope

# Rows per INSERT/UPDATE statement in bulk writes (figures and their history).
BATCH_SIZE = 1000
# What a change to one stored figure may give; the rest stays as it is.
CHANGEABLE = ("value", "numerator", "denominator", "note")


@dataclass
class FigureInput:
    """One figure as a user or a file gives it, before the rules have looked at it."""

    indicator: Indicator
    area: Area
    period: str
    sex: str = Sex.TOTAL
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str | None = None  # None keeps the note a figure already has
    # The version of the figure the writer read; a newer one in the database is a
    # conflict. 0: the writer saw no figure, so one saved meanwhile is a conflict too.
    # None: the writer did not read one (an import, a batch that upserts).
    version: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int, str, str]:
        return (self.indicator.pk, self.area.pk, self.period, self.sex)


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    measurements: list[Measurement] = field(default_factory=list)


@dataclass
class _Plan:
    """What a batch will write, worked out before anything is written."""

    now: object
    result: SaveResult = field(default_factory=SaveResult)
    to_write: list[Measurement] = field(default_factory=list)
    final: dict[tuple, Measurement] = field(default_factory=dict)  # every figure after it


RowErrors = dict[int, dict[str, list[str]]]


@retried_on_deadlock
@transaction.atomic
def measurements_save(
    *,
    figures: Sequence[FigureInput],
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> SaveResult:
    """Create or update many figures at once, all or nothing.

    Figures are matched on (indicator, area, period, sex). Every bad figure is reported
    with its index; if any is bad, or a figure would touch an approved one, nothing is
    written. With `dry_run` the checks run and the counts are returned, and nothing is
    written either.
    """
    values, row_errors = _validate_rows(figures, user)
    existing = _load_existing(figures)
    plan = _plan_writes(figures, values, row_errors, existing, user)
    if not row_errors:
        row_errors.update(_sex_check(figures, plan.final))
    if row_errors:
        raise BatchInvalid(row_errors)
    if dry_run:
        transaction.set_rollback(True)
        return plan.result
    _write(plan.to_write, _author(user), plan.now)
    return plan.result


def _author(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _validate_rows(
    figures: Sequence[FigureInput], user: AbstractBaseUser | None
) -> tuple[dict[int, Decimal], RowErrors]:
    """Each figure on its own, and twice in the batch, and in the user's areas."""
    row_errors: RowErrors = {}
    values: dict[int, Decimal] = {}
    seen: dict[tuple, int] = {}
    in_scope: dict[int, bool] = {}  # area id -> may `user` write there (asked once per area)
    places: dict[tuple, dict] = {}  # the period, phase and area checks, once per place
    for index, figure in enumerate(figures):
        try:
            values[index] = measurement_clean(figure, places=places)
        except ValidationError as error:
            row_errors[index] = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        key = figure.key
        if key in seen:
            row_errors.setdefault(index, {}).setdefault("period", []).append(
                str(FIGURE_TWICE_IN_BATCH % {"row": seen[key]})
            )
        seen.setdefault(key, index)
        if figure.area.pk not in in_scope:
            in_scope[figure.area.pk] = user is None or area_in_scope(user, figure.area)
        if not in_scope[figure.area.pk]:
            row_errors.setdefault(index, {}).setdefault("area", []).append(
                str(AREA_NOT_ASSIGNED % {"area": figure.area.name})
            )
    return values, row_errors


def _load_existing(figures: Sequence[FigureInput]) -> dict[tuple, Measurement]:
    """What exists for every (indicator, area, period) the batch touches, row-locked.

    The lock lets the sex check see the final state and makes concurrent writers wait.
    Their indicator and area are among the batch's own objects: attached, instead of
    joined and built again for every figure.
    """
    indicators = {f.indicator.pk: f.indicator for f in figures}
    areas = {f.area.pk: f.area for f in figures}
    indicator_field, area_field = Measurement.indicator.field, Measurement.area.field
    existing = {}
    for m in Measurement.objects.select_for_update().filter(
        indicator_id__in=indicators.keys(),
        area_id__in=areas.keys(),
        period__in={f.period for f in figures},
    ):
        indicator_field.set_cached_value(m, indicators[m.indicator_id])
        area_field.set_cached_value(m, areas[m.area_id])
        existing[(m.indicator_id, m.area_id, m.period, m.sex)] = m
    return existing


def _plan_writes(
    figures: Sequence[FigureInput],
    values: dict[int, Decimal],
    row_errors: RowErrors,
    existing: dict[tuple, Measurement],
    user: AbstractBaseUser | None,
) -> _Plan:
    """Sort the good figures into creates, updates and unchanged; refuse what may not change."""
    author = _author(user)
    author_id = author.pk if author else None  # once: `user` is a lazy object in a request
    template = _new_figure_template()
    plan = _Plan(now=timezone.now(), final=dict(existing))
    for index, figure in enumerate(figures):
        if index in row_errors:
            continue
        key = figure.key
        current = existing.get(key)
        value = values[index]
        note = figure.note if figure.note is not None else (current.note if current else "")
        unchanged = current is not None and (
            current.value == value
            and current.numerator == figure.numerator
            and current.denominator == figure.denominator
            and current.note == note
        )
        check_writable(
            current,
            user=user,
            version=figure.version,
            changing=not unchanged,
            # Only a stale version of a figure no longer stored names the unsaved one.
            named=_unsaved(figure) if figure.version and current is None else None,
        )
        if unchanged:
            plan.result.unchanged += 1
            plan.result.measurements.append(current)
            continue
        if current is None:
            measurement = _new(figure, author_id, template)
            plan.result.created += 1
        else:
            measurement = current
            measurement.version = current.version + 1
            plan.result.updated += 1
        measurement.value = value
        measurement.numerator = figure.numerator
        measurement.denominator = figure.denominator
        measurement.note = note
        measurement.updated_by_id = author_id
        measurement.updated_at = plan.now
        plan.final[key] = measurement
        plan.to_write.append(measurement)
        plan.result.measurements.append(measurement)
    return plan


def _new(
    figure: FigureInput, author_id: int | None, template: tuple[dict[str, object], bool]
) -> Measurement:
    """A new figure by ids, with the batch's own objects attached.

    Built as Django restores a pickled model (its fields' values straight into the
    instance, a fresh `ModelState`): `Measurement(...)` sets every field through its
    descriptor and sends two signals, a third of a 10,000-row upload's Python. Nobody
    listens to those signals for a figure; if someone starts to, the constructor is used.
    """
    defaults, needs_constructor = template
    fields = {
        **defaults,
        "indicator_id": figure.indicator.pk,
        "area_id": figure.area.pk,
        "period": figure.period,
        "year": periods.period_year(figure.period),  # the period is checked by now
        "sex": figure.sex,
        "created_by_id": author_id,
    }
    if needs_constructor:
        measurement = Measurement(**fields)
        Measurement.indicator.field.set_cached_value(measurement, figure.indicator)
        Measurement.area.field.set_cached_value(measurement, figure.area)
        return measurement
    measurement = Measurement.__new__(Measurement)
    measurement.__dict__.update(fields)
    measurement._state = state = ModelState()
    # What `set_cached_value` does for each relation, in one dict.
    state.fields_cache = {
        Measurement.indicator.field.cache_name: figure.indicator,
        Measurement.area.field.cache_name: figure.area,
    }
    return measurement


def _new_figure_template() -> tuple[dict[str, object], bool]:
    """Every concrete field's default by attname, and whether a new figure must go
    through the model's constructor (someone listens to its init signals). The defaults
    are constants: no field of a figure has a default that makes a new object each time."""
    global _TEMPLATE
    if _TEMPLATE is None:
        fields = Measurement._meta.concrete_fields
        _TEMPLATE = {field.attname: field.get_default() for field in fields}
    listened = pre_init.has_listeners(Measurement) or post_init.has_listeners(Measurement)
    return _TEMPLATE, listened


_TEMPLATE: dict[str, object] | None = None


def _unsaved(figure: FigureInput) -> Measurement:
    """A figure that is not (or no longer) in the database, to name it in a message."""
    return Measurement(
        indicator=figure.indicator, area=figure.area, period=figure.period, sex=figure.sex
    )


def _sex_check(figures: Sequence[FigureInput], final: dict[tuple, Measurement]) -> RowErrors:
    """female + male = total, on every (indicator, area, period) the batch touches."""
    keys = [figure.key for figure in figures]
    touched = {key[:3] for key in keys}
    sex_errors = _sex_errors(m for key, m in final.items() if key[:3] in touched)
    return {
        index: {"sex": [sex_errors[key[:3]]]}
        for index, key in enumerate(keys)
        if key[:3] in sex_errors
    }


def _write(to_write: list[Measurement], author: AbstractBaseUser | None, now) -> None:
    """Write the planned figures and one history row each, through COPY or the ORM."""
    # Split before writing: bulk_create gives the new figures their pk, and they must not
    # then be written a second time as updates.
    to_create = [m for m in to_write if m.pk is None]
    to_update = [m for m in to_write if m.pk is not None]
    if to_write and bulk_copy.writes_with_copy():
        bulk_copy.copy_write(to_create, to_update, author, now)
        return
    if to_create:
        created = bulk_create_with_history(
            to_create, Measurement, batch_size=BATCH_SIZE, default_user=author, default_date=now
        )
        for measurement, saved in zip(to_create, created, strict=True):
            measurement.pk = saved.pk
            measurement._state.adding = False
    if to_update:
        bulk_update_with_history(
            to_update,
            Measurement,
            list(bulk_copy.UPDATED_FIELDS),
            batch_size=BATCH_SIZE,
            default_user=author,
            default_date=now,
        )


def measurement_save(*, figure: FigureInput, user: AbstractBaseUser | None = None) -> Measurement:
    """Create or update one figure; raise ValidationError keyed by field if it is bad."""
    try:
        result = measurements_save(figures=[figure], user=user)
    except BatchInvalid as error:
        raise ValidationError(error.row_errors[0]) from None
    return result.measurements[0]


def measurement_change(
    *,
    measurement: Measurement,
    user: AbstractBaseUser | None = None,
    version: int | None,
    changes: Mapping[str, object],
    require_version: bool = False,
) -> Measurement:
    """Change some of a stored figure's numbers or note (`CHANGEABLE`); the rest stays.

    An approved figure is refused first (FigureLocked), then a change without the
    version read if one is required (VersionRequired), or after someone else's
    (FigureConflict; `version` None: the writer read none, nothing to compare). A new
    numerator or denominator without a new value has its value computed from the ratio.
    """
    refuse_locked(measurement)
    if version is None and require_version:
        raise VersionRequired()
    value = changes.get("value", measurement.value)
    if "value" not in changes and {"numerator", "denominator"} & changes.keys():
        value = None  # the ratio changed: the value follows it
    figure = FigureInput(
        indicator=measurement.indicator,
        area=measurement.area,
        period=measurement.period,
        sex=measurement.sex,
        value=value,
        numerator=changes.get("numerator", measurement.numerator),
        denominator=changes.get("denominator", measurement.denominator),
        note=changes.get("note", measurement.note),
        version=version,
    )
    return measurement_save(figure=figure, user=user)


@transaction.atomic
def measurement_delete(
    *,
    measurement: Measurement,
    user: AbstractBaseUser | None = None,
    version: int | None = None,
) -> Measurement:
    """Delete one figure; refused for an approved figure (FigureLocked), for one under
    review unless the user reviews, outside the user's areas, for a fed one, or if it
    changed since `version` was read (FigureConflict). The audit trail keeps it."""
    measurement = lock_for_write(measurement, user)
    check_writable(measurement, user=user, version=version, by_hand=True)
    measurement._history_user = _author(user)
    measurement.delete()
    return measurement
