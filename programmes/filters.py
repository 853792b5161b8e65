"""Filters of the programme resources; an unknown value is a 400, never an empty page."""

import django_filters

from programmes.models import Area, AreaLevel, Objective, Phase, Programme, Sector


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices)
    parent = django_filters.ModelChoiceFilter(
        queryset=Area.objects.all(), to_field_name="code", help_text="The parent area's code."
    )

    class Meta:
        model = Area
        fields = ["level", "parent"]


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
