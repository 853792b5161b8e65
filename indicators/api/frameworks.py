"""API v1 national frameworks: read them, and adopt one of their targets for an indicator.

`GET frameworks/` lists the frameworks the project ships (`indicators.frameworks`), each
target with its legal wording, milestones and whether the wording was verified.
`POST indicators/{id}/adopt-framework-target/` gives the indicator the target's
milestones inside its phase, through `framework_target_adopt`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import PlainDecimalField
from indicators.frameworks import framework, framework_codes
from indicators.models import Indicator
from indicators.serializers import TargetSerializer, area_field
from indicators.services import framework_target_adopt


class CanReadTargets(permissions.BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("indicators.view_target")


class CanWriteTargets(permissions.BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("indicators.add_target") and request.user.has_perm(
            "indicators.change_target"
        )


class FrameworkTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    objective = serializers.IntegerField()
    wording = serializers.CharField(
        allow_null=True,
        help_text=_("The legal wording, as the framework writes it; null where it is not known."),
    )
    wording_en = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    comparators = serializers.DictField(child=serializers.CharField())
    values = serializers.DictField(child=PlainDecimalField(max_digits=20, decimal_places=4))
    verified = serializers.BooleanField(
        help_text=_("Whether the wording was checked against the official text.")
    )
    partial = serializers.BooleanField(help_text=_("Whether only part of the wording was read."))


class FrameworkObjectiveSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class FrameworkSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    legal_basis = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    milestones = serializers.ListField(child=serializers.IntegerField())
    status = serializers.CharField()
    objectives = FrameworkObjectiveSerializer(many=True)
    targets = FrameworkTargetSerializer(many=True)


class FrameworkListView(generics.GenericAPIView):
    """The national frameworks the project ships, with every target's wording."""

    serializer_class = FrameworkSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadTargets]
    filter_backends = []
    pagination_class = None

    @extend_schema(responses=FrameworkSerializer(many=True))
    def get(self, request: Request) -> Response:
        frameworks = [framework(code) for code in framework_codes()]
        return Response(FrameworkSerializer(frameworks, many=True).data)


class AdoptionSerializer(serializers.Serializer):
    framework = serializers.CharField(max_length=60)
    target = serializers.CharField(max_length=20, help_text=_('The framework\'s code, e.g. "2.3".'))
    area = area_field(required=False, help_text=_("Default: the programme's jurisdiction."))
    values = serializers.DictField(
        child=PlainDecimalField(max_digits=20, decimal_places=4),
        required=False,
        help_text=_('The province\'s own level by milestone year, e.g. {"2025": "37"}.'),
    )

    def validate_values(self, values: dict) -> dict[int, object]:
        try:
            return {int(year): value for year, value in values.items()}
        except ValueError as error:
            raise serializers.ValidationError(_("Give the years as whole numbers.")) from error


class AdoptFrameworkTargetView(generics.GenericAPIView):
    """Adopt a framework's target for this indicator: its milestones inside the phase."""

    queryset = Indicator.objects.select_related("phase__programme__area")
    serializer_class = AdoptionSerializer
    permission_classes = [permissions.IsAuthenticated, CanWriteTargets]
    filter_backends = []
    pagination_class = None

    @extend_schema(request=AdoptionSerializer, responses={200: TargetSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        indicator = self.get_object()
        given = AdoptionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        targets = framework_target_adopt(
            indicator=indicator,
            framework=given.validated_data["framework"],
            code=given.validated_data["target"],
            area=given.validated_data.get("area"),
            values=given.validated_data.get("values"),
        )
        return Response(TargetSerializer(targets, many=True).data)
