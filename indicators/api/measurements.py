"""API v1 figures: CRUD, the workflow actions, the history, and the version as ETag.

Views stay thin: they turn requests into the services' inputs and their results into
responses. Figures are saved by `measurement_save` / `measurement_change` and deleted by
`measurement_delete`, the same functions the admin calls, so DESIGN.md §4 holds
whichever door a figure comes through.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import CSVListMixin, json_action
from indicators.api.bulk import CONFLICT_RESPONSE, BulkMixin
from indicators.filters import KeepFilterSetBackend, MeasurementFilter
from indicators.history import measurement_history
from indicators.models import Measurement
from indicators.serializers import (
    DetailSerializer,
    HistoryEntrySerializer,
    MeasurementSerializer,
    TransitionResultSerializer,
    TransitionSerializer,
)
from indicators.services import (
    APPROVE,
    CHANGEABLE,
    SUBMIT,
    TRANSITIONS,
    VERSION_REQUIRED,
    FigureInput,
    VersionRequired,
    measurement_change,
    measurement_delete,
    measurement_save,
    measurement_transition,
)
from indicators.services.quality import quality_warnings
from programmes.roles import area_scope

VERSION_MALFORMED = _("If-Match must be the figure's version as its ETag gives it.")

PRECONDITION_RESPONSE = OpenApiResponse(
    DetailSerializer, description=_("The version read was not sent.")
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_('The figure\'s ETag (its version, e.g. "3"), instead of "version" in the body.'),
)


class CanTakeWorkflowStep(permissions.BasePermission):
    """The permission of the workflow step the action takes (submit, approve, ...)."""

    def has_permission(self, request: Request, view) -> bool:
        transition = TRANSITIONS.get((view.action or "").rstrip("_"))
        # No action: a method the route does not take, answered 405 after this check.
        return transition is None or request.user.has_perm(transition.permission)


class MeasurementViewSet(BulkMixin, CSVListMixin, viewsets.ModelViewSet):
    """Figures; saved through `measurement_save`, an approved one is locked (409).

    A user bound to some areas (a data-entry officer) sees only their figures: the
    others are missing from lists and CSV, and 404 one by one. An update must send the
    version it read (body or If-Match); a figure changed meanwhile answers 409.
    """

    queryset = Measurement.objects.select_related("area")
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    filter_backends = [KeepFilterSetBackend]
    csv_filename = "measurements"

    def get_queryset(self):
        figures = super().get_queryset().visible_to(self.request.user)
        if self.action == "list":
            # Rows rather than model instances: a page builds in half the time, and the
            # serializer reads both alike.
            figures = figures.annotate(area_code=F("area__code")).values_list(
                *MeasurementSerializer.row_columns, "area_code", named=True
            )
        return figures

    def known_count(self) -> int | None:
        """The list's count from the summary of counts, for a user who sees every area.

        A national list would otherwise count millions of rows for every page.
        """
        filterset = getattr(self, "filterset", None)
        if filterset is None or area_scope(self.request.user) is not None:
            return None
        return filterset.summary_count()

    def get_serializer_class(self):
        if self.action and self.action.rstrip("_") in TRANSITIONS:
            return TransitionSerializer
        if self.action == "history":
            return HistoryEntrySerializer
        return super().get_serializer_class()

    @extend_schema(responses={201: MeasurementSerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request: Request, *args, **kwargs) -> Response:
        return super().create(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return _with_etag(super().retrieve(request, *args, **kwargs))

    @extend_schema(
        parameters=[IF_MATCH],
        responses={200: MeasurementSerializer, 409: CONFLICT_RESPONSE, 428: PRECONDITION_RESPONSE},
    )
    def update(self, request: Request, *args, **kwargs) -> Response:
        return _with_etag(super().update(request, *args, **kwargs))

    @extend_schema(
        parameters=[IF_MATCH],
        responses={200: MeasurementSerializer, 409: CONFLICT_RESPONSE, 428: PRECONDITION_RESPONSE},
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return _with_etag(super().partial_update(request, *args, **kwargs))

    @extend_schema(parameters=[IF_MATCH], responses={204: None, 409: CONFLICT_RESPONSE})
    def destroy(self, request: Request, *args, **kwargs) -> Response:
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer: MeasurementSerializer) -> None:
        data = serializer.validated_data
        figure = FigureInput(
            indicator=data["indicator"],
            area=data["area"],
            period=data["period"],
            sex=data["sex"],
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=data.get("note", ""),
        )
        serializer.instance = measurement_save(figure=figure, user=self.request.user)

    def perform_update(self, serializer: MeasurementSerializer) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = measurement_change(
                measurement=serializer.instance,
                user=self.request.user,
                version=data.get("version", _if_match(self.request)),
                changes={name: data[name] for name in CHANGEABLE if name in data},
                require_version=True,
            )
        except VersionRequired:
            raise PreconditionRequired(VERSION_REQUIRED) from None

    def perform_destroy(self, instance: Measurement) -> None:
        measurement_delete(
            measurement=instance, user=self.request.user, version=_if_match(self.request)
        )

    def _transition(self, request: Request) -> Response:
        measurement = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        transition = TRANSITIONS[self.action.rstrip("_")]
        measurement = measurement_transition(
            measurement=measurement,
            user=request.user,
            transition=transition,
            reason=body.validated_data.get("reason", ""),
            version=body.validated_data.get("version", _if_match(request)),
        )
        # Rule 10: whoever submits or approves sees what the figure breaks.
        warnings = quality_warnings([measurement] if transition in (SUBMIT, APPROVE) else [])
        data = {
            **MeasurementSerializer(measurement).data,
            "violations": warnings.violations,
            "outliers": warnings.outliers,
        }
        return _with_etag(Response(data))

    _transition_schema = extend_schema(
        parameters=[IF_MATCH],
        request=TransitionSerializer,
        responses={
            200: TransitionResultSerializer,
            400: OpenApiTypes.OBJECT,
            409: CONFLICT_RESPONSE,
        },
    )
    _transition_options = {
        "detail": True,
        "methods": ["post"],
        "permission_classes": [permissions.IsAuthenticated, CanTakeWorkflowStep],
    }

    @_transition_schema
    @json_action(**_transition_options)
    def submit(self, request: Request, pk: str) -> Response:
        """draft or returned → submitted: a data-entry officer sends a figure for review."""
        return self._transition(request)

    @_transition_schema
    @json_action(**_transition_options)
    def approve(self, request: Request, pk: str) -> Response:
        """submitted → approved: the figure becomes official and locked."""
        return self._transition(request)

    @_transition_schema
    @json_action(**_transition_options, url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        """submitted → returned for correction; `reason` is required."""
        return self._transition(request)

    @_transition_schema
    @json_action(**_transition_options)
    def reopen(self, request: Request, pk: str) -> Response:
        """approved → draft, unlocked for correction; `reason` is required."""
        return self._transition(request)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True)})
    @json_action(detail=True)
    def history(self, request: Request, pk: str) -> Response:
        """Every recorded state of the figure, oldest first: who, when, what changed, why.

        `type` is created, changed or deleted; `changes` maps each changed field to
        [old, new] (areas by code); `reason` is the reason given to return or reopen.
        The history is written by the app and cannot be changed through it.
        """
        measurement = self.get_object()
        entries = measurement_history(measurement)
        return Response(HistoryEntrySerializer(entries, many=True).data)


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"


def _if_match(request: Request) -> int | None:
    """The version an If-Match header names ("3", W/"3"), or None without the header."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    tag = raw.strip().removeprefix("W/").strip('"')
    if not tag.isdigit() or not 1 <= int(tag) <= 2**31 - 1:
        raise exceptions.ValidationError({"If-Match": [VERSION_MALFORMED]})
    return int(tag)


def _with_etag(response: Response) -> Response:
    """Name the figure's version as the response's ETag, for If-Match on the next write."""
    version = response.data.get("version") if isinstance(response.data, dict) else None
    if response.status_code == status.HTTP_200_OK and version is not None:
        response["ETag"] = f'"{version}"'
    return response
