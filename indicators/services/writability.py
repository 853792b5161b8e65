"""The one door for whether a figure may be written now, and in which year and area.

Every write of a figure asks here, whichever way it came (a form, the API, a batch, a
workflow step, a care-model feed): "version must match", "approved is locked", "under
review is for reviewers", "fed figures are not typed by hand", "the year lies inside the
phase", "the area existed then". The database's lock trigger (migration 0005) backs the
approval lock up for writes that bypass the services.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError

from core import periods
from indicators.models import Indicator, IndicatorSource, Measurement, MeasurementStatus
from indicators.services.errors import (
    AREA_NOT_ASSIGNED,
    AREA_NOT_VALID,
    HAND_EDIT_REFUSED,
    PERIOD_MALFORMED,
    PERIOD_OUTSIDE_PHASE,
    YEAR_OUTSIDE_PHASE,
    FigureConflict,
    FigureLocked,
    FigureRefused,
    FigureUnderReview,
)
from programmes.models import Area, Phase
from programmes.roles import area_in_scope


def may_review(user: AbstractBaseUser | None) -> bool:
    """Imports and commands (no user) and reviewers may correct a submitted figure."""
    return user is None or user.has_perm("indicators.approve_measurement")


def check_writable(
    current: Measurement | None,
    *,
    user: AbstractBaseUser | None,
    version: int | None = None,
    changing: bool = True,
    named: Measurement | None = None,
    by_hand: bool = False,
) -> None:
    """Refuse a write of `current` (the stored figure, or None) that its state forbids.

    `version` is the version the writer read: 0 when it saw no figure (one saved
    meanwhile is a conflict), None when it read none (an import). A stale version is a
    FigureConflict, named by `named` when nothing is stored. Only when the write
    `changing` something: an approved figure is a FigureLocked, a submitted one a
    FigureUnderReview unless `user` may review; and `by_hand`, a figure derived from
    care-model reports is refused (ValidationError on `indicator`).
    """
    if version == 0 and current is not None:
        raise FigureConflict(current)
    if version and (current is None or current.version != version):
        raise FigureConflict(current or named)
    if current is None or not changing:
        return
    refuse_locked(current)
    if by_hand:
        refuse_hand_edit(current.indicator)
    refusal = change_refusal(current, user=user)
    if refusal is not None:
        raise refusal


def lock_for_write(measurement: Measurement, user: AbstractBaseUser | None) -> Measurement:
    """The figure read again under a row lock, after checking the user's area scope."""
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("area", "indicator")
        .get(pk=measurement.pk)
    )
    if user is not None and not area_in_scope(user, measurement.area):
        raise PermissionDenied(AREA_NOT_ASSIGNED % {"area": measurement.area.name})
    return measurement


def change_refusal(
    measurement: Measurement, *, user: AbstractBaseUser | None
) -> FigureRefused | None:
    """Why `user` may not change or delete `measurement` now, or None if they may.

    Approved is locked for everyone until it is reopened; submitted is for reviewers.
    """
    if measurement.is_locked:
        return FigureLocked(measurement)
    if measurement.status == MeasurementStatus.SUBMITTED and not may_review(user):
        return FigureUnderReview(measurement)
    return None


def refuse_locked(measurement: Measurement) -> None:
    """An approved figure is locked against every change until it is reopened."""
    if measurement.is_locked:
        raise FigureLocked(measurement)


def hand_edit_refusal(indicator: Indicator) -> str | None:
    """The message refusing a hand-made change to a figure of `indicator`, if it is fed."""
    if indicator.source != IndicatorSource.CARE_MODELS:
        return None
    return str(HAND_EDIT_REFUSED % {"indicator": indicator.code})


def refuse_hand_edit(indicator: Indicator) -> None:
    """Raise ValidationError on `indicator` if its figures are derived from reports."""
    refusal = hand_edit_refusal(indicator)
    if refusal is not None:
        raise ValidationError({"indicator": [refusal]})


def period_year(period: str) -> int:
    """Return the year of a well-formed period, or raise a ValidationError on `period`."""
    if not periods.is_period(period):
        raise ValidationError({"period": PERIOD_MALFORMED % {"period": period}})
    return periods.period_year(period)


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a year or half-year; a ValidationError if malformed."""
    period_year(period)
    return periods.period_bounds(period)


def phase_refusal(phase: Phase, year: int, *, period: str | None = None) -> str | None:
    """Why `year` (of `period`, when one is given) cannot be used in `phase`, or None."""
    if phase.contains_year(year):
        return None
    names = {"phase": phase.name, "start": phase.start_year, "end": phase.end_year}
    if period is not None:
        return str(PERIOD_OUTSIDE_PHASE % {"period": period, **names})
    return str(YEAR_OUTSIDE_PHASE % {"year": year, **names})


def area_refusal(area: Area, period: str | int) -> str | None:
    """Why `area` cannot carry a figure or target for `period` (a period or a year), or None."""
    bounds = (
        (datetime.date(period, 1, 1), datetime.date(period, 12, 31))
        if isinstance(period, int)
        else period_bounds(period)
    )
    if area.is_valid_between(*bounds):
        return None
    return str(AREA_NOT_VALID % {"area": area.name, "period": period})
