"""Plumbing every API v1 endpoint shares: decimals, model checks, pagination, CSV, errors.

Nothing here knows a rule of the domain; the services hold those. This module only
translates between HTTP and them: a Django `ValidationError` becomes DRF's 400 field
shape, a `core.errors.Conflict` (an approved figure is locked...) and protected deletes
become 409, a page size out of range is a 400 instead of being silently clamped.
Permissions are `ModelPermissions` (see settings): reading needs the model's view
permission, writing its add, change or delete permission; the roles that hold them are
defined in `programmes.roles`.
"""

import csv
import functools
import io
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, models
from django.db.models import ProtectedError, RestrictedError
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import (
    exceptions,
    negotiation,
    pagination,
    parsers,
    permissions,
    renderers,
    serializers,
    status,
    throttling,
)
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.errors import Conflict
from core.numbers import plain_text
from core.security import client_ip_address
from core.spreadsheets import csv_cell
from core.text import CSV_BYTE_ORDER_MARK

MAX_PAGE_SIZE = 1000
PAGE_SIZE_INVALID = _("Give the page size as a whole number from 1 to %(max)s.")
RECORD_IN_USE = _("This record is still used by other records; remove or change those first.")
RECORD_CONFLICT = _("This record conflicts with another one that already exists.")
# How many rows a CSV export reads from the database at a time; the export itself has no
# cap: reporting clients want every row that matches their filters.
CSV_CHUNK_SIZE = 2000
# What an action that is not a list answers in: JSON (and the browsable API when
# DEBUG), never the CSV a list adds.
JSON_RENDERERS = api_settings.DEFAULT_RENDERER_CLASSES


class PlainDecimalField(serializers.DecimalField):
    """A Decimal written as a string without needless zeros: "32.9", not "32.9000".

    Every decimal the API returns goes through this field, so a value reads the same in
    every resource and read model.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str | None:
        return plain_text(value)


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose decimal fields are `PlainDecimalField`."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: PlainDecimalField,
    }


class CleanedModelSerializer(ModelSerializer):
    """Saves through the model's own checks, as the admin does: `full_clean()`, then `save()`.

    For models that have no service of their own (areas, programmes, phases, objectives,
    indicators), this applies the same rules the admin's forms apply: `clean()`, field
    validation and the database constraints, so a bad write is a 400, never a 500.
    """

    # Non-editable fields the model fills in itself on save, left out of `full_clean()`.
    clean_exclude: tuple[str, ...] = ()

    def prepare(self, instance: models.Model) -> None:
        """Fill in what `save()` would derive, so `full_clean()` can check it."""

    def create(self, validated_data: dict) -> models.Model:
        instance = self.Meta.model(**validated_data)
        return self._clean_and_save(instance)

    def update(self, instance: models.Model, validated_data: dict) -> models.Model:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._clean_and_save(instance)

    def _clean_and_save(self, instance: models.Model) -> models.Model:
        self.prepare(instance)
        instance.full_clean(exclude=self.clean_exclude)
        instance.save()
        return instance


def json_action(**options) -> Callable:
    """DRF's `@action` for an endpoint that is not a list (a summary, a step, a batch).

    It answers JSON only, and neither the list's filters nor its pagination apply to it;
    `options` are `@action`'s own (detail, methods, permission_classes...).
    """
    # Imported here: DRF's views module reads settings that point back into this module.
    from rest_framework.decorators import action

    return action(
        renderer_classes=JSON_RENDERERS, filter_backends=[], pagination_class=None, **options
    )


class ModelPermissions(permissions.DjangoModelPermissions):
    """Django's model permissions for every method, reads included.

    DRF's own class lets any signed-in user read; here a GET needs the view permission,
    so a user with no role reads nothing.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class CountedPaginator(Paginator):
    """A paginator told its count by a summary instead of counting the rows itself."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # `count` is a cached property: this is its value


class StrictPageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (1 to 1000); a size out of range is a 400, not clamped.

    A view with a `known_count()` method that answers a number (not None) is paginated
    with that count instead of a COUNT(*) over every row its filters select.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        known_count = getattr(view, "known_count", None)
        count = known_count() if known_count is not None else None
        if count is not None:
            self.django_paginator_class = functools.partial(CountedPaginator, count=count)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [PAGE_SIZE_INVALID % {"max": self.max_page_size}]}
            )
        return size

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


JSON_TOO_DEEP = _("The JSON body is nested too deeply to be read.")


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python (`[[[…]]]`) a 400.

    The standard library's decoder raises RecursionError there, which DRF lets through
    as a 500 to anyone, signed in or not.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(JSON_TOO_DEEP) from None


class CSVRenderer(renderers.BaseRenderer):
    """Rows as CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly.

    List views stream their CSV themselves (`CSVListMixin`); this renderer lets DRF's
    content negotiation accept `?format=csv` and renders a plain list of rows.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = data if isinstance(data, list) else [data] if data else []
        header = list(rows[0].keys()) if rows else []
        return "".join(csv_lines(header, rows)).encode("utf-8")


