"""API v1 planning: the next phase from the last one, and a phase's plan approved or reopened.

The routes sit under the phase (`phases/{id}/next-phase/`, `phases/{id}/plan/approve/`,
`…/plan/reopen/`) but live here, with the services they call: programmes must not
depend on indicators.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ModelPermissions
from indicators.models import Target
from indicators.serializers import DetailSerializer, TargetSerializer
from indicators.services import next_phase_create, phase_plan_approve, phase_plan_reopen
from programmes.models import MAX_YEAR, MIN_YEAR, Phase
from programmes.serializers import PhaseSerializer

YEAR_RANGE = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class NextPhaseInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text=_('e.g. "2021–2025"'))
    start_year = serializers.IntegerField(**YEAR_RANGE)
    end_year = serializers.IntegerField(**YEAR_RANGE)


class PlannedPhaseSerializer(PhaseSerializer):
    """The new phase with the targets proposed for its end year."""

    targets = serializers.SerializerMethodField()

    class Meta(PhaseSerializer.Meta):
        fields = [*PhaseSerializer.Meta.fields, "targets"]

    @extend_schema(responses=TargetSerializer(many=True))
    def get_targets(self, phase: Phase) -> list[dict]:
        targets = (
            Target.objects.filter(indicator__phase=phase)
            .select_related("area", "indicator")
            .order_by("indicator__objective__number", "indicator__code", "year")
        )
        return TargetSerializer(targets, many=True).data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


class PhaseActionView(generics.GenericAPIView):
    queryset = Phase.objects.select_related("programme")
    filter_backends = []
    pagination_class = None


class NextPhaseView(PhaseActionView):
    """Plan the next phase from this one (DESIGN §6).

    Objectives and indicators are carried over (each indicator's `previous` is the old
    one); each indicator gets a target for the new end year whose baseline is its last
    actual in this phase (approved figures where there are, otherwise every figure and
    `baseline_provisional`), proposing the old target's value. 400 with nothing written
    for a name the programme uses, years that overlap, or a phase continued already.
    """

    serializer_class = NextPhaseInputSerializer
    permission_classes = [permissions.IsAuthenticated, ModelPermissions]

    @extend_schema(request=NextPhaseInputSerializer, responses={201: PlannedPhaseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        phase = self.get_object()
        given = NextPhaseInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        new = next_phase_create(phase=phase, **given.validated_data)
        return Response(PlannedPhaseSerializer(new).data, status=status.HTTP_201_CREATED)


class PlanApproveView(PhaseActionView):
    """Approve the phase's plan: its targets are then locked (409) until it is reopened."""

    serializer_class = PhaseSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: PhaseSerializer, 409: DetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        phase = phase_plan_approve(phase=self.get_object(), user=request.user)
        return Response(PhaseSerializer(phase).data)


class PlanReopenView(PhaseActionView):
    """Reopen an approved plan with `{"reason"}`, kept in the phase's history."""

    serializer_class = ReasonSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReasonSerializer, responses={200: PhaseSerializer, 409: DetailSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        phase = phase_plan_reopen(
            phase=self.get_object(), user=request.user, reason=given.validated_data["reason"]
        )
        return Response(PhaseSerializer(phase).data)
