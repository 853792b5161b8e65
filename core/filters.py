"""Filters every app's API shares: a year, a period. An unknown value is a 400, never an
empty page."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.periods import MAX_YEAR, MIN_YEAR, PERIOD_PATTERN

PERIOD_FILTER_MALFORMED = _('Write the period as a year ("2020") or a half-year ("2020S1").')


class YearFilter(django_filters.Filter):
    """A whole year within the range any phase may have."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class PeriodFilter(django_filters.CharFilter):
    """A period as figures and reports write it: "2020", "2020S1" or "2020S2"."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "validators",
            [RegexValidator(PERIOD_PATTERN, PERIOD_FILTER_MALFORMED)],
        )
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IntYearFilter(YearFilter):
    """A `YearFilter` that declares itself an integer in the API schema.

    For a year the schema cannot read from a model field (a method, or a transform such
    as `date__year`), which drf-spectacular would otherwise call a string. The declaration
    replaces what a model field would give (its title and help text).
    """
