"""API v1 bulk upload of figures: many rows, all or nothing, through `measurements_save`.

A row is read by `BulkMeasurementRowSerializer`, the one validator of a row. Reading
10,000 rows through DRF's machinery costs more than writing them, so `RowReader` reads
the plain rows straight from that serializer's own fields (their types, limits, choices
and defaults) and hands any other row to the serializer itself, whose answer and
messages then stand: both give the same result (tests/indicators/test_bulk_write.py).
"""

import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from core.api import ModelPermissions, json_action
from core.batches import older_objects_frozen
from indicators.serializers import (
    BULK_MAX_ROWS,
    BulkErrorsSerializer,
    BulkMeasurementRowSerializer,
    BulkMeasurementsSerializer,
    BulkResultSerializer,
    DetailSerializer,
)
from indicators.services import BatchInvalid, FigureRefused, figures_from_rows, measurements_save

BULK_NOT_A_LIST = _('Send the figures as a list under "measurements".')
BULK_EMPTY = _("Send at least one figure.")
BULK_TOO_MANY = _("Send at most %(max)s figures in one request; split the rest into more.")

CONFLICT_RESPONSE = OpenApiResponse(
    DetailSerializer,
    description=_("The figure is approved and locked, under review, or changed meanwhile."),
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


class BulkMixin:
    """`measurements/bulk/` on the figures' viewset."""

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
        if refusal := _list_refusal(rows):
            return _bulk_errors([(None, "measurements", refusal)])
        errors, result = rows_save(rows, user=request.user, dry_run=dry_run)
        if errors:
            return _bulk_errors(errors)
        counts = {"created": result.created, "updated": result.updated}
        return Response({**counts, "unchanged": result.unchanged, "dry_run": dry_run})


def rows_save(rows: list, *, user, dry_run: bool = False, progress=None) -> tuple[list, object]:
    """Read, resolve and save bulk rows, all or nothing: (errors, `SaveResult` or None).

    The one path of a bulk upload, for this endpoint and for the background import of
    more rows than one request takes (`jobs.figures_import`). Errors are (index, field,
    message); with any, nothing is written. `progress(stage)`, if given, hears each step.
    The cycle collector leaves out the older objects meanwhile (`core.batches`).
    """
    with older_objects_frozen():
        return _rows_save(rows, user=user, dry_run=dry_run, progress=progress)


def _rows_save(rows: list, *, user, dry_run: bool, progress) -> tuple[list, object]:
    if progress:
        progress("read")
    errors, checked = read_rows(rows)
    resolution_errors, figures = figures_from_rows(rows=checked)
    errors += resolution_errors
    if progress:
        progress("save")
    result = None
    try:
        result = measurements_save(
            figures=[figure for _index, figure in figures],
            user=user,
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
    return errors, result


def _list_refusal(rows) -> str | None:
    if not isinstance(rows, list):
        return BULK_NOT_A_LIST
    if not rows:
        return BULK_EMPTY
    if len(rows) > BULK_MAX_ROWS:
        return BULK_TOO_MANY % {"max": BULK_MAX_ROWS}
    return None


def _query_flag(request: Request, name: str) -> bool:
    """A yes/no query parameter ("1", "true", "0", "false"); raises ValidationError otherwise."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    return serializers.BooleanField().run_validation(raw)


def read_rows(rows: list) -> tuple[list[tuple], list[tuple[int, dict]]]:
    """Each row read by the row serializer: (index, field, message) errors, (index, fields)."""
    errors: list[tuple] = []
    checked: list[tuple[int, dict]] = []
    reader = RowReader(BulkMeasurementRowSerializer())
    for index, row in enumerate(rows):
        try:
            checked.append((index, reader.read(row)))
        except exceptions.ValidationError as error:
            errors.extend(
                (index, name, str(message))
                for name, messages in _as_field_dict(error.detail).items()
                for message in messages
            )
    return errors, checked


_SURROGATE = re.compile("[\ud800-\udfff]")
# The validators DRF derives from a field's own limits, which the readers below apply.
LIMITS = (
    MaxLengthValidator,
    MinLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    ProhibitSurrogateCharactersValidator,
)


class RowReader:
    """A row as `serializer` reads it; plain rows without DRF's per-field machinery.

    `quick(row)` gives what the serializer gives for a row whose every value is already
    of its field's type and within its field's limits, or None for any other row (and
    for a field of a type it does not know), which `read` then hands to the serializer.
    """

    def __init__(self, serializer: serializers.Serializer) -> None:
        self.serializer = serializer
        # Per field, read once: (name, required, default, allow_null, field, reader).
        self.fields = [
            (
                name,
                field.required,
                field.default,
                field.allow_null,
                field,
                _reader(field),
            )
            for name, field in serializer.fields.items()
        ]
        # A default worked out per row (a callable) is left to the serializer.
        self.plain = not serializer.validators and all(
            reader is not None and (field.default is empty or not callable(field.default))
            for *_rest, field, reader in self.fields
        )

    def read(self, row) -> dict:
        """The row's fields, or the serializer's ValidationError."""
        attrs = self.quick(row)
        return attrs if attrs is not None else self.serializer.run_validation(row)

    def quick(self, row) -> dict | None:
        if not self.plain or type(row) is not dict:
            return None
        attrs = {}
        for name, required, default, allow_null, _field, reader in self.fields:
            raw = row.get(name, empty)
            if raw is empty:
                if required:
                    return None
                if default is not empty:
                    attrs[name] = default
            elif raw is None:
                if not allow_null:
                    return None
                attrs[name] = None
            elif (value := reader(raw)) is None:
                return None
            else:
                attrs[name] = value
        try:
            return self.serializer.validate(attrs)
        except exceptions.ValidationError:
            return None


def _reader(field: serializers.Field) -> Callable[[object], object] | None:
    """How to read a plain value of `field` (it gives None for any other), None if unknown."""
    if field.source != field.field_name or not all(
        isinstance(validator, LIMITS) for validator in field.validators
    ):
        return None
    if isinstance(field, serializers.DecimalField):
        if field.max_value is not None or field.min_value is not None:
            return None
        whole = field.max_digits - field.decimal_places
        match = re.compile(rf"-?[0-9]{{1,{whole}}}(\.[0-9]{{1,{field.decimal_places}}})?").fullmatch
        places = Decimal(1).scaleb(-field.decimal_places)
        return lambda raw: (
            Decimal(text).quantize(places)
            if type(raw) in (int, float, str) and match(text := str(raw))
            else None
        )
    if type(field) is serializers.IntegerField:
        low = -math.inf if field.min_value is None else field.min_value
        high = math.inf if field.max_value is None else field.max_value
        return lambda raw: raw if type(raw) is int and low <= raw <= high else None
    if type(field) is serializers.ChoiceField:
        choices = field.choice_strings_to_values
        return lambda raw: choices.get(raw) if type(raw) is str else None
    if type(field) is serializers.CharField and field.trim_whitespace:
        return functools.partial(_text, field.allow_blank, field.max_length, field.min_length)
    return None


def _text(allow_blank: bool, max_length: int | None, min_length: int | None, raw) -> str | None:
    if type(raw) is not str or "\x00" in raw:
        return None
    if not raw.isascii() and _SURROGATE.search(raw):  # ASCII has no surrogates
        return None
    text = raw.strip()
    if (not text and not allow_blank) or (max_length and len(text) > max_length):
        return None
    if min_length and len(text) < min_length:
        return None
    return text


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
