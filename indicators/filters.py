"""Filters of indicators, targets and figures; an unknown value is a 400, never an empty page."""

import django_filters
from django.db.models import Sum
from django_filters.rest_framework import DjangoFilterBackend

from core.filters import PeriodFilter, YearFilter
from indicators.models import (
    Indicator,
    IndicatorCount,
    Measurement,
    MeasurementCount,
    MeasurementStatus,
    Sex,
    Target,
    Unit,
)
from programmes.filters import area_code_filter
from programmes.models import Phase


class IndicatorFilter(django_filters.FilterSet):
    unit = django_filters.ChoiceFilter(choices=Unit.choices)

    class Meta:
        model = Indicator
        fields = ["phase", "objective", "unit"]


class TargetFilter(django_filters.FilterSet):
    area = area_code_filter()
    year = YearFilter()
    phase = django_filters.ModelChoiceFilter(
        field_name="indicator__phase", queryset=Phase.objects.all()
    )

    class Meta:
        model = Target
        fields = ["indicator", "area", "year", "phase"]


class MeasurementFilter(django_filters.FilterSet):
    area = area_code_filter()
    period = PeriodFilter()
    year = YearFilter()
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    status = django_filters.ChoiceFilter(choices=MeasurementStatus.choices)
    phase = django_filters.ModelChoiceFilter(
        field_name="indicator__phase", queryset=Phase.objects.all()
    )

    class Meta:
        model = Measurement
        fields = ["indicator", "area", "period", "year", "sex", "status", "phase"]

    # The filters `MeasurementCount` has columns for (`IndicatorCount` the first and the
    # last): a list filtered by these alone is counted there, not by reading its figures.
    summary_filters = {"indicator", "period", "year", "sex", "status", "phase"}

    def summary_count(self) -> int | None:
        """How many figures the filters select, from the counts; None when they cannot say.

        The filters themselves are applied to the counts (they share the field names), so
        both always mean the same; the area filter has no counterpart there.
        """
        if not self.is_valid():
            return None
        used = {
            name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")
        }
        if not used.keys() <= self.summary_filters:
            return None
        # By indicator or phase only (or nothing): the few rows of one count per indicator.
        by_indicator = used.keys() <= {"indicator", "phase"}
        counts = (IndicatorCount if by_indicator else MeasurementCount).objects.all()
        for name, value in used.items():
            counts = self.filters[name].filter(counts, value)
        return counts.aggregate(figures=Sum("figures"))["figures"] or 0


class KeepFilterSetBackend(DjangoFilterBackend):
    """DjangoFilterBackend that leaves the filter set it used on the view, as `view.filterset`."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset
