"""The admin toolkit every app's admin shares, knowing no model of the domain.

An audit trail nobody can rewrite, the one rule scoping what a user reads in the admin,
accent-insensitive search, an autocomplete widget that does not query once per inline
row, and the way a service's refusal reaches a form (checked on the form, or refused by
the service in `save_model`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields import AutoFieldMixin
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from core.errors import Conflict
from core.number_fields import LocalNumberField
from core.text import search_key

# The largest id a BigAutoField holds: SQLite refuses a larger integer outright (an
# OverflowError, a 500), where PostgreSQL merely finds no row.
MAX_ROW_ID = 2**63 - 1


def row_id(value: object) -> int | None:
    """The row id a query parameter names, or None for anything that cannot be one."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ROW_ID:
        return None
    return int(text)


def visible_rows(queryset: QuerySet, user) -> QuerySet:
    """The admin's one scoping rule: the rows of `queryset` that `user` may read.

    A model whose rows belong to an area says so with a `visible_to(user)` method on its
    QuerySet (the assigned areas, everything below them and the units they took over);
    every other model is read whole. The rows of a model's audit trail (its historical
    model, which carries the same fields) follow the model's rule, so a version of a
    record is readable exactly when a record like it would be.
    """
    model = getattr(queryset.model, "instance_type", queryset.model)  # historical → model
    visible_to = getattr(model._default_manager._queryset_class, "visible_to", None)
    return queryset if visible_to is None else visible_to(queryset, user)


def visible_total(user, model: type[Model], link: str, field: str) -> Subquery:
    """The sum of `field` over the `model` rows whose `link` is the outer row, counting
    only the rows `user` may read: a list's totals add up nothing the user cannot open."""
    rows = visible_rows(model._default_manager.filter(**{link: OuterRef("pk")}), user)
    return Subquery(rows.order_by().values(link).annotate(total=Sum(field)).values("total"))


class LocalNumbersMixin:
    """Numbers in the admin's forms typed and shown as the user's language writes them.

    Decimals, and the integers that count (people, đồng), take `LocalNumberField`
    (rule 11): "4,5", "1.234" and "1.234,5" in Vietnamese. Small integers (years,
    ordinal numbers, days) stay plain: a year is never written "2.021".
    """

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if isinstance(db_field, models.DecimalField) and not db_field.choices:
            return db_field.formfield(form_class=LocalNumberField, **kwargs)
        counts = (models.PositiveSmallIntegerField, models.SmallIntegerField)
        if (
            isinstance(db_field, models.IntegerField)
            and not isinstance(db_field, counts)
            and not db_field.choices
            and not isinstance(db_field, AutoFieldMixin)
        ):
            return db_field.formfield(
                form_class=LocalNumberField, whole=True, decimal_places=0, **kwargs
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def plain_number_column(field_path: str, label) -> object:
    """A list or read-only column (a ModelAdmin method) that writes a year as "2021".

    Django's admin groups every integer it displays by the active language ("2.021").
    """
    names = field_path.split("__")

    @admin.display(description=label, ordering=field_path)
    def column(model_admin, obj: Model) -> str:
        value = obj
        for name in names:
            value = getattr(value, name, None)
        return "" if value is None else str(value)

    column.__name__ = f"{names[-1]}_plain"
    return column


class AuditTrailAdmin(LocalNumbersMixin, SimpleHistoryAdmin):
    """An admin with the model's history (who, when, what, why), which nobody can change,
    scoped by `visible_rows` on every page.

    django-simple-history would let anyone who may change the object revert it to an old
    version from the history page; that would bypass the services (and the approval
    lock), so reverting is switched off here and a POST to the history form is refused.

    Scoping the queryset alone is not enough: the library's history pages fall back to
    the history table when the object is filtered out, and inlines read their own model.
    So the list, change and delete pages (`get_queryset`), the inlines
    (`get_formset_kwargs`), the history page and every historic version read through
    the same rule; an object the user may not read answers as if it did not exist.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_rows(super().get_queryset(request), request.user)

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["queryset"] = visible_rows(kwargs["queryset"], request.user)
        return kwargs

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not getattr(request, "showing_version", False):
            return readonly
        # A historic version is only ever read: every field shown, none a form field
        # (the library's form would otherwise hold fields no form may edit).
        request.showing_version = False
        try:
            shown = flatten_fieldsets(self.get_fieldsets(request, obj))
        finally:
            request.showing_version = True
        return list(dict.fromkeys([*readonly, *shown]))

    def _object_pk(self, object_id: str):
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error

    def _refuse_hidden_object(self, request: HttpRequest, pk) -> None:
        """404 for a live object outside the user's rows (another area's), as for none.

        An object deleted since is judged by its versions (`get_history_queryset`)."""
        live = self.model._default_manager.filter(pk=pk)
        if live.exists() and not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def get_history_queryset(self, request: HttpRequest, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return visible_rows(records, request.user)

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._refuse_hidden_object(request, self._object_pk(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        pk = self._object_pk(object_id)
        if row_id(version_id) is None:
            raise Http404  # simple_history would cast it to int and fail with a 500
        self._refuse_hidden_object(request, pk)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        versions = history.filter(**{self.model._meta.pk.attname: pk})
        if not visible_rows(versions, request.user).filter(history_id=version_id).exists():
            raise Http404
        request.showing_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)


class AccentInsensitiveSearchMixin:
    """Search that finds "Hà Nam" for "Ha Nam", "ha nam" or "Hà Nam".

    Each word of the term, reduced with `search_key`, must occur in one of
    `search_key_fields` (columns that store `search_key` of a name). Rows that match
    the raw term through the ordinary `search_fields` (codes, periods) are kept too.
    """

    search_key_fields: tuple[str, ...] = ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = search_key(search_term).split()
        if not words or not self.search_key_fields:
            return matched, may_have_duplicates
        condition = Q()
        for word in words:
            # search_text is already lower-case, so a plain `contains` is enough and
            # PostgreSQL can use the column as it is.
            condition &= reduce(
                or_, (Q(**{f"{name}__contains": word}) for name in self.search_key_fields)
            )
        if self.search_fields:
            return matched | queryset.filter(condition), may_have_duplicates
        return queryset.filter(condition), may_have_duplicates


class CheckedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that ignores a selected value its field refuses (`?area=xyz` in
    a bookmarked URL): Django's looks every value up and fails with a 500 on one that is
    not a key. The form still reports the value as invalid."""

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        field = self.choices.field
        meta = field.queryset.model._meta
        key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class PreloadedAutocompleteSelect(CheckedAutocompleteSelect):
    """An autocomplete that labels its selected option from an object already loaded.

    Django's widget looks the selected option up with one query per form, so an inline
    of 100 targets would run 100 queries. Forms put the instance's related object in
    `preloaded` (a fresh dict per form: widgets are shallow-copied between forms).
    """

    preloaded: dict[str, Model] = {}

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            label = self.choices.field.label_from_instance(self.preloaded[key])
            options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


