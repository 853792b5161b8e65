"""Every write to indicators, targets and figures that carries a rule.

The admin, the API, imports and management commands all come through here, so a rule
holds whichever door a figure comes in by.
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import periods
from core.batches import BatchInvalid, retried_on_deadlock
from core.errors import Conflict
from core.numbers import plain_text
from core.periods import PERIOD_MALFORMED, is_period
from indicators.feeds import hand_edit_refusal, refuse_hand_edit
from indicators.models import (
    Indicator,
    Measurement,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
from programmes.models import Area
from programmes.roles import area_in_scope

FOUR_PLACES = Decimal("0.0001")
SEXES = frozenset(Sex.values)
# Rows per INSERT/UPDATE statement in bulk writes (figures and their history).
BATCH_SIZE = 1000
# A rate given with its numerator and denominator may be rounded to one decimal.
RATE_TOLERANCE = Decimal("0.05")

PERIOD_OUTSIDE_PHASE = _(
    "The period %(period)s lies outside the phase %(phase)s (%(start)s–%(end)s)."
)
YEAR_OUTSIDE_PHASE = _("The year %(year)s lies outside the phase %(phase)s (%(start)s–%(end)s).")
AREA_NOT_VALID = _("%(area)s did not exist as an administrative unit in %(period)s.")
VALUE_NEGATIVE = _("A figure cannot be negative.")
PERCENT_OVER_100 = _("A percentage cannot be more than 100.")
VALUE_REQUIRED = _("Enter a value, or a numerator and a denominator.")
NUMERATOR_WITHOUT_DENOMINATOR = _("Give the numerator and the denominator together.")
DENOMINATOR_NOT_POSITIVE = _("The denominator must be greater than zero.")
NUMERATOR_OVER_DENOMINATOR = _("For a percentage the numerator cannot exceed the denominator.")
VALUE_DISAGREES_WITH_RATIO = _(
    "The value %(value)s does not match numerator ÷ denominator (%(expected)s)."
)
MILESTONE_VALUE = _("A milestone is 1 (reached) or 0 (not reached).")
SEX_SUM_MISMATCH = _(
    "Total %(total)s does not equal female %(female)s + male %(male)s for %(area)s, %(period)s."
)
FIGURE_LOCKED = _(
    "The figure for %(area)s, %(period)s, %(sex)s is approved and locked; "
    "ask a provincial officer to reopen it."
)
FIGURE_UNDER_REVIEW = _(
    "The figure for %(area)s, %(period)s, %(sex)s is submitted for review; it can be "
    "changed again once a provincial officer returns it."
)
FIGURE_CHANGED_MEANWHILE = _(
    "Someone else saved the figure for %(area)s, %(period)s, %(sex)s after you opened it; "
    "reload it, check their change and enter yours again."
)
AREA_NOT_ASSIGNED = _(
    "You may only enter figures for your assigned areas; %(area)s is not one of them."
)
BASELINE_AFTER_TARGET = _("The baseline year must come before the target year.")
BASELINE_INCOMPLETE = _("Give the baseline value and the baseline year together.")


class FigureRefused(Conflict):
    """A write the figure's state refuses; the API answers 409, the admin shows the message."""

    message = FIGURE_LOCKED

    def __init__(self, measurement: Measurement, message=None) -> None:
        self.measurement = measurement
        super().__init__(str((message or self.message) % _figure_names(measurement)))


class FigureLocked(FigureRefused):
    """The figure is approved: nothing about it may change until it is reopened."""

    message = FIGURE_LOCKED


class FigureUnderReview(FigureRefused):
    """A data-entry officer may not change a figure while it waits for review."""

    message = FIGURE_UNDER_REVIEW


class FigureConflict(FigureRefused):
    """Someone saved the figure after the writer read it (optimistic locking)."""

    message = FIGURE_CHANGED_MEANWHILE


class TransitionRefused(FigureRefused):
    """A workflow step the figure's status does not allow (approving a draft...)."""


def _figure_names(measurement: Measurement) -> dict[str, str]:
    return {
        "area": measurement.area.name,
        "period": measurement.period,
        "sex": measurement.get_sex_display(),
        "status": measurement.get_status_display(),
    }


