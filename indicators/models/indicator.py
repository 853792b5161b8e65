"""An indicator: what is measured, in which unit, against which direction."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from care.choices import CareModelKind, CareModelMeasure
from core.history import audit_trail
from core.text import nfc, search_key
from indicators.models.choices import (
    RATE_SCALE,
    SUMMABLE_UNITS,
    WHOLE_UNITS,
    Accumulation,
    Direction,
    IndicatorSource,
    PhaseAggregate,
    ReportingFrequency,
    Unit,
)
from indicators.models.messages import (
    DECIMALS_OUT_OF_RANGE,
    FEED_NEEDS_COUNT_FLOW,
    FEED_NEEDS_KIND_AND_MEASURE,
    FEED_ONLY_FOR_CARE_MODELS,
    INDICATOR_CODE_TAKEN,
    SUM_ONLY_FOR_COUNTS,
)
from programmes.models import Objective, Phase


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
    by_sex = models.BooleanField(
        _("by sex"), default=False, help_text=_("Reported for women and men as well as in total.")
    )
    reporting_frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=ReportingFrequency,
        default=ReportingFrequency.YEAR,
        help_text=_("Six-monthly: figures are entered for each half-year (2020S1, 2020S2)."),
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
