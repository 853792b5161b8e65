"""What a programme collects from its areas, and the checks the figures must pass.

- `ReportingCalendar`: per programme, the years figures are collected and how long after
  a period ends they are due; `ReportingDeadline` overrides one period's due date (a
  holiday, a late decision).
- `ReportingAssignment`: which indicator is reported how often, by which level of
  areas, split by sex or not, for which years. The indicator's own `reporting_frequency`
  and `by_sex` (DESIGN.md §3) are the source of truth (the grid, and what is due without
  a calendar, read them; migration 0002 copied each indicator's latest assignment onto
  it). The assignment keeps its frequency because the way of reporting may change over
  the years (yearly until 2018, six-monthly from 2019), and its `by_sex` only adds the
  split for its years: an indicator reported by sex is split whatever it says.
- `ValidationRule`: a comparison between two expressions over one area's figures for
  one period (`collection.expressions`), with an importance.
- `ValueBounds`: the smallest and largest plausible value of an indicator's figures.
- `FigureImport`: who imported which file when, and what it did.
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collection.expressions import ExpressionError, parse
from core.periods import PERIOD_PATTERN
from indicators.models import Indicator, ReportingFrequency
from programmes.models import MAX_YEAR, MIN_YEAR, AreaLevel, Phase, Programme, audit_trail

ASSIGNMENT_OTHER_PROGRAMME = _("The indicator belongs to another programme than the calendar.")
ASSIGNMENT_FED = _(
    "The figures of this indicator are derived from care-model reports; nobody reports them."
)
ASSIGNMENT_OVERLAPS = _(
    "The indicator is already reported in some of these years (%(other)s); give each "
    "way of reporting its own years."
)


# The indicator's own choices (DESIGN.md §3 `reporting_frequency`), under collection's name.
Frequency = ReportingFrequency


class RuleOperator(models.TextChoices):
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    GTE = "gte", "≥"
    GT = "gt", ">"


class Importance(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class ReportingCalendar(models.Model):
    """The years a programme collects figures, and when each period's figures are due."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reporting_calendar",
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    half_year_due_days = models.PositiveSmallIntegerField(
        _("days to report a half-year"),
        default=15,
        help_text=_("How many days after a half-year ends its figures are due."),
    )
    year_due_days = models.PositiveSmallIntegerField(
        _("days to report a year"),
        default=31,
        help_text=_("How many days after a year ends its figures are due."),
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("reporting calendar")
        verbose_name_plural = _("reporting calendars")
        ordering = ["programme__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="calendar_last_year_not_before_first",
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=MIN_YEAR, last_year__lte=MAX_YEAR),
                name="calendar_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.first_year}–{self.last_year}"


class ReportingDeadline(models.Model):
    """One period's due date, in place of the one the calendar's days give."""

    calendar = models.ForeignKey(
        ReportingCalendar,
        verbose_name=_("reporting calendar"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    period = models.CharField(
        _("period"), max_length=6, help_text=_('A year ("2020") or a half-year ("2020S1").')
    )
    due_on = models.DateField(_("due on"))

    history = audit_trail()

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["calendar", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "period"],
                name="deadline_unique_period",
                violation_error_message=_("This period already has a due date."),
            ),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN),
                name="deadline_period_format",
                violation_error_message=_(
                    'Write the period as a year ("2020") or a half-year ("2020S1" or "2020S2").'
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.due_on:%Y-%m-%d}"


class ReportingAssignment(models.Model):
    """An indicator collected by a calendar: how often, from which level, by sex or not."""

    calendar = models.ForeignKey(
        ReportingCalendar,
        verbose_name=_("reporting calendar"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="reporting_assignments",
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency, default=Frequency.YEAR
    )
    level = models.CharField(
        _("reported by"),
        max_length=10,
        choices=AreaLevel,
        blank=True,
        help_text=_("The level of areas that report it; empty: the lowest level there is."),
    )
    by_sex = models.BooleanField(
        _("by sex"), default=False, help_text=_("Reported for women and men as well as in total.")
    )
    first_year = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True, help_text=_("Empty: from the calendar's first year.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("until year"),
        null=True,
        blank=True,
        help_text=_("Empty: until the calendar's last year."),
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("reported indicator")
        verbose_name_plural = _("reported indicators")
        ordering = ["calendar", "indicator__phase__start_year", "indicator__code", "first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=models.F("first_year")),
                name="assignment_last_year_not_before_first",
                violation_error_message=_("The last year cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.get_frequency_display()}"

    def clean(self) -> None:
        # In the admin, a calendar being added is not saved yet: read it through the
        # relation the inline form sets, not through its id.
        calendar = None
        with contextlib.suppress(ReportingCalendar.DoesNotExist):
            calendar = self.calendar
        if calendar is None or not self.indicator_id:
            return
        indicator = self.indicator
        if indicator.phase.programme_id != calendar.programme_id:
            raise ValidationError({"indicator": ASSIGNMENT_OTHER_PROGRAMME})
        if indicator.is_fed:
            raise ValidationError({"indicator": ASSIGNMENT_FED})
        if calendar.pk is None:
            return
        others = ReportingAssignment.objects.filter(
            calendar=calendar, indicator_id=self.indicator_id
        ).exclude(pk=self.pk)
        for other in others:
            if _overlap(self, other):
                raise ValidationError({"first_year": ASSIGNMENT_OVERLAPS % {"other": other}})

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


def _overlap(a: ReportingAssignment, b: ReportingAssignment) -> bool:
    """Whether two assignments' years meet (an open end reaches the calendar's end)."""
    a_first, a_last = a.first_year or MIN_YEAR, a.last_year or MAX_YEAR
    b_first, b_last = b.first_year or MIN_YEAR, b.last_year or MAX_YEAR
    return a_first <= b_last and b_first <= a_last


class ValidationRule(models.Model):
    """`left operator right` over one area's figures for one period, e.g. CP.4 ≤ CP.3."""

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="validation_rules"
    )
    name = models.CharField(_("name"), max_length=200)
    left = models.CharField(
        _("left side"),
        max_length=500,
        help_text=_(
            "Indicator codes, numbers, + - * and brackets. CP.4 is the total; CP.4.female, "
            "CP.4.male, CP.1.numerator, CP.1.denominator, CP.2.female.denominator its parts. "
            "A code that starts with a digit goes in braces: {2.2}."
        ),
    )
    operator = models.CharField(_("comparison"), max_length=3, choices=RuleOperator)
    right = models.CharField(_("right side"), max_length=500)
    importance = models.CharField(
        _("importance"), max_length=6, choices=Importance, default=Importance.MEDIUM
    )
    description = models.TextField(_("description"), blank=True)

    history = audit_trail()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["phase", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "name"],
                name="validationrule_unique_name",
                violation_error_message=_("The phase already has a rule with this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.left} {self.get_operator_display()} {self.right}"

    def clean(self) -> None:
        if not self.phase_id:
            return
        codes = set(Indicator.objects.filter(phase_id=self.phase_id).values_list("code", flat=True))
        errors = {}
        for side in ("left", "right"):
            try:
                parse(getattr(self, side) or "", codes)
            except ExpressionError as error:
                errors[side] = error.message
        if errors:
            raise ValidationError(errors)


class ValueBounds(models.Model):
    """The smallest and largest value a figure of the indicator can plausibly take."""

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="bounds"
    )
    minimum = models.DecimalField(
        _("smallest plausible value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("largest plausible value"), max_digits=20, decimal_places=4, null=True, blank=True
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("plausible range")
        verbose_name_plural = _("plausible ranges")
        ordering = ["indicator"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__isnull=False) | Q(maximum__isnull=False),
                name="valuebounds_not_empty",
                violation_error_message=_("Give a smallest value, a largest value, or both."),
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=models.F("minimum")),
                name="valuebounds_maximum_not_below_minimum",
                violation_error_message=_("The largest value cannot be below the smallest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.minimum} – {self.maximum}"


class FigureImport(models.Model):
    """One file of figures imported for real: who, when, which file, what it did.

    Only ever added by the import service; nobody changes or deletes one, so those
    permissions do not exist. Adding one is the permission to import.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created = models.PositiveIntegerField(_("figures created"))
    updated = models.PositiveIntegerField(_("figures changed"))
    unchanged = models.PositiveIntegerField(_("figures left as they were"))

    class Meta:
        verbose_name = _("figure import")
        verbose_name_plural = _("figure imports")
        ordering = ["-imported_at"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