def csv_responses_as_text(result: dict, **kwargs) -> dict:
    """drf-spectacular hook: a CSV answer is text with a header row, not the JSON page."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if CSVRenderer.media_type in content:
                    content[CSVRenderer.media_type] = {
                        "schema": {
                            "type": "string",
                            "description": "Every row the filters select, with a header row.",
                        }
                    }
    return result


def csv_lines(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The BOM and header line, then one line per row, each as text.

    Cells go through `core.spreadsheets.csv_cell`: a list (an area's predecessors' codes)
    is one cell, its items separated by spaces, and text that a spreadsheet would run as a
    formula is neutralised.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([csv_cell(name) for name in header])
    yield CSV_BYTE_ORDER_MARK + flush()
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in header])
        yield flush()


class CSVListMixin:
    """`?format=csv` on a list: every row the filters select, streamed, not one page.

    Errors stay JSON whatever format was asked for, so a client can read them.
    """

    csv_filename: str = "export"

    def get_renderers(self) -> list[renderers.BaseRenderer]:
        if getattr(self, "action", None) == "list":
            return [*super().get_renderers(), CSVRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        header = list(self.get_serializer().fields.keys())
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(header, self._csv_rows(queryset))),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}.csv"'
        return response

    def _csv_rows(self, queryset) -> Iterator[dict]:
        chunk = []
        for instance in queryset.iterator(chunk_size=CSV_CHUNK_SIZE):
            chunk.append(instance)
            if len(chunk) == CSV_CHUNK_SIZE:
                yield from self.get_serializer(chunk, many=True).data
                chunk = []
        yield from self.get_serializer(chunk, many=True).data

    def finalize_response(self, request, response, *args, **kwargs):
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and getattr(request, "accepted_renderer", None) is not None
            and request.accepted_renderer.format == CSVRenderer.format
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class AddressRateThrottle(throttling.SimpleRateThrottle):
    """Requests from one client address, signed in or not (the `address` rate).

    The address is the one the sign-in lockout counts by (`core.security`), which trusts
    X-Forwarded-For only behind the configured proxies. Counts live in the default cache:
    one per process unless a shared cache is configured.
    """

    scope = "address"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip_address(request)}


class UserRateThrottle(throttling.UserRateThrottle):
    """Requests of one signed-in user (anonymous ones: of one address), the `user` rate."""

    def get_ident(self, request) -> str:
        return client_ip_address(request) or ""


class LanguageNegotiation(negotiation.DefaultContentNegotiation):
    """Answers in the language the client asks for with Accept-Language.

    The site's pages take their language from the URL prefix (/en/...) and default to
    Vietnamese; an API client has no prefix, so it is heard through the header instead.
    Without the header, answers stay in the site's default language.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        if "HTTP_ACCEPT_LANGUAGE" in request.META:
            language = translation.get_language_from_request(request._request)
            translation.activate(language)
            request._request.LANGUAGE_CODE = language
        return super().select_renderer(request, renderers, format_suffix)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, taught the exceptions our services and models raise."""
    # Imported here: DRF's views module reads settings that point back into this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Conflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": str(RECORD_IN_USE)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        # The validators catch duplicates first; two writers racing can still meet here.
        return Response({"detail": str(RECORD_CONFLICT)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_error_detail(exc))
    return drf_exception_handler(exc, context)


def django_error_detail(error: DjangoValidationError) -> dict | list:
    """A Django ValidationError in DRF's shape: {"field": ["message", ...]}."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): get_error_detail(
                DjangoValidationError(messages)
            )
            for name, messages in error.error_dict.items()
        }
    return {"non_field_errors": get_error_detail(error)}
