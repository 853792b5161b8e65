"""API v1 views of indicators, targets and figures, and the scorecard and progress read models.

Views stay thin: they turn requests into the services' inputs and their results into
responses. Targets are saved by `target_save`, figures by `measurement_save` /
`measurements_save` and deleted by `measurement_delete`, the same functions the admin
calls, so DESIGN.md §4 holds whichever door a figure comes through.
"""

import re
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, generics, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api import CSVListMixin, ModelPermissions, json_action
from indicators.filters import (
    IndicatorFilter,
    KeepFilterSetBackend,
    MeasurementFilter,
    TargetFilter,
)
from indicators.models import Indicator, Measurement, Sex, Target
from indicators.selectors import indicator_progress, measurement_history, phase_scorecard
from indicators.serializers import (
    BULK_MAX_ROWS,
    BulkErrorsSerializer,
    BulkMeasurementRowSerializer,
    BulkMeasurementsSerializer,
    BulkResultSerializer,
    DetailSerializer,
    HistoryEntrySerializer,
    IndicatorSerializer,
    MeasurementSerializer,
    ProgressQuerySerializer,
    ProgressSerializer,
    ScorecardQuerySerializer,
    ScorecardSerializer,
    TargetSerializer,
    TransitionSerializer,
)
from indicators.services import (
    TRANSITIONS,
    YEAR_OUTSIDE_PHASE,
    BatchInvalid,
    FigureInput,
    FigureLocked,
    FigureRefused,
    measurement_delete,
    measurement_save,
    measurement_transition,
    measurements_save,
    target_save,
)
from programmes.api import check_area_in_scope
from programmes.models import Area, Phase
from programmes.roles import area_scope

NO_SUCH_INDICATOR = _("No indicator with the id %(id)s.")
NO_SUCH_INDICATOR_CODE = _('No indicator with the code "%(code)s" in the phase %(phase)s.')
NO_SUCH_AREA = _('No area with the code "%(code)s".')
BULK_NOT_A_LIST = _('Send the figures as a list under "measurements".')
BULK_EMPTY = _("Send at least one figure.")
BULK_TOO_MANY = _("Send at most %(max)s figures in one request; split the rest into more.")

VERSION_REQUIRED = _(
    'Send the version of the figure you read, as "version" in the body or as If-Match, '
    "so that a change someone made meanwhile is not overwritten."
)
VERSION_MALFORMED = _("If-Match must be the figure's version as its ETag gives it.")

CONFLICT_RESPONSE = OpenApiResponse(
    DetailSerializer,
    description=_("The figure is approved and locked, under review, or changed meanwhile."),
)
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
BULK_BAD_REQUEST = OpenApiResponse(
    PolymorphicProxySerializer(
        component_name="BulkBadRequest",
        serializers=[BulkErrorsSerializer, DetailSerializer],
        resource_type_field_name=None,
    ),
    description=_("Bad rows, listed under errors; or a body that is not JSON (detail)."),
)


class CanAddAndChange(ModelPermissions):
    """A bulk upsert both creates and changes figures, so it needs both permissions."""

    perms_map = {
        **ModelPermissions.perms_map,
        "POST": ["%(app_label)s.add_%(model_name)s", "%(app_label)s.change_%(model_name)s"],
    }


class CanTakeWorkflowStep(permissions.BasePermission):
    """The permission of the workflow step the action takes (submit, approve, ...)."""

    def has_permission(self, request: Request, view) -> bool:
        transition = TRANSITIONS.get((view.action or "").rstrip("_"))
        # No action: a method the route does not take, answered 405 after this check.
        return transition is None or request.user.has_perm(transition.permission)


class CanViewFigures(permissions.BasePermission):
    """Read models built from figures need the permission to view figures."""

    def has_permission(self, request: Request, view) -> bool:
        return request.user.has_perm("indicators.view_measurement")


class IndicatorViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Indicators; `phase` is read-only, taken from the objective."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    csv_filename = "indicators"

    def get_queryset(self):
        if self.action == "progress":
            return Indicator.objects.select_related("phase__programme__area", "previous__phase")
        return super().get_queryset()

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
        return Response(ProgressSerializer(progress).data)


class TargetViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Targets of an indicator for an area and year; saved through `target_save`."""

    queryset = Target.objects.select_related("area")
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    csv_filename = "targets"

    def perform_create(self, serializer: TargetSerializer) -> None:
        serializer.instance = target_save(target=Target(**serializer.validated_data))

    def perform_update(self, serializer: TargetSerializer) -> None:
        target = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(target, name, value)
        serializer.instance = target_save(target=target)


class MeasurementViewSet(CSVListMixin, viewsets.ModelViewSet):
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
        current, data = serializer.instance, serializer.validated_data
        if current.is_locked:
            raise FigureLocked(current)
        version = data.get("version", _if_match(self.request))
        if version is None:
            raise PreconditionRequired(VERSION_REQUIRED)
        value = data.get("value", current.value)
        if "value" not in data and ({"numerator", "denominator"} & data.keys()):
            value = None  # a new ratio without a value: the service computes the value
        figure = FigureInput(
            indicator=current.indicator,
            area=current.area,
            period=current.period,
            sex=current.sex,
            value=value,
            numerator=data.get("numerator", current.numerator),
            denominator=data.get("denominator", current.denominator),
            note=data.get("note", current.note),
            version=version,
        )
        serializer.instance = measurement_save(figure=figure, user=self.request.user)

    def perform_destroy(self, instance: Measurement) -> None:
        measurement_delete(
            measurement=instance, user=self.request.user, version=_if_match(self.request)
        )

    def _transition(self, request: Request) -> Response:
        measurement = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measurement = measurement_transition(
            measurement=measurement,
            user=request.user,
            transition=TRANSITIONS[self.action.rstrip("_")],
            reason=body.validated_data.get("reason", ""),
            version=body.validated_data.get("version", _if_match(request)),
        )
        return _with_etag(Response(MeasurementSerializer(measurement).data))

    _transition_schema = extend_schema(
        parameters=[IF_MATCH],
        request=TransitionSerializer,
        responses={
            200: MeasurementSerializer,
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

    @extend_schema(
        request=BulkMeasurementsSerializer,
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                description=_("Check every row and count, but write nothing."),
            )
        ],
        responses={200: BulkResultSerializer, 400: BULK_BAD_REQUEST, 409: CONFLICT_RESPONSE},
    )
    @json_action(
        detail=False,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated, CanAddAndChange],
    )
    def bulk(self, request: Request) -> Response:
        """Create or update many figures on (indicator, area, period, sex), all or nothing.

        Indicators are given by id, or by `indicator_code` and `phase`; areas by code.
        Every bad row is reported with its index, field and message, and nothing is
        written. With `?dry_run=1` the rows are checked and counted, and nothing is written.
        """
        try:
            dry_run = _query_flag(request, "dry_run")
        except exceptions.ValidationError as error:
            return _bulk_errors([(None, "dry_run", message) for message in error.detail])
        rows = request.data.get("measurements") if isinstance(request.data, dict) else None
        if not isinstance(rows, list):
            return _bulk_errors([(None, "measurements", BULK_NOT_A_LIST)])
        if not rows:
            return _bulk_errors([(None, "measurements", BULK_EMPTY)])
        if len(rows) > BULK_MAX_ROWS:
            return _bulk_errors([(None, "measurements", BULK_TOO_MANY % {"max": BULK_MAX_ROWS})])

        errors, figures = _bulk_figures(rows)
        try:
            result = measurements_save(
                figures=[figure for _index, figure in figures],
                user=request.user,
                dry_run=dry_run or bool(errors),
            )
        except BatchInvalid as invalid:
            for position, messages in invalid.row_errors.items():
                index = figures[position][0]
                errors.extend(
                    (index, name, message) for name, items in messages.items() for message in items
                )
        except FigureRefused:
            if not errors:
                raise
        if errors:
            return _bulk_errors(errors)
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "dry_run": dry_run,
            }
        )


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


def _query_flag(request: Request, name: str) -> bool:
    """A yes/no query parameter ("1", "true", "0", "false"); raises ValidationError otherwise."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    return serializers.BooleanField().run_validation(raw)