def period_year(period: str) -> int:
    """Return the year of a well-formed period, or raise a ValidationError on `period`."""
    if not is_period(period):
        raise ValidationError({"period": PERIOD_MALFORMED % {"period": period}})
    return periods.period_year(period)


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a year or half-year; a ValidationError if malformed."""
    period_year(period)
    return periods.period_bounds(period)


def ratio_value(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Decimal:
    """numerator ÷ denominator × scale, rounded to the four places figures are stored with."""
    return (numerator / denominator * scale).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _check_value(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    field_prefix: str = "",
) -> Decimal:
    """Check one value against its unit and return it, computed from the ratio if missing."""
    errors: dict[str, list] = {}

    def add(name: str, message) -> None:
        errors.setdefault(f"{field_prefix}{name}", []).append(message)

    if (numerator is None) != (denominator is None):
        add("denominator" if denominator is None else "numerator", NUMERATOR_WITHOUT_DENOMINATOR)
    if numerator is not None and numerator < 0:
        add("numerator", VALUE_NEGATIVE)
    if denominator is not None and denominator <= 0:
        add("denominator", DENOMINATOR_NOT_POSITIVE)
    if value is not None and value < 0:
        add("value", VALUE_NEGATIVE)
    if errors:
        raise ValidationError(errors)

    if numerator is not None and denominator is not None and indicator.is_rate:
        if indicator.unit == Unit.PERCENT and numerator > denominator:
            add("numerator", NUMERATOR_OVER_DENOMINATOR)
        else:
            expected = ratio_value(numerator, denominator, indicator.scale)
            if value is None:
                value = expected
            elif abs(value - expected) > RATE_TOLERANCE:
                add(
                    "value",
                    VALUE_DISAGREES_WITH_RATIO % {"value": value, "expected": expected},
                )
    if value is None and not errors:
        add("value", VALUE_REQUIRED)
    if value is not None and indicator.unit == Unit.PERCENT and value > 100:
        add("value", PERCENT_OVER_100)
    if value is not None and indicator.unit == Unit.MILESTONE and value not in (0, 1):
        add("value", MILESTONE_VALUE)
    if errors:
        raise ValidationError(errors)
    return value


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


def measurement_clean(figure: FigureInput) -> Decimal:
    """Check one figure on its own (period, phase, area, unit); return its value.

    Raises ValidationError with every message keyed by field. The check that needs the
    figure's siblings (female + male = total) runs in `measurements_save`.
    """
    errors: dict[str, list] = {}
    if refusal := hand_edit_refusal(figure.indicator):
        errors["indicator"] = [refusal]
    try:
        year = period_year(figure.period)
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        phase = figure.indicator.phase
        if not phase.contains_year(year):
            errors["period"] = [
                PERIOD_OUTSIDE_PHASE
                % {
                    "period": figure.period,
                    "phase": phase.name,
                    "start": phase.start_year,
                    "end": phase.end_year,
                }
            ]
        elif not figure.area.is_valid_between(*period_bounds(figure.period)):
            errors["area"] = [AREA_NOT_VALID % {"area": figure.area.name, "period": figure.period}]
    if figure.sex not in SEXES:
        errors["sex"] = [_("Sex must be total, female or male.")]
    value = None
    try:
        value = _check_value(figure.indicator, figure.value, figure.numerator, figure.denominator)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return value


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    measurements: list[Measurement] = field(default_factory=list)


def _sex_errors(figures: Iterable[Measurement]) -> dict[tuple, str]:
    """A message for every (indicator, area, period) whose total is not female + male."""
    groups: dict[tuple, dict[str, Measurement]] = {}
    for figure in figures:
        key = (figure.indicator_id, figure.area_id, figure.period)
        groups.setdefault(key, {})[figure.sex] = figure
    errors = {}
    for key, by_sex in groups.items():
        if not {Sex.TOTAL, Sex.FEMALE, Sex.MALE} <= by_sex.keys():
            continue
        total, female, male = by_sex[Sex.TOTAL], by_sex[Sex.FEMALE], by_sex[Sex.MALE]
        if total.indicator.is_rate:
            ratios = [(m.numerator, m.denominator) for m in (total, female, male)]
            if any(part is None for pair in ratios for part in pair):
                continue  # a rate given without its ratio cannot be checked by sex
            consistent = (
                total.numerator == female.numerator + male.numerator
                and total.denominator == female.denominator + male.denominator
            )
        else:
            consistent = total.value == female.value + male.value
        if not consistent:
            errors[key] = str(
                SEX_SUM_MISMATCH
                % {
                    "total": plain_text(total.value),
                    "female": plain_text(female.value),
                    "male": plain_text(male.value),
                    "area": total.area.name,
                    "period": total.period,
                }
            )
    return errors


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
    row_errors: dict[int, dict[str, list[str]]] = {}
    keys = [figure.key for figure in figures]
    values: dict[int, Decimal] = {}
    seen: dict[tuple, int] = {}
    author = user if user is not None and user.is_authenticated else None
    in_scope: dict[int, bool] = {}  # area id -> may `user` write there (asked once per area)
    for index, figure in enumerate(figures):
        try:
            values[index] = measurement_clean(figure)
        except ValidationError as error:
            row_errors[index] = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        if keys[index] in seen:
            row_errors.setdefault(index, {}).setdefault("period", []).append(
                str(
                    _("The same figure appears twice in this batch (row %(row)s).")
                    % {"row": seen[keys[index]]}
                )
            )
        seen.setdefault(keys[index], index)
        if figure.area.pk not in in_scope:
            in_scope[figure.area.pk] = user is None or area_in_scope(user, figure.area)
        if not in_scope[figure.area.pk]:
            row_errors.setdefault(index, {}).setdefault("area", []).append(
                str(AREA_NOT_ASSIGNED % {"area": figure.area.name})
            )

    # Load what exists for every (indicator, area, period) the batch touches, locked, so
    # the sex check sees the final state and concurrent writers wait for us.
    # Their indicator and area are among the batch's own objects: attach those instead of
    # joining and building them again for every figure.
    indicators = {f.indicator.pk: f.indicator for f in figures}
    areas = {f.area.pk: f.area for f in figures}
    periods = {f.period for f in figures}
    indicator_field, area_field = Measurement.indicator.field, Measurement.area.field
    existing = {}
    for m in Measurement.objects.select_for_update().filter(
        indicator_id__in=indicators.keys(), area_id__in=areas.keys(), period__in=periods
    ):
        indicator_field.set_cached_value(m, indicators[m.indicator_id])
        area_field.set_cached_value(m, areas[m.area_id])
        existing[(m.indicator_id, m.area_id, m.period, m.sex)] = m

    now = timezone.now()
    result = SaveResult()
    to_write: list[Measurement] = []
    final = dict(existing)
    for index, figure in enumerate(figures):
        if index in row_errors:
            continue
        current = existing.get(keys[index])
        if figure.version == 0 and current is not None:
            # The writer saw no figure here, and someone has saved one since.
            raise FigureConflict(current)
        if figure.version and (current is None or current.version != figure.version):
            raise FigureConflict(current or _unsaved(figure))
        value = values[index]
        note = figure.note if figure.note is not None else (current.note if current else "")
        if current is None:
            # By ids, with the batch's own objects attached: assigning through the
            # relations checks each object again, a third of the cost of a new figure.
            measurement = Measurement(
                indicator_id=figure.indicator.pk,
                area_id=figure.area.pk,
                period=figure.period,
                year=period_year(figure.period),
                sex=figure.sex,
                created_by_id=author.pk if author else None,
            )
            indicator_field.set_cached_value(measurement, figure.indicator)
            area_field.set_cached_value(measurement, figure.area)
            result.created += 1
        else:
            measurement = current
            unchanged = (
                current.value == value
                and current.numerator == figure.numerator
                and current.denominator == figure.denominator
                and current.note == note
            )
            if unchanged:
                result.unchanged += 1
                result.measurements.append(current)
                continue
            if current.is_locked:
                raise FigureLocked(current)
            if current.status == MeasurementStatus.SUBMITTED and not _may_review(user):
                raise FigureUnderReview(current)
            measurement.version = current.version + 1
            result.updated += 1
        measurement.value = value
        measurement.numerator = figure.numerator
        measurement.denominator = figure.denominator
        measurement.note = note
        measurement.updated_by_id = author.pk if author else None
        measurement.updated_at = now
        final[keys[index]] = measurement
        to_write.append(measurement)
        result.measurements.append(measurement)

    if not row_errors:
        touched = {key[:3] for key in keys}
        sex_errors = _sex_errors(m for key, m in final.items() if key[:3] in touched)
        for index, key in enumerate(keys):
            if key[:3] in sex_errors:
                row_errors[index] = {"sex": [sex_errors[key[:3]]]}

    if row_errors:
        raise BatchInvalid(row_errors)
    if dry_run:
        transaction.set_rollback(True)
        return result
    # Split before writing: bulk_create gives the new figures their pk, and they must not
    # then be written a second time as updates.
    to_create = [m for m in to_write if m.pk is None]
    to_update = [m for m in to_write if m.pk is not None]
    if to_write and _writes_with_copy():
        _write_postgresql(to_create, to_update, author, now)
        return result
    # The audit trail is written in bulk too: one history row per figure written.
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
            ["value", "numerator", "denominator", "note", "updated_by", "updated_at", "version"],
            batch_size=BATCH_SIZE,
            default_user=author,
            default_date=now,
        )
    return result


def _writes_with_copy() -> bool:
    """PostgreSQL takes the batch through COPY; other databases through the ORM."""
    return connection.vendor == "postgresql"


# The columns a bulk write fills from the batch, in the order of the temporary table.
_BULK_COLUMNS = (
    "id",
    "indicator_id",
    "area_id",
    "period",
    "year",
    "sex",
    "value",
    "numerator",
    "denominator",
    "note",
    "version",
)
# Every column of a figure, copied into its history row as it is after the write.
_FIGURE_COLUMNS = (
    "id, period, year, sex, value, numerator, denominator, status, note, created_at, "
    "updated_at, version, area_id, created_by_id, indicator_id, updated_by_id"
)


def _copy_field(value) -> str:
    """One field of PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    text = str(value)
    if isinstance(value, str):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _write_postgresql(
    to_create: list[Measurement],
    to_update: list[Measurement],
    author: AbstractBaseUser | None,
    now: datetime.datetime,
) -> None:
    """Write checked figures and their history rows with COPY and two statements.

    Gives the same rows as `bulk_create_with_history` and `bulk_update_with_history`
    (one history row per figure, "+" or "~", dated `now`, by `author`), without building
    every statement's parameters in Python. The figures get their primary keys.
    """
    history_table = Measurement.history.model._meta.db_table
    table = Measurement._meta.db_table
    sample = (to_create or to_update)[0]
    history_user = author or Measurement.history.model.get_default_history_user(sample)
    history_user_id = history_user.pk if history_user is not None else None
    author_id = author.pk if author is not None else None
    columns = ", ".join(_BULK_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.bulk_measurement")
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_measurement (id bigint, indicator_id bigint, "
            "area_id bigint, period varchar(6), year smallint, sex varchar(6), "
            "value numeric(20, 4), numerator numeric(20, 4), denominator numeric(20, 4), "
            "note text, version integer) ON COMMIT DROP"
        )
        lines = [
            "\t".join(_copy_field(getattr(m, column)) for column in _BULK_COLUMNS) + "\n"
            for m in (*to_create, *to_update)
        ]
        cursor.cursor.copy_expert(
            f"COPY bulk_measurement ({columns}) FROM STDIN", io.StringIO("".join(lines))
        )
        history_columns = (
            f"{_FIGURE_COLUMNS}, history_date, history_type, history_user_id, history_change_reason"
        )
        written = f"{_FIGURE_COLUMNS}, %s, %s, %s, NULL"
        if to_create:
            cursor.execute(
                f"WITH written AS (INSERT INTO {table} (indicator_id, area_id, period, year, "
                "sex, value, numerator, denominator, status, note, created_at, updated_at, "
                "version, created_by_id, updated_by_id) "
                "SELECT indicator_id, area_id, period, year, sex, value, numerator, "
                "denominator, %s, note, %s, %s, 1, %s, %s FROM bulk_measurement "
                f"WHERE id IS NULL RETURNING *), history AS (INSERT INTO {history_table} "
                f"({history_columns}) SELECT {written} FROM written) "
                "SELECT id, indicator_id, area_id, period, sex FROM written",
                [
                    MeasurementStatus.DRAFT,
                    now,
                    now,
                    author_id,
                    author_id,
                    now,
                    "+",
                    history_user_id,
                ],
            )
            ids = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
            for measurement in to_create:
                measurement.pk = ids[
                    (
                        measurement.indicator_id,
                        measurement.area_id,
                        measurement.period,
                        measurement.sex,
                    )
                ]
                measurement.created_at = measurement.updated_at = now
                measurement._state.adding = False
        if to_update:
            cursor.execute(
                f"WITH written AS (UPDATE {table} AS m SET value = b.value, "
                "numerator = b.numerator, denominator = b.denominator, note = b.note, "
                "updated_by_id = %s, updated_at = %s, version = b.version "
                "FROM bulk_measurement AS b WHERE b.id = m.id RETURNING m.*) "
                f"INSERT INTO {history_table} ({history_columns}) SELECT {written} FROM written",
                [author_id, now, now, "~", history_user_id],
            )
        cursor.execute("DROP TABLE pg_temp.bulk_measurement")


def _unsaved(figure: FigureInput) -> Measurement:
    """A figure that is not (or no longer) in the database, to name it in a message."""
    return Measurement(
        indicator=figure.indicator, area=figure.area, period=figure.period, sex=figure.sex
    )


def _may_review(user: AbstractBaseUser | None) -> bool:
    """Imports and commands (no user) and reviewers may correct a submitted figure."""
    return user is None or user.has_perm("indicators.approve_measurement")


def measurement_save(*, figure: FigureInput, user: AbstractBaseUser | None = None) -> Measurement:
    """Create or update one figure; raise ValidationError keyed by field if it is bad."""
    try:
        result = measurements_save(figures=[figure], user=user)
    except BatchInvalid as error:
        raise ValidationError(error.row_errors[0]) from None
    return result.measurements[0]


def target_clean(target: Target) -> None:
    """Check a target against its indicator's phase, its area and its unit."""
    errors: dict[str, list] = {}
    indicator, phase = target.indicator, target.indicator.phase
    if target.year and not phase.contains_year(target.year):
        errors["year"] = [
            YEAR_OUTSIDE_PHASE
            % {
                "year": target.year,
                "phase": phase.name,
                "start": phase.start_year,
                "end": phase.end_year,
            }
        ]
    elif (
        target.year
        and target.area_id
        and not target.area.is_valid_between(
            datetime.date(target.year, 1, 1), datetime.date(target.year, 12, 31)
        )
    ):
        errors["area"] = [AREA_NOT_VALID % {"area": target.area.name, "period": target.year}]
    for name in ("value", "baseline_value"):
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


@transaction.atomic
def target_save(*, target: Target) -> Target:
    """Create or update a target after checking it."""
    target_clean(target)
    target.full_clean(exclude=["indicator", "area"])
    target.save()
    return target


@transaction.atomic
def measurement_delete(
    *,
    measurement: Measurement,
    user: AbstractBaseUser | None = None,
    version: int | None = None,
) -> None:
    """Delete one figure; refused for an approved figure (FigureLocked), for one under
    review unless the user reviews, outside the user's areas, or if it changed since
    `version` was read (FigureConflict). The audit trail keeps the deleted figure."""
    measurement = _locked_for_write(measurement, user)
    if version is not None and measurement.version != version:
        raise FigureConflict(measurement)
    if measurement.is_locked:
        raise FigureLocked(measurement)
    refuse_hand_edit(measurement.indicator)
    if measurement.status == MeasurementStatus.SUBMITTED and not _may_review(user):
        raise FigureUnderReview(measurement)
    measurement._history_user = user if user is not None and user.is_authenticated else None
    measurement.delete()


def _locked_for_write(measurement: Measurement, user: AbstractBaseUser | None) -> Measurement:
    """The figure read again under a row lock, after checking the user's area scope."""
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("area", "indicator")
        .get(pk=measurement.pk)
    )
    if user is not None and not area_in_scope(user, measurement.area):
        raise PermissionDenied(AREA_NOT_ASSIGNED % {"area": measurement.area.name})
    return measurement


