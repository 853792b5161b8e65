"""Filters of the programme resources; an unknown value is a 400, never an empty page."""

import django_filters
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.tree import subtree_q
from programmes.models import Area, AreaLevel, Objective, Phase, Programme, Sector


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices)
    parent = django_filters.ModelChoiceFilter(
        queryset=Area.objects.all(), to_field_name="code", help_text="The parent area's code."
    )
    official_code = django_filters.CharFilter(
        help_text="An official (GSO) code: the units of every era that had it."
    )
    valid_on = django_filters.DateFilter(
        method="filter_valid_on", help_text="A date (YYYY-MM-DD): the units valid that day."
    )

    class Meta:
        model = Area
        fields = ["level", "parent", "official_code", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_between(value, value)


class ProgrammeFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = Programme
        fields = ["sector"]


class PhaseFilter(django_filters.FilterSet):
    class Meta:
        model = Phase
        fields = ["programme"]


class ObjectiveFilter(django_filters.FilterSet):
    class Meta:
        model = Objective
        fields = ["phase"]


@extend_schema_field(OpenApiTypes.STR)
class AreaTreeFilter(django_filters.ModelChoiceFilter):
    """An area given by code, matching it and every area below it."""

    def __init__(self, *args, path_field: str, **kwargs) -> None:
        self.path_field = path_field
        kwargs.setdefault("queryset", Area.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("help_text", "An area's code: that area and every area below it.")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(subtree_q(self.path_field, value.path))


def area_code_filter(field_name: str | None = None) -> django_filters.ModelChoiceFilter:
    """An area given by its code (that area only); `field_name` defaults to the filter's."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Area.objects.all(),
        to_field_name="code",
        help_text="The area's code.",
    )
