"""Summaries of the figures: sums of the child areas' totals and counts of figures.

They are kept current by database triggers on every write to `Measurement` (migration
0007): whatever writes a figure (a service, the COPY path of the bulk upload, a queryset
update, a raw statement), the summaries change in the same statement and the same
transaction. No code writes them; tests compare them with the figures after random
writes (tests/indicators/test_summary_property.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from programmes.models import Area


class ChildSums(models.Model):
    """The sums of the children's yearly totals, per indicator, parent area and year.

    Only the children that count towards the parent that year under rule 8 (DESIGN.md
    §4): valid on the year's last day (or the parent's) and not passing their figures
    to a successor; triggers sum a parent again when that changes (docs/summaries.md).

    Rule 1 adds the children's yearly figures up wherever every child has one; the
    scorecard reads these sums instead of every commune's figure. `figures` says how many
    children's figures are summed, `ratios` how many of them carry a ratio; the
    `approved_` columns count approved figures only (the official scorecard).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    figures = models.IntegerField(default=0)
    value_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    numerator_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    denominator_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    ratios = models.IntegerField(default=0)
    approved_figures = models.IntegerField(default=0)
    approved_value_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    approved_numerator_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    approved_denominator_sum = models.DecimalField(max_digits=28, decimal_places=4, default=0)
    approved_ratios = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("sums of child areas' figures")
        verbose_name_plural = _("sums of child areas' figures")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "parent", "year"], name="childsums_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.parent_id} · {self.year}: {self.figures}"


class MeasurementCount(models.Model):
    """How many figures there are per indicator, parent area, period, sex and status.

    Lets a list of figures filtered by those alone count its rows without reading them.
    Kept per parent area (`parent_key`: the id of the figure's area's parent, 0 when it
    has none) so that writers in different districts never share a row.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    parent_key = models.BigIntegerField()
    period = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=6)
    status = models.CharField(max_length=10)
    figures = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("count of figures")
        verbose_name_plural = _("counts of figures")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "parent_key", "period", "sex", "status"],
                name="measurementcount_unique_key",
            )
        ]
        # Without them each count below scanned the whole table (147,000 rows at national
        # scale): the pages' counts of figures not approved read every indicator of some
        # phases under a few parent areas; a list filtered by year (and phase or
        # indicator) counts its rows from one year's.
        indexes = [
            models.Index(fields=["parent_key", "indicator"], name="measurementcount_parent"),
            models.Index(fields=["year", "indicator"], name="measurementcount_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period} · {self.sex} · {self.status}: {self.figures}"


class IndicatorCount(models.Model):
    """How many figures an indicator has under each parent area: a whole list's count."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    parent_key = models.BigIntegerField()
    figures = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("count of an indicator's figures")
        verbose_name_plural = _("counts of indicators' figures")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "parent_key"], name="indicatorcount_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.parent_key}: {self.figures}"
