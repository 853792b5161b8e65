"""Indicators, their targets and the figures measured against them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from care.choices import CareModelKind, CareModelMeasure
from core.history import audit_trail
from core.periods import PERIOD_PATTERN, period_year
from core.text import nfc, search_key
from core.tree import subtree_q
from indicators.models.choices import (
    DIRECTION_COMPARATORS,
    RATE_SCALE,
    SUMMABLE_UNITS,
    WHOLE_UNITS,
    Accumulation,
    Comparator,
    Direction,
    IndicatorSource,
    MeasurementStatus,
    PhaseAggregate,
    Sex,
    Unit,
)
from indicators.models.messages import (
    BASELINE_AFTER_TARGET,
    BASELINE_INCOMPLETE,
    DECIMALS_OUT_OF_RANGE,
    DENOMINATOR_NOT_POSITIVE,
    DIRECTION_NEEDS_BASELINE,
    FEED_NEEDS_COUNT_FLOW,
    FEED_NEEDS_KIND_AND_MEASURE,
    FEED_ONLY_FOR_CARE_MODELS,
    FIGURE_EXISTS,
    INDICATOR_CODE_TAKEN,
    NUMERATOR_WITHOUT_DENOMINATOR,
    PERIOD_FORMAT,
    SUM_ONLY_FOR_COUNTS,
    TARGET_EXISTS,
    VALUE_MAX_ONLY_FOR_BETWEEN,
    VALUE_NEGATIVE,
    YEAR_OUT_OF_RANGE,
)
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Objective, Phase
from programmes.roles import scope_q


class Indicator(models.Model):
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    # Copied from the objective on save so the database can keep codes unique per phase.
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        related_name="indicators",
        editable=False,
    )
    code = models.CharField(_("code"), max_length=20, help_text=_('e.g. "2.2"'))
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit)
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction, default=Direction.INCREASE
    )
    accumulation = models.CharField(
        _("accumulation"), max_length=8, choices=Accumulation, default=Accumulation.STOCK
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("same indicator in the previous phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    # How reports write the unit ("bé trai/100 bé gái", "lần"); empty: the unit's own word.
    unit_label = models.CharField(
        _("unit as reports write it"),
        max_length=60,
        blank=True,
        help_text=_('e.g. "bé trai/100 bé gái", "ca/100.000 trẻ đẻ sống", "lần"'),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"),
        null=True,
        blank=True,
        help_text=_("How many decimals a figure is shown with; empty: up to two."),
    )
    phase_aggregate = models.CharField(
        _("phase total"),
        max_length=10,
        choices=PhaseAggregate,
        default=PhaseAggregate.END_VALUE,
        help_text=_("How the whole phase is summed up for the comparison with the previous one."),
    )
    series_break = models.BooleanField(
        _("definition changed since the previous phase"),
        default=False,
        help_text=_("The comparison with the previous phase is then shown flagged."),
    )
    definition = models.TextField(_("definition"), blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    # Where the figures come from; see indicators.feeds for the derived ones.
    source = models.CharField(
        _("source of figures"),
        max_length=12,
        choices=IndicatorSource,
        default=IndicatorSource.MANUAL,
        blank=True,  # left empty on a form: entered by hand
    )
    care_model_kind = models.CharField(
        _("kind of care model"), max_length=30, choices=CareModelKind, blank=True
    )
    care_model_measure = models.CharField(
        _("what to count from the reports"), max_length=30, choices=CareModelMeasure, blank=True
    )
    search_text = models.CharField(max_length=600, editable=False)

    history = audit_trail()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["phase", "objective__number", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "code"],
                name="indicator_unique_code_in_phase",
                violation_error_message=INDICATOR_CODE_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(source="manual", care_model_kind="", care_model_measure="")
                | (Q(source="care_models") & ~Q(care_model_kind="") & ~Q(care_model_measure="")),
                name="indicator_feed_complete",
                violation_error_message=FEED_NEEDS_KIND_AND_MEASURE,
            ),
            models.CheckConstraint(
                condition=~Q(phase_aggregate=PhaseAggregate.SUM) | Q(unit__in=SUMMABLE_UNITS),
                name="indicator_phase_sum_only_for_counts",
                violation_error_message=SUM_ONLY_FOR_COUNTS,
            ),
            models.CheckConstraint(
                condition=Q(decimals__isnull=True) | Q(decimals__lte=4),
                name="indicator_decimals_at_most_four",
                violation_error_message=DECIMALS_OUT_OF_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.phase_id = self.objective.phase_id
        self.name = nfc(self.name)
        self.search_text = search_key(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.source = self.source or IndicatorSource.MANUAL
        if self.source == IndicatorSource.CARE_MODELS:
            if not self.care_model_kind or not self.care_model_measure:
                raise ValidationError({"care_model_measure": FEED_NEEDS_KIND_AND_MEASURE})
            if self.unit != Unit.COUNT or self.accumulation != Accumulation.FLOW:
                raise ValidationError({"source": FEED_NEEDS_COUNT_FLOW})
        elif self.care_model_kind or self.care_model_measure:
            raise ValidationError({"care_model_kind": FEED_ONLY_FOR_CARE_MODELS})

    @property
    def is_fed(self) -> bool:
        """True when the figures are derived from care-model reports, not entered."""
        return self.source == IndicatorSource.CARE_MODELS

    @property
    def is_rate(self) -> bool:
        return self.unit in RATE_SCALE

    @property
    def counts(self) -> bool:
        """True for whole-number units: people, cases, đồng, a milestone's 0 or 1."""
        return self.unit in WHOLE_UNITS

    @property
    def places(self) -> int:
        """The decimals a figure is shown with: none for a count, else `decimals`
        (up to two when it is not set)."""
        if self.counts:
            return 0
        return 2 if self.decimals is None else self.decimals

    @property
    def scale(self) -> Decimal | None:
        return RATE_SCALE.get(self.unit)


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


# The summaries need `Indicator` above; imported last so the models register in the
# same order as when they lived in this one module.
from indicators.models.summaries import (  # noqa: E402, F401
    ChildSums,
    IndicatorCount,
    MeasurementCount,
)
