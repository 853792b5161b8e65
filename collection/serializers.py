"""Shapes of the collection app's API: validation rules, and the queries and answers of
the entry form, the import, completeness and data quality (DESIGN.md §6)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from collection.models import ValidationRule
from core.api import ModelSerializer, PlainDecimalField
from indicators.serializers import YEAR_RANGE, area_field
from programmes.models import Phase, Programme

PERIOD_HELP = _('A year ("2020") or a half-year ("2020S1", "2020S2").')


class ValidationRuleSerializer(ModelSerializer):
    class Meta:
        model = ValidationRule
        fields = ["id", "phase", "name", "left", "operator", "right", "importance", "description"]


class EntryFormQuerySerializer(serializers.Serializer):
    area = area_field(
        help_text=_("The area the form is for; its reporting areas get a sheet each.")
    )
    period = serializers.CharField(max_length=6, help_text=PERIOD_HELP)


class ImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField(allow_null=True)
    row = serializers.IntegerField(allow_null=True)
    field = serializers.CharField()
    message = serializers.CharField()


class ImportErrorsSerializer(serializers.Serializer):
    errors = ImportErrorSerializer(many=True)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The filled entry form (.xlsx) or a CSV file."))


class CompletenessQuerySerializer(serializers.Serializer):
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.select_related("area")
    )
    period = serializers.CharField(max_length=6, help_text=PERIOD_HELP)
    area = area_field(required=False, help_text=_("Default: the programme's jurisdiction."))


class AreaCompletenessSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.code")
    name = serializers.CharField(source="area.name")
    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rate_percent = PlainDecimalField(max_digits=5, decimal_places=1, allow_null=True)
    on_time_percent = PlainDecimalField(max_digits=5, decimal_places=1, allow_null=True)


class CompletenessSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme.pk")
    period = serializers.CharField()
    area = serializers.CharField(source="area.code")
    due_on = serializers.DateField()
    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rate_percent = PlainDecimalField(max_digits=5, decimal_places=1, allow_null=True)
    on_time_percent = PlainDecimalField(max_digits=5, decimal_places=1, allow_null=True)
    areas = AreaCompletenessSerializer(many=True)


class DataQualityQuerySerializer(serializers.Serializer):
    phase = serializers.PrimaryKeyRelatedField(
        queryset=Phase.objects.select_related("programme__area")
    )
    area = area_field(required=False, help_text=_("Default: the programme's jurisdiction."))
    year = serializers.IntegerField(
        help_text=_("The year; its half-years are included."), **YEAR_RANGE
    )


class ViolationSerializer(serializers.Serializer):
    rule = serializers.IntegerField(source="rule.pk")
    rule_name = serializers.CharField(source="rule.name")
    importance = serializers.CharField(source="rule.importance")
    area = serializers.CharField(source="area.code")
    period = serializers.CharField()
    left = PlainDecimalField(max_digits=30, decimal_places=4)
    right = PlainDecimalField(max_digits=30, decimal_places=4)
    message = serializers.CharField()


class OutlierSerializer(serializers.Serializer):
    measurement = serializers.IntegerField()
    indicator_code = serializers.CharField()
    area = serializers.CharField(source="area.code")
    period = serializers.CharField()
    sex = serializers.CharField()
    value = PlainDecimalField(max_digits=20, decimal_places=4)
    low = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    high = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    method = serializers.CharField()
    message = serializers.CharField()


class DataQualitySerializer(serializers.Serializer):
    violations = ViolationSerializer(many=True)
    outliers = OutlierSerializer(many=True)
