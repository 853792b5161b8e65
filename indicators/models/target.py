"""A target: the level an indicator should reach in an area by a year."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_trail
from indicators.models.choices import (
    DIRECTION_COMPARATORS,
    Comparator,
    Sex,
)
from indicators.models.indicator import Indicator
from indicators.models.messages import (
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    DIRECTION_NEEDS_BASELINE,
    TARGET_EXISTS,
    VALUE_MAX_ONLY_FOR_BETWEEN,
    VALUE_NEGATIVE,
    YEAR_OUT_OF_RANGE,
)
from programmes.models import MAX_YEAR, MIN_YEAR, Area


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # "ít nhất 40% cho mỗi giới" is two targets: one for women, one for men.
    sex = models.CharField(_("sex"), max_length=6, choices=Sex, default=Sex.TOTAL)
    comparator = models.CharField(_("comparator"), max_length=8, choices=Comparator)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        _("upper value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range target: the actual must lie between the two values."),
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    # True when the baseline was read from figures not yet approved (the next-phase
    # plan takes approved figures where there are).
    baseline_provisional = models.BooleanField(
        _("provisional baseline"),
        default=False,
        help_text=_("The baseline comes from figures that were not approved yet."),
    )
    source_text = models.TextField(
        _("legal wording"),
        blank=True,
        help_text=_('The target as the decision words it, e.g. "đạt từ 35% trở lên".'),
    )
    # The national framework's target this one adopts ("NSGE-2021-2030:2.3"), and the
    # framework's own value where the province set a level of its own.
    framework_target = models.CharField(
        _("framework target"), max_length=60, blank=True, editable=False
    )
    national_value = models.DecimalField(
        _("national target value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
    )

    history = audit_trail()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year", "sex"],
                name="target_unique_indicator_area_year_sex",
                violation_error_message=TARGET_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(
                    comparator=Comparator.BETWEEN,
                    value_max__isnull=False,
                    value_max__gte=models.F("value"),
                )
                | (~Q(comparator=Comparator.BETWEEN) & Q(value_max__isnull=True)),
                name="target_value_max_only_for_between",
                violation_error_message=VALUE_MAX_ONLY_FOR_BETWEEN,
            ),
            models.CheckConstraint(
                condition=~Q(comparator__in=DIRECTION_COMPARATORS)
                | Q(baseline_value__isnull=False, value=models.F("baseline_value")),
                name="target_direction_against_baseline",
                violation_error_message=DIRECTION_NEEDS_BASELINE,
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=VALUE_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_value__gte=0),
                name="target_baseline_not_negative",
                violation_error_message=VALUE_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="target_year_in_range",
                violation_error_message=YEAR_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__lt=models.F("year")),
                name="target_baseline_before_year",
                violation_error_message=BASELINE_AFTER_TARGET,
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True, baseline_value__isnull=True)
                | Q(baseline_year__isnull=False, baseline_value__isnull=False),
                name="target_baseline_value_and_year_together",
                violation_error_message=BASELINE_INCOMPLETE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparator_display()} {self.value} ({self.year})"
