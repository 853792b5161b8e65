"""Filters of award forms, decisions and recipients; an unknown value is a 400, never an empty page."""

import django_filters

from awards.models import (
    AwardDecision,
    AwardForm,
    AwardKind,
    Commendation,
    IssuerLevel,
    Occasion,
    RecipientKind,
    RecipientSex,
)
from core.filters import YearFilter
from programmes.filters import area_code_filter
from programmes.models import Phase


def form_filter(field_name: str = "form") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=AwardForm.objects.all(),
        to_field_name="code",
        help_text="The award form's code.",
    )


class AwardFormFilter(django_filters.FilterSet):
    issuer_level = django_filters.ChoiceFilter(choices=IssuerLevel.choices)
    kind = django_filters.ChoiceFilter(choices=AwardKind.choices)

    class Meta:
        model = AwardForm
        fields = ["issuer_level", "kind"]


class AwardDecisionFilter(django_filters.FilterSet):
    form = form_filter()
    issuer_level = django_filters.ChoiceFilter(choices=IssuerLevel.choices)
    year = YearFilter(help_text="The year the decision was signed.")
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices)

    class Meta:
        model = AwardDecision
        fields = ["form", "issuer_level", "phase", "year", "programme", "occasion"]


class CommendationFilter(django_filters.FilterSet):
    recipient_kind = django_filters.ChoiceFilter(choices=RecipientKind.choices)
    sex = django_filters.ChoiceFilter(choices=RecipientSex.choices)
    area = area_code_filter()
    form = form_filter("decision__form")
    phase = django_filters.ModelChoiceFilter(
        field_name="decision__phase", queryset=Phase.objects.all()
    )
    year = YearFilter(field_name="decision__year", help_text="The year of the decision.")

    class Meta:
        model = Commendation
        fields = ["decision", "recipient_kind", "sex", "area", "form", "phase", "year"]
