"""Filters of review reports; an unknown value is a 400, never an empty page."""

import django_filters

from programmes.models import Area
from reports.models import ReportStatus, ReviewReport


class ReviewReportFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        queryset=Area.objects.all(), to_field_name="code", help_text="The area's code."
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = ReviewReport
        fields = ["phase", "area", "status", "year"]