def _bulk_figures(rows: list) -> tuple[list[tuple], list[tuple[int, FigureInput]]]:
    """Check each row's shape and resolve its indicator and area, in three queries in all.

    Returns the errors as (index, field, message) and the good rows as (index, figure).
    """
    errors: list[tuple] = []
    checked: list[tuple[int, dict]] = []
    row_serializer = BulkMeasurementRowSerializer()
    for index, row in enumerate(rows):
        attrs = _plain_row(row)
        if attrs is not None:
            checked.append((index, attrs))
            continue
        try:
            checked.append((index, row_serializer.run_validation(row)))
        except exceptions.ValidationError as error:
            errors.extend(
                (index, name, str(message))
                for name, messages in _as_field_dict(error.detail).items()
                for message in messages
            )

    ids = {attrs["indicator"] for _index, attrs in checked if "indicator" in attrs}
    by_id = Indicator.objects.select_related("phase").in_bulk(ids) if ids else {}
    pairs = {(a["phase"], a["indicator_code"]) for _i, a in checked if "indicator" not in a}
    by_code = {}
    if pairs:
        by_code = {
            (indicator.phase_id, indicator.code): indicator
            for indicator in Indicator.objects.select_related("phase").filter(
                phase_id__in={phase for phase, _code in pairs},
                code__in={code for _phase, code in pairs},
            )
        }
    codes = {attrs["area"] for _index, attrs in checked}
    areas = Area.objects.in_bulk(codes, field_name="code") if codes else {}

    figures = []
    for index, attrs in checked:
        if "indicator" in attrs:
            indicator = by_id.get(attrs["indicator"])
            if indicator is None:
                errors.append((index, "indicator", NO_SUCH_INDICATOR % {"id": attrs["indicator"]}))
        else:
            indicator = by_code.get((attrs["phase"], attrs["indicator_code"]))
            if indicator is None:
                message = NO_SUCH_INDICATOR_CODE % {
                    "code": attrs["indicator_code"],
                    "phase": attrs["phase"],
                }
                errors.append((index, "indicator_code", message))
        area = areas.get(attrs["area"])
        if area is None:
            errors.append((index, "area", NO_SUCH_AREA % {"code": attrs["area"]}))
        if indicator is None or area is None:
            continue
        figure = FigureInput(
            indicator=indicator,
            area=area,
            period=attrs["period"],
            sex=attrs["sex"],
            value=attrs.get("value"),
            numerator=attrs.get("numerator"),
            denominator=attrs.get("denominator"),
            note=attrs.get("note"),
        )
        figures.append((index, figure))
    return errors, figures


_ID_MAX = 2**63 - 1
_TEXT_LIMITS = (("indicator_code", 20), ("area", 20), ("period", 6))
_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,4})?")
_FOUR_PLACES = Decimal("0.0001")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEXES = frozenset(Sex.values)


def _plain_row(row) -> dict | None:
    """What `BulkMeasurementRowSerializer` gives for a plain, valid row, without its machinery.

    Only rows whose every field is unambiguous (ids as JSON integers, short ASCII codes
    without surrounding spaces, numbers with at most 16 + 4 digits) are read here;
    anything else returns None and goes through the serializer, so every error message
    stays the serializer's.
    """
    if type(row) is not dict:
        return None
    attrs: dict = {}
    for name in ("indicator", "phase"):
        if name in row:
            number = row[name]
            if type(number) is not int or not 1 <= number <= _ID_MAX:
                return None
            attrs[name] = number
    for name, limit in _TEXT_LIMITS:
        if name in row:
            text = row[name]
            if (
                type(text) is not str
                or not 0 < len(text) <= limit
                or not text.isascii()
                or not text.isprintable()
                or text.strip() != text
            ):
                return None
            attrs[name] = text
    if "area" not in attrs or "period" not in attrs:
        return None
    if "indicator" not in attrs and not ("indicator_code" in attrs and "phase" in attrs):
        return None
    if "sex" in row:
        if type(row["sex"]) is not str or row["sex"] not in _SEXES:
            return None
        attrs["sex"] = row["sex"]
    else:
        attrs["sex"] = Sex.TOTAL
    for name in ("value", "numerator", "denominator"):
        if name in row:
            number = row[name]
            if number is None:
                attrs[name] = None
                continue
            if type(number) not in (int, float, str):
                return None
            text = str(number)
            if not _PLAIN_NUMBER.fullmatch(text):
                return None
            attrs[name] = Decimal(text).quantize(_FOUR_PLACES)
    note = row.get("note", "")
    if type(note) is not str or "\x00" in note or _SURROGATE.search(note):
        return None
    attrs["note"] = note.strip()
    return attrs


def _as_field_dict(detail) -> dict[str, list]:
    if isinstance(detail, dict):
        return {
            name: items if isinstance(items, list) else [items] for name, items in detail.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: detail if isinstance(detail, list) else [detail]}


def _bulk_errors(errors: list[tuple]) -> Response:
    errors = sorted(errors, key=lambda error: (error[0] is not None, error[0] or 0))
    return Response(
        {
            "errors": [
                {"index": index, "field": name, "message": str(message)}
                for index, name, message in errors
            ]
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


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
        if year is not None and not phase.contains_year(year):
            message = YEAR_OUTSIDE_PHASE % {
                "year": year,
                "phase": phase.name,
                "start": phase.start_year,
                "end": phase.end_year,
            }
            raise exceptions.ValidationError({"year": [message]})
        area = query.validated_data.get("area") or phase.programme.area
        check_area_in_scope(request, area)
        scorecard = phase_scorecard(
            phase=phase,
            area=area,
            year=year,
            approved_only=query.validated_data["figures"] == "approved",
        )
        return Response(ScorecardSerializer(scorecard).data)