def preload_autocomplete(form: BaseForm, field_name: str, obj: Model | None) -> None:
    """Let `form`'s autocomplete for `field_name` label `obj` without a query."""
    if obj is None or field_name not in form.fields:
        return
    widget = form.fields[field_name].widget
    widget = getattr(widget, "widget", widget)  # unwrap RelatedFieldWidgetWrapper
    if isinstance(widget, PreloadedAutocompleteSelect):
        widget.preloaded = {str(obj.pk): obj}


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, under the fields it names.

    Messages for fields the form does not show (read-only ones) go above the form,
    so nothing a service says is ever lost.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


class ServiceRefusal(Exception):
    """A service refused what `save_model` asked of it; `error` is why."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def refusal_shown_on_form() -> Iterator[None]:
    """Around a service call in `save_model`: its ValidationError or Conflict is shown on
    the form by `ServiceErrorsAdmin` rather than answered with a 500."""
    try:
        yield
    except (ValidationError, Conflict) as error:
        raise ServiceRefusal(error) from error


class ServiceErrorsAdmin:
    """An admin mixin for models saved by a service in `save_model`, not checked before.

    The form passes what the user asked for; the service alone decides. When it refuses
    (`refusal_shown_on_form`), the save is rolled back and the page is built again from
    the same POST, with the refusal on the form (`ServiceErrorsForm`) next to its fields.
    """

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            request.service_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj: Model | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "service_refusal", None)
        bases = (form,) if issubclass(form, ServiceErrorsForm) else (ServiceErrorsForm, form)
        return type(form.__name__, bases, {"service_refusal": refusal})


class ServiceErrorsForm:
    """A form mixin that shows the service's refusal `ServiceErrorsAdmin` hands it."""

    service_refusal: Exception | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if isinstance(self.service_refusal, ValidationError):
            add_service_errors(self, self.service_refusal)
        elif self.service_refusal is not None:
            self.add_error(None, str(self.service_refusal))
        return cleaned


class RefusedDeletesAdmin:
    """An admin mixin for models deleted by a service that may refuse (a report feeding an
    approved figure): the refusal is shown as a message and nothing is deleted.

    Django's delete page runs in a transaction, rolled back when the service raises; the
    bulk actions (the delete action among them) are put in one here, so a refusal of the
    tenth row leaves the first nine too.
    """

    def delete_view(self, request: HttpRequest, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ValidationError, Conflict) as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
            opts = self.opts
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", object_id)

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().response_action(request, queryset)
        except (ValidationError, Conflict) as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def refusal_text(error: Exception) -> str:
    """A service's refusal as one line of text: every message it holds."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def adopt(obj: Model, saved: Model) -> None:
    """Make the admin's `obj` the row a service wrote as `saved`.

    The admin logs, saves the inlines and redirects with the instance its form built; a
    service that creates a record returns its own instance, whose values `obj` takes.
    """
    for field in type(saved)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db
