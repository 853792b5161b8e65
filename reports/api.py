"""API v1 of review reports and of the review documents (DESIGN.md §6).

`phases/{id}/review/` renders the review from today's figures; `review-reports/` keeps
the officer's reports, `issue/` freezes one, `document/` renders it (an issued report
from its frozen numbers only) and `changes/` lists the targets that moved since issue.
Views stay thin: writes go through `reports.services`, which refuses any change to an
issued report with `ReportConflict` (409 here, the message in the admin).

`?format=` picks the document (docx, the default, or xlsx). DRF would read that query
parameter as a renderer's name and answer 404 for anything else; the document views
negotiate it themselves instead, so a wrong value is a 400 that says what is accepted.
"""

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, renderers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api import CSVListMixin
from programmes.api import check_area_in_scope
from programmes.models import Phase
from reports.document_docx import DOCX_MEDIA_TYPE, render_docx
from reports.document_xlsx import XLSX_MEDIA_TYPE, render_xlsx
from reports.filters import ReviewReportFilter
from reports.models import ReviewReport
from reports.selectors.changes import target_changes
from reports.serializers import (
    ChangesSerializer,
    DocumentQuerySerializer,
    ReviewQuerySerializer,
    ReviewReportSerializer,
)
from reports.services import (
    review_report_create,
    review_report_delete,
    review_report_issue,
    review_report_update,
)
from reports.snapshot import build_snapshot, default_words, report_snapshot

CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT, description="The report is issued (read-only), or not issued yet."
)
DOCUMENT_RESPONSES = {
    (200, DOCX_MEDIA_TYPE): OpenApiTypes.BINARY,
    (200, XLSX_MEDIA_TYPE): OpenApiTypes.BINARY,
    (400, "application/json"): OpenApiTypes.OBJECT,
}


class DocxRenderer(renderers.BaseRenderer):
    """Lets content negotiation accept `format=docx`; the view returns the file itself."""

    media_type, format, charset, render_style = DOCX_MEDIA_TYPE, "docx", None, "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XlsxRenderer(DocxRenderer):
    media_type, format = XLSX_MEDIA_TYPE, "xlsx"


DOCUMENT_RENDERERS = [DocxRenderer, XlsxRenderer, renderers.JSONRenderer]


class _NoFormatOverride:
    URL_FORMAT_OVERRIDE = None


class DocumentNegotiation(api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS):
    """`?format=docx|xlsx` (default docx) names the document; any other value is left to
    the view's query check (400), answered in JSON."""

    settings = _NoFormatOverride()

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = request.query_params.get("format") or "docx"
        chosen = [r for r in renderers if r.format == wanted] or [
            r for r in renderers if r.format == "json"
        ]
        return super().select_renderer(request, chosen, format_suffix=None)


class DocumentViewMixin:
    """Errors of a document view are JSON, whatever document was asked for."""

    def finalize_response(self, request, response, *args, **kwargs):
        accepted = getattr(request, "accepted_renderer", None)
        document = accepted is not None and accepted.format in ("docx", "xlsx")
        if isinstance(response, Response) and response.status_code >= 400 and document:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def document_response(snapshot: dict, kind: str, filename: str) -> HttpResponse:
    """The document of `snapshot` as an attachment."""
    if kind == "xlsx":
        data, media_type = render_xlsx(snapshot), XLSX_MEDIA_TYPE
    else:
        data, media_type = render_docx(snapshot), DOCX_MEDIA_TYPE
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


class CanReadReviews(permissions.BasePermission):
    """A review shows figures: reading it needs both the reports' and the figures' view."""

    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("reports.view_reviewreport") and request.user.has_perm(
            "indicators.view_measurement"
        )


