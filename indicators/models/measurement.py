"""A measurement: one figure of an indicator for an area, a period and a sex."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from core.periods import PERIOD_PATTERN, period_year
from core.tree import subtree_q
from indicators.models.choices import (
    MeasurementStatus,
    Sex,
)
from indicators.models.indicator import Indicator
from indicators.models.messages import (
    DENOMINATOR_NOT_POSITIVE,
    FIGURE_EXISTS,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERIOD_FORMAT,
    VALUE_NEGATIVE,
    YEAR_OUT_OF_RANGE,
)
from programmes.models import MAX_YEAR, MIN_YEAR, Area
from programmes.roles import scope_q


class MeasurementQuerySet(models.QuerySet):
    def in_year(self, year: int) -> "MeasurementQuerySet":
        """Figures for `year` and its half-years."""
        return self.filter(year=year)

    def for_area_tree(self, area: Area) -> "MeasurementQuerySet":
        """Figures of `area` and of every area below it."""
        return self.filter(subtree_q("area__path", area.path))

    def visible_to(self, user) -> "MeasurementQuerySet":
        """Figures `user` may see: all, or only those of the assigned areas' subtrees."""
        return self.filter(scope_q(user, "area__path"))


class Measurement(models.Model):
    """One figure: an indicator's value in an area for a period, for one sex or the total."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="measurements"
    )
    period = models.CharField(
        _("period"), max_length=6, help_text=_('A year ("2020") or a half-year ("2020S1").')
    )
    # The year of `period`, kept as a column so figures can be filtered and indexed by year.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex, default=Sex.TOTAL)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeasurementStatus, default=MeasurementStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    # Raised by one on every write; a writer says which version it read, and a write
    # based on an older one is refused instead of silently undoing the other's change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = MeasurementQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        # The unique key's own order: its index serves any page of any list directly.
        # (By "indicator" and "area", Django would join and sort by their orderings.)
        ordering = ["indicator_id", "area_id", "period", "sex"]
        permissions = [
            ("submit_measurement", _("Can submit figures for review")),
            ("approve_measurement", _("Can approve submitted figures")),
            ("return_measurement", _("Can return submitted figures for correction")),
            ("reopen_measurement", _("Can reopen approved figures")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex"],
                name="measurement_unique_indicator_area_period_sex",
                violation_error_message=FIGURE_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN),
                name="measurement_period_format",
                violation_error_message=PERIOD_FORMAT,
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="measurement_year_in_range",
                violation_error_message=YEAR_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="measurement_value_not_negative",
                violation_error_message=VALUE_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="measurement_numerator_not_negative",
                violation_error_message=VALUE_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="measurement_denominator_positive",
                violation_error_message=DENOMINATOR_NOT_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="measurement_numerator_and_denominator_together",
                violation_error_message=NUMERATOR_WITHOUT_DENOMINATOR,
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "year", "area"], name="measurement_ind_year_area"),
            models.Index(fields=["area", "year"], name="measurement_area_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.area} · {self.period} · {self.get_sex_display()}"

    def save(self, *args, **kwargs) -> None:
        self.year = period_year(self.period)
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status == MeasurementStatus.APPROVED
