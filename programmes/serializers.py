"""The API's shape of areas, programmes, phases and objectives (DESIGN.md §6).

Areas are given and returned by their `code`; other foreign keys by id.
"""

from rest_framework import serializers

from core.api import CleanedModelSerializer
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Objective, Phase, Programme

YEAR_RANGE = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class AreaSerializer(CleanedModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )

    clean_exclude = ("path", "search_text")

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_to"]


class ProgrammeSerializer(CleanedModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())

    clean_exclude = ("search_text",)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "sector", "area", "legal_basis", "description"]


class PhaseSerializer(CleanedModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "programme", "name", "start_year", "end_year", "previous"]
        extra_kwargs = {"start_year": YEAR_RANGE, "end_year": YEAR_RANGE}


class ObjectiveSerializer(CleanedModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "phase", "number", "title"]
