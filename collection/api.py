"""API v1 views of the collection app (DESIGN.md §6): validation rules, the entry form,
the import of a filled form, completeness and data quality.

Views stay thin: the entry form comes from `collection.entry_form`, the import goes
through `collection.services.figures_import` (and so through the bulk API's service),
the read models from `collection.completeness` and `collection.quality`.
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, permissions, status, views, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BooleanField
from rest_framework.settings import api_settings

from collection.calendar import check_period
from collection.completeness import completeness
from collection.entry_form import entry_form, entry_form_xlsx
from collection.filters import ValidationRuleFilter
from collection.imports import MAX_FILE_BYTES
from collection.models import ValidationRule
from collection.quality import data_quality
from collection.serializers import (
    CompletenessQuerySerializer,
    CompletenessSerializer,
    DataQualityQuerySerializer,
    DataQualitySerializer,
    EntryFormQuerySerializer,
    ImportErrorsSerializer,
    ImportUploadSerializer,
    ValidationRuleSerializer,
)
from collection.services import (
    IMPORT_PERMISSIONS,
    ImportRefused,
    figures_import,
    validation_rule_save,
)
from core.api import CSVListMixin, ModelPermissions
from indicators.api.bulk import CONFLICT_RESPONSE
from indicators.api.read_models import CanViewFigures
from indicators.serializers import BulkResultSerializer
from programmes.api import check_area_in_scope
from programmes.models import Phase

JSON_RENDERERS = api_settings.DEFAULT_RENDERER_CLASSES
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_MISSING = _('Send the file as multipart form data in the field "file".')


class ValidationRuleViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Validation rules of a phase; both sides are read against the phase's indicator
    codes on every write, and a side naming an unknown indicator is a 400 that names it."""

    queryset = ValidationRule.objects.all()
    serializer_class = ValidationRuleSerializer
    filterset_class = ValidationRuleFilter
    csv_filename = "validation-rules"

    def perform_create(self, serializer: ValidationRuleSerializer) -> None:
        rule = ValidationRule(**serializer.validated_data)
        serializer.instance = validation_rule_save(rule=rule)

    def perform_update(self, serializer: ValidationRuleSerializer) -> None:
        rule = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(rule, name, value)
        serializer.instance = validation_rule_save(rule=rule)


class EntryFormView(generics.GenericAPIView):
    """The Excel entry form for an area and period, prefilled with the figures entered.

    One sheet per reporting area under `area`, one row per indicator due from it in
    the period by the programme's reporting calendar (without a calendar: every
    indicator of the phase, yearly). A user bound to some areas may only ask for one
    of them (403 otherwise).
    """

    queryset = Phase.objects.select_related("programme__area")
    permission_classes = [permissions.IsAuthenticated, ModelPermissions, CanViewFigures]
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[EntryFormQuerySerializer],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=_("The form.")),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        phase = self.get_object()
        query = EntryFormQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = query.validated_data["area"]
        period = check_period(query.validated_data["period"])
        check_area_in_scope(request, area)
        content = entry_form_xlsx(entry_form(phase=phase, area=area, period=period))
        response = HttpResponse(content, content_type=XLSX_TYPE)
        filename = f"bieu-nhap-{area.code}-{period}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CanImport(permissions.BasePermission):
    """Importing creates and changes figures, so it needs those permissions too."""

    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)


class MeasurementImportView(views.APIView):
    """Figures from a filled entry form (.xlsx) or a CSV, all or nothing, as `bulk/`.

    Blank cells leave figures as they are; numbers typed as text are read the
    Vietnamese way (1.234 is a thousand and more, 4,5 four and a half; anything that
    could mean two numbers is refused). Every bad cell is reported with its sheet,
    row and field, and nothing is written. With `?dry_run=1` nothing is written either.
    """

    parser_classes = [parsers.MultiPartParser]
    renderer_classes = JSON_RENDERERS
    permission_classes = [permissions.IsAuthenticated, CanImport]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run", OpenApiTypes.BOOL, description=_("Check every row, write nothing.")
            )
        ],
        responses={
            200: BulkResultSerializer,
            400: ImportErrorsSerializer,
            409: CONFLICT_RESPONSE,
        },
    )
    def post(self, request: Request) -> Response:
        raw = request.query_params.get("dry_run")
        try:
            dry_run = False if raw is None else BooleanField().run_validation(raw)
        except exceptions.ValidationError as error:
            return _errors([(None, None, "dry_run", str(m)) for m in error.detail])
        upload = request.FILES.get("file")
        if upload is None:
            return _errors([(None, None, "file", str(FILE_MISSING))])
        try:
            outcome = figures_import(
                name=upload.name or "",
                # One byte past the limit is enough for the reader to refuse the size.
                content=upload.read(MAX_FILE_BYTES + 1),
                user=request.user,
                dry_run=dry_run,
            )
        except ImportRefused as refused:
            return _errors([(p.sheet, p.row, p.field, p.message) for p in refused.problems])
        return Response(
            {
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "dry_run": outcome.dry_run,
            }
        )


def _errors(errors: list[tuple]) -> Response:
    return Response(
        {
            "errors": [
                {"sheet": sheet, "row": row, "field": name, "message": message}
                for sheet, row, name, message in errors
            ]
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class CompletenessView(views.APIView):
    """Expected, received and on-time (area, indicator) pairs for a programme, period and
    area, and the same for each child area. A user bound to some areas may only ask
    for one of them (403 otherwise)."""

    renderer_classes = JSON_RENDERERS
    permission_classes = [permissions.IsAuthenticated, CanViewFigures]

    @extend_schema(
        parameters=[CompletenessQuerySerializer],
        responses={200: CompletenessSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        query = CompletenessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        programme = query.validated_data["programme"]
        area = query.validated_data.get("area") or programme.area
        check_area_in_scope(request, area)
        period = check_period(query.validated_data["period"])
        result = completeness(programme=programme, period=period, area=area)
        return Response(CompletenessSerializer(result).data)


class DataQualityView(views.APIView):
    """Validation rules broken and outlying figures among a phase's figures in an area's
    tree for a year and its half-years. Nothing here blocks entry (rule 10)."""

    renderer_classes = JSON_RENDERERS
    permission_classes = [permissions.IsAuthenticated, CanViewFigures]

    @extend_schema(
        parameters=[DataQualityQuerySerializer],
        responses={200: DataQualitySerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        query = DataQualityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        phase = query.validated_data["phase"]
        area = query.validated_data.get("area") or phase.programme.area
        check_area_in_scope(request, area)
        findings = data_quality(phase=phase, area=area, year=query.validated_data["year"])
        return Response(DataQualitySerializer(findings).data)
