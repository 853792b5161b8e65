"""API v1 views of care models, their reports, partners and contributions.

Reads and writes need the model's Django permission (the roles, see `programmes.roles`);
a data-entry officer sees care-model reports and contributions of their own areas only.
Every write goes through `care.services`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from care.filters import (
    CareModelFilter,
    CareModelReportFilter,
    ContributionFilter,
    PartnerFilter,
)
from care.models import CareModel, CareModelReport, Contribution, Partner
from care.selectors import care_model_summary
from care.serializers import (
    CareModelReportSerializer,
    CareModelSerializer,
    CareModelSummaryQuerySerializer,
    CareModelSummarySerializer,
    ContributionSerializer,
    PartnerSerializer,
)
from care.services import (
    care_model_create,
    care_model_report_create,
    care_model_report_delete,
    care_model_report_update,
    care_model_update,
    contribution_create,
    contribution_update,
)
from core.api import CSVListMixin, json_action
from programmes.api import check_area_in_scope
from programmes.roles import area_scope

AREA_REQUIRED = _("Choose one of your assigned areas with ?area=CODE.")


class CareModelViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Care models for children in special circumstances; `area` is the area's code.

    Saved through `care_model_create` / `care_model_update`; `summary` gives the year's
    figures by kind.
    """

    queryset = CareModel.objects.select_related("area")
    serializer_class = CareModelSerializer
    filterset_class = CareModelFilter
    csv_filename = "care-models"

    def perform_create(self, serializer: CareModelSerializer) -> None:
        serializer.instance = care_model_create(**serializer.validated_data)

    def perform_update(self, serializer: CareModelSerializer) -> None:
        serializer.instance = care_model_update(
            care_model=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        parameters=[CareModelSummaryQuerySerializer],
        responses={200: CareModelSummarySerializer, 400: OpenApiTypes.OBJECT},
    )
    @json_action(detail=False)
    def summary(self, request: Request) -> Response:
        """Per kind, for the year in the area and below: models running, children reached
        by sex, outcomes, state budget against mobilised money."""
        query = CareModelSummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = query.validated_data.get("area")
        if area is None and area_scope(request.user) is not None:
            raise exceptions.PermissionDenied(AREA_REQUIRED)
        check_area_in_scope(request, area)
        summary = care_model_summary(year=query.validated_data["year"], area=area)
        return Response(CareModelSummarySerializer(summary).data)


class CareModelReportViewSet(CSVListMixin, viewsets.ModelViewSet):
    """A care model's reports by year or half-year, with children by group in `groups`.

    Saved through `care_model_report_create` / `_update`, which also keep the indicator
    figures fed by care-model reports current.
    """

    queryset = CareModelReport.objects.select_related("care_model").prefetch_related("groups")
    serializer_class = CareModelReportSerializer
    filterset_class = CareModelReportFilter
    csv_filename = "care-model-reports"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer: CareModelReportSerializer) -> None:
        report = care_model_report_create(**serializer.validated_data)
        serializer.instance = CareModelReport.objects.prefetch_related("groups").get(pk=report.pk)

    def perform_update(self, serializer: CareModelReportSerializer) -> None:
        report = care_model_report_update(report=serializer.instance, **serializer.validated_data)
        serializer.instance = CareModelReport.objects.prefetch_related("groups").get(pk=report.pk)

    def perform_destroy(self, instance: CareModelReport) -> None:
        care_model_report_delete(report=instance)


class PartnerViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Businesses, associations, charities, individuals, international organisations and
    state bodies that fund or support care models and programmes."""

    queryset = Partner.objects.select_related("area")
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    csv_filename = "partners"


class ContributionViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Cash or goods a partner gave to one care model or to one programme."""

    queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    csv_filename = "contributions"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer: ContributionSerializer) -> None:
        serializer.instance = contribution_create(**serializer.validated_data)

    def perform_update(self, serializer: ContributionSerializer) -> None:
        serializer.instance = contribution_update(
            contribution=serializer.instance, **serializer.validated_data
        )
