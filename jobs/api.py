"""API v1 `jobs/`: start a job, follow its progress, download its result.

`POST jobs/national-review/` (year, sector, figures) and `POST jobs/figures-import/` (a
bulk-upload JSON file, multipart field `file`) answer 202 with the job; `GET jobs/{id}/`
is its status and progress, `GET jobs/{id}/result/` its file once it succeeded. Users
see their own jobs only.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import json_action
from core.periods import MAX_YEAR, MIN_YEAR
from jobs import services
from jobs.models import Job, JobStatus
from programmes.models import Sector
from reports.api import CanReadReviews
from reports.models import Figures

NO_RESULT = _("This job has no file to download (yet).")
NO_FILE = _('Send the figures as a JSON file in the field "file".')


def visible_jobs(user):
    """A user's own jobs; a superuser's, everyone's (as in the admin)."""
    return Job.objects.all() if user.is_superuser else Job.objects.filter(created_by=user)


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    result_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "created_at",
            "started_at",
            "finished_at",
            "attempts",
            "done",
            "total",
            "percent",
            "stage",
            "params",
            "outcome",
            "result_url",
        ]
        read_only_fields = fields

    def get_result_url(self, job: Job) -> str | None:
        if job.status != JobStatus.SUCCEEDED or not job.result_name:
            return None
        return reverse("api:job-result", args=[job.pk])


def accepted(job: Job) -> Response:
    """202 with the job as it is now (a job run at once, or refused by the queue, moved on)."""
    job.refresh_from_db(
        fields=["status", "stage", "attempts", "done", "total", "outcome", "result_name"]
    )
    return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class NationalReviewSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_null=True)
    figures = serializers.ChoiceField(
        choices=Figures.choices, required=False, default=Figures.APPROVED
    )


class CanImportFigures(permissions.BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("indicators.add_measurement") and request.user.has_perm(
            "indicators.change_measurement"
        )


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs: the national roll-up of the phase review and large imports."""

    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Job.objects.none()
        return visible_jobs(self.request.user).defer("payload", "result")

    @extend_schema(request=NationalReviewSerializer, responses={202: JobSerializer})
    @json_action(
        detail=False,
        methods=["post"],
        url_path="national-review",
        permission_classes=[permissions.IsAuthenticated, CanReadReviews],
    )
    def national_review(self, request: Request) -> Response:
        """Every province's phase review for a year, one Word document each, zipped."""
        asked = NationalReviewSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        job = services.national_review_start(
            user=request.user,
            year=asked.validated_data["year"],
            sector=asked.validated_data.get("sector"),
            figures=asked.validated_data["figures"],
        )
        return accepted(job)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={202: JobSerializer},
    )
    @json_action(
        detail=False,
        methods=["post"],
        url_path="figures-import",
        permission_classes=[permissions.IsAuthenticated, CanImportFigures],
        parser_classes=[parsers.MultiPartParser],
    )
    def figures_import(self, request: Request) -> Response:
        """Figures from a bulk-upload file (`{"measurements": [...]}`) of any size up to the
        limit, all or nothing, checked and written by the bulk upload's own service."""
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [NO_FILE]})
        try:
            job = services.figures_import_start(user=request.user, payload=upload.read())
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from error
        return accepted(job)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @json_action(detail=True, methods=["get"])
    def result(self, request: Request, pk: int) -> HttpResponse:
        """The job's file (the zip of documents), once it succeeded."""
        job = self.get_object()
        if job.status != JobStatus.SUCCEEDED or job.result is None:
            raise exceptions.NotFound(NO_RESULT)
        response = HttpResponse(bytes(job.result), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
        return response