# The review workflow (DESIGN.md §4 rule 6). Each step: the statuses it starts from, the
# status it leads to, the permission it needs, and whether a reason is required.
@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: str
    reason_required: bool
    refused: object  # the message when the figure's status does not allow the step


TRANSITION_REFUSED_SUBMIT = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a draft or a "
    "returned figure can be submitted."
)
TRANSITION_REFUSED_APPROVE = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a submitted figure "
    "can be approved."
)
TRANSITION_REFUSED_RETURN = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only a submitted figure "
    "can be returned."
)
TRANSITION_REFUSED_REOPEN = _(
    "The figure for %(area)s, %(period)s, %(sex)s is %(status)s; only an approved figure "
    "can be reopened."
)
TRANSITION_NOT_PERMITTED = _("You are not allowed to %(step)s figures.")
REASON_REQUIRED = _("Give the reason; it is kept in the figure's history.")

SUBMIT = Transition(
    "submit",
    frozenset({MeasurementStatus.DRAFT, MeasurementStatus.RETURNED}),
    MeasurementStatus.SUBMITTED,
    "indicators.submit_measurement",
    False,
    TRANSITION_REFUSED_SUBMIT,
)
APPROVE = Transition(
    "approve",
    frozenset({MeasurementStatus.SUBMITTED}),
    MeasurementStatus.APPROVED,
    "indicators.approve_measurement",
    False,
    TRANSITION_REFUSED_APPROVE,
)
RETURN = Transition(
    "return",
    frozenset({MeasurementStatus.SUBMITTED}),
    MeasurementStatus.RETURNED,
    "indicators.return_measurement",
    True,
    TRANSITION_REFUSED_RETURN,
)
# A reopened figure goes back to draft: its data-entry officer corrects it and submits
# it again; the reason stays in the history.
REOPEN = Transition(
    "reopen",
    frozenset({MeasurementStatus.APPROVED}),
    MeasurementStatus.DRAFT,
    "indicators.reopen_measurement",
    True,
    TRANSITION_REFUSED_REOPEN,
)
TRANSITIONS = {t.name: t for t in (SUBMIT, APPROVE, RETURN, REOPEN)}
STEP_NAMES = {
    "submit": _("submit"),
    "approve": _("approve"),
    "return": _("return"),
    "reopen": _("reopen"),
}