class CanIssue(permissions.BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("reports.issue_reviewreport")


class PhaseReviewView(DocumentViewMixin, generics.GenericAPIView):
    """The phase's review from today's figures, as a Word document or its Excel appendices.

    Approved figures only unless `figures=all`; the document then says on its first page
    that drafts are included. `area` defaults to the programme's jurisdiction, `year` to
    the phase's end year.
    """

    queryset = Phase.objects.select_related("programme__area", "previous")
    permission_classes = [permissions.IsAuthenticated, CanReadReviews]
    renderer_classes = DOCUMENT_RENDERERS
    content_negotiation_class = DocumentNegotiation
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[ReviewQuerySerializer], responses=DOCUMENT_RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        phase = self.get_object()
        query = ReviewQuerySerializer(data=request.query_params, context={"phase": phase})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        check_area_in_scope(request, data["area"])
        snapshot = build_snapshot(
            phase=phase,
            area=data["area"],
            year=data["year"],
            approved_only=data["figures"] == "approved",
            words=default_words(phase),
        )
        name = f"review-phase-{phase.pk}-{data['area'].code}-{data['year']}-{data['figures']}"
        return document_response(snapshot, data["format"], name)


@extend_schema_view(
    update=extend_schema(
        responses={200: ReviewReportSerializer, 400: OpenApiTypes.OBJECT, 409: CONFLICT}
    ),
    partial_update=extend_schema(
        responses={200: ReviewReportSerializer, 400: OpenApiTypes.OBJECT, 409: CONFLICT}
    ),
    destroy=extend_schema(responses={204: None, 409: CONFLICT}),
)
class ReviewReportViewSet(DocumentViewMixin, CSVListMixin, viewsets.ModelViewSet):
    """Review reports: the officer's words, drafts until issued, read-only after (409)."""

    queryset = ReviewReport.objects.select_related("phase__programme__area", "area").order_by(
        "-year", "phase", "area", "pk"
    )
    serializer_class = ReviewReportSerializer
    filterset_class = ReviewReportFilter
    csv_filename = "review-reports"

    def perform_create(self, serializer: ReviewReportSerializer) -> None:
        serializer.instance = review_report_create(**_plain(serializer.validated_data))

    def perform_update(self, serializer: ReviewReportSerializer) -> None:
        serializer.instance = review_report_update(
            report=serializer.instance, **_plain(serializer.validated_data)
        )

    def perform_destroy(self, instance: ReviewReport) -> None:
        review_report_delete(report=instance)

    @extend_schema(
        request=None,
        responses={200: ReviewReportSerializer, 400: OpenApiTypes.OBJECT, 409: CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated, CanIssue],
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
    )
    def issue(self, request: Request, pk: str) -> Response:
        """Freeze every number the report shows; it is read-only from then on."""
        report = review_report_issue(report=self.get_object(), user=request.user)
        return Response(self.get_serializer(report).data)

    @extend_schema(parameters=[DocumentQuerySerializer], responses=DOCUMENT_RESPONSES)
    @action(
        detail=True,
        renderer_classes=DOCUMENT_RENDERERS,
        content_negotiation_class=DocumentNegotiation,
        filter_backends=[],
        pagination_class=None,
        permission_classes=[permissions.IsAuthenticated, CanReadReviews],
    )
    def document(self, request: Request, pk: str) -> HttpResponse:
        """The report's document: an issued report's from its frozen numbers alone, the
        same text and tables whenever it is downloaded; a draft's from today's figures."""
        report = self.get_object()
        query = DocumentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        check_area_in_scope(request, report.area)
        return document_response(
            report_snapshot(report), query.validated_data["format"], f"review-report-{report.pk}"
        )

    @extend_schema(responses={200: ChangesSerializer, 409: CONFLICT})
    @action(
        detail=True,
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
        filter_backends=[],
        pagination_class=None,
        permission_classes=[permissions.IsAuthenticated, CanReadReviews],
    )
    def changes(self, request: Request, pk: str) -> Response:
        """The targets whose actual or status moved since the report was issued."""
        return Response({"changes": target_changes(self.get_object())})

    def _csv_rows(self, queryset):
        for row in super()._csv_rows(queryset):
            # One cell per object: its JSON, not a Python dict.
            yield {
                name: json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
                for name, value in row.items()
            }


def _plain(data: dict) -> dict:
    """Validated data with nested serializers' OrderedDicts as plain dicts."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
