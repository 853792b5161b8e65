"""The API's shape of areas, programmes, phases and objectives (DESIGN.md §6).

Areas are given and returned by their `code`; other foreign keys by id.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import CleanedModelSerializer
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Objective, Phase, Programme

YEAR_RANGE = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class AreaSerializer(CleanedModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )

    predecessors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("The codes of the units this one took over."),
    )
    successors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("The codes of the units that took this one over."),
    )

    clean_exclude = ("path", "search_text")

    class Meta:
        model = Area
        fields = [
            "id",
            "code",
            "official_code",
            "kind",
            "name",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "predecessors",
            "successors",
        ]


class ProgrammeSerializer(CleanedModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())

    clean_exclude = ("search_text",)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "sector", "area", "legal_basis", "description"]


class PhaseSerializer(CleanedModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "programme", "name", "start_year", "end_year", "previous", "plan_status"]
        extra_kwargs = {"start_year": YEAR_RANGE, "end_year": YEAR_RANGE}
        # The plan moves only through phases/{id}/plan/approve/ and …/reopen/.
        read_only_fields = ["plan_status"]


class ObjectiveSerializer(CleanedModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "phase", "number", "title"]