@transaction.atomic
def measurement_transition(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    transition: Transition,
    reason: str = "",
    version: int | None = None,
) -> Measurement:
    """Move one figure one step of the review workflow and record who, when and why.

    Raises PermissionDenied when the user may not take the step or the figure is outside
    the user's areas, ValidationError on `reason` when a required reason is missing,
    TransitionRefused when the figure's status does not allow the step, and
    FigureConflict when the figure changed since `version` was read.
    """
    if not user.has_perm(transition.permission):
        raise PermissionDenied(TRANSITION_NOT_PERMITTED % {"step": STEP_NAMES[transition.name]})
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    measurement = _locked_for_write(measurement, user)
    if version is not None and measurement.version != version:
        raise FigureConflict(measurement)
    if measurement.status not in transition.sources:
        raise TransitionRefused(measurement, transition.refused)
    measurement.status = transition.target
    measurement.version += 1
    measurement.updated_by = user
    measurement._history_user = user
    measurement._change_reason = reason or None
    measurement.save(update_fields=["status", "version", "updated_by", "updated_at"])
    return measurement


def measurement_submit(*, measurement: Measurement, user, reason: str = "", version=None):
    """draft or returned → submitted (data-entry officer, own areas)."""
    return measurement_transition(
        measurement=measurement, user=user, transition=SUBMIT, reason=reason, version=version
    )


def measurement_approve(*, measurement: Measurement, user, reason: str = "", version=None):
    """submitted → approved, and locked (provincial officer)."""
    return measurement_transition(
        measurement=measurement, user=user, transition=APPROVE, reason=reason, version=version
    )


def measurement_return(*, measurement: Measurement, user, reason: str, version=None):
    """submitted → returned for correction, with the reason (provincial officer)."""
    return measurement_transition(
        measurement=measurement, user=user, transition=RETURN, reason=reason, version=version
    )


def measurement_reopen(*, measurement: Measurement, user, reason: str, version=None):
    """approved → draft, unlocked again, with the reason (provincial officer)."""
    return measurement_transition(
        measurement=measurement, user=user, transition=REOPEN, reason=reason, version=version
    )


@transaction.atomic
def measurements_transition(
    *, measurements, user: AbstractBaseUser, transition: Transition, reason: str = ""
) -> int:
    """Take the same step for several figures, all or none; return how many moved."""
    count = 0
    for measurement in measurements:
        measurement_transition(
            measurement=measurement, user=user, transition=transition, reason=reason
        )
        count += 1
    return count
