"""Filters of the care-model resources; an unknown value is a 400, never an empty page."""

import django_filters

from care.choices import CareModelKind, PartnerKind
from care.models import CareModel, CareModelReport, Contribution, Partner
from core.filters import IntYearFilter, PeriodFilter
from programmes.filters import AreaTreeFilter, area_code_filter


class CareModelFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CareModelKind.choices)
    area = area_code_filter()
    within = AreaTreeFilter(path_field="area__path")
    running_in = IntYearFilter(
        method="filter_running_in", help_text="A year: the models that ran at some point of it."
    )

    class Meta:
        model = CareModel
        fields = ["kind", "area", "programme", "within", "running_in"]

    def filter_running_in(self, queryset, name, value):
        return queryset.running_in_year(value)


class CareModelReportFilter(django_filters.FilterSet):
    period = PeriodFilter()
    kind = django_filters.ChoiceFilter(field_name="care_model__kind", choices=CareModelKind.choices)
    year = IntYearFilter()
    area = area_code_filter("care_model__area")
    within = AreaTreeFilter(path_field="care_model__area__path")

    class Meta:
        model = CareModelReport
        fields = ["care_model", "period", "kind", "year", "area", "within"]


class PartnerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices)

    class Meta:
        model = Partner
        fields = ["kind"]


class ContributionFilter(django_filters.FilterSet):
    year = IntYearFilter(field_name="date__year")
    partner_kind = django_filters.ChoiceFilter(
        field_name="partner__kind", choices=PartnerKind.choices
    )

    class Meta:
        model = Contribution
        fields = ["partner", "care_model", "programme", "year", "partner_kind"]
