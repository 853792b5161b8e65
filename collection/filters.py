"""Filters of the collection app's lists; an unknown value is a 400, never an empty page."""

import django_filters

from collection.models import ValidationRule


class ValidationRuleFilter(django_filters.FilterSet):
    class Meta:
        model = ValidationRule
        fields = ["phase", "importance"]
