"""API v1 read models: the phase scorecard and an indicator's progress."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ModelPermissions, json_action
from indicators.read_serializers import (
    ProgressQuerySerializer,
    ProgressSerializer,
    ScorecardQuerySerializer,
    ScorecardSerializer,
    progress_data,
    scorecard_data,
)
from indicators.selectors import indicator_progress, phase_scorecard
from indicators.services import phase_refusal
from programmes.api import check_area_in_scope
from programmes.models import Phase


class CanViewFigures(permissions.BasePermission):
    """Read models built from figures need the permission to view figures."""

    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("indicators.view_measurement")


class ProgressMixin:
    """`indicators/{id}/progress/` on the indicators' viewset."""

    @extend_schema(
        parameters=[ProgressQuerySerializer],
        responses={200: ProgressSerializer, 400: OpenApiTypes.OBJECT},
    )
    @json_action(
        detail=True,
        permission_classes=[permissions.IsAuthenticated, ModelPermissions, CanViewFigures],
    )
    def progress(self, request: Request, pk: str) -> Response:
        """Actual against target for each year of the phase, and the change on the last phase.

        A user bound to some areas may only ask for one of them (403 otherwise).
        """
        indicator = self.get_object()
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = query.validated_data.get("area") or indicator.phase.programme.area
        check_area_in_scope(request, area)
        progress = indicator_progress(
            indicator=indicator,
            area=area,
            approved_only=query.validated_data["figures"] == "approved",
        )
        return Response(progress_data(progress))


class PhaseScorecardView(generics.GenericAPIView):
    """Every indicator of the phase with a target for the area, judged for the year.

    `area` defaults to the programme's jurisdiction and `year` to the phase's end year.
    Before a target's year its status is `on_track` or `off_track`. A user bound to some
    areas may only ask for one of them (403 otherwise).
    """

    queryset = Phase.objects.select_related("programme__area")
    serializer_class = ScorecardSerializer
    permission_classes = [permissions.IsAuthenticated, ModelPermissions, CanViewFigures]
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[ScorecardQuerySerializer],
        responses={200: ScorecardSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pk: int) -> Response:
        phase = self.get_object()
        query = ScorecardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year")
        if year is not None and (refusal := phase_refusal(phase, year)):
            raise exceptions.ValidationError({"year": [refusal]})
        area = query.validated_data.get("area") or phase.programme.area
        check_area_in_scope(request, area)
        scorecard = phase_scorecard(
            phase=phase,
            area=area,
            year=year,
            approved_only=query.validated_data["figures"] == "approved",
            as_rows=True,
        )
        return Response(scorecard_data(scorecard))
