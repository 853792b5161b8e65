"""The admin toolkit every app's admin shares, knowing no model of the domain.

An audit trail nobody can rewrite, accent-insensitive search, an autocomplete widget
that does not query once per inline row, and the way a service's refusal reaches a form
(checked on the form, or refused by the service in `save_model`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Model, Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from core.errors import Conflict
from core.text import search_key


class AuditTrailAdmin(SimpleHistoryAdmin):
    """An admin with the model's history (who, when, what, why), which nobody can change.

    django-simple-history would let anyone who may change the object revert it to an old
    version from the history page; that would bypass the services (and the approval
    lock), so reverting is switched off here and a POST to the history form is refused.
    """

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_visible(self, request: HttpRequest, obj: Model) -> bool:
        """Whether the user may see this object's history; a hook for scoped models."""
        return True

    def has_view_history_or_change_history_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        if obj is not None and not self.history_visible(request, obj):
            return False
        return self.has_view_or_change_permission(request, obj)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        if not (str(version_id).isascii() and str(version_id).isdigit()):
            raise Http404  # simple_history would cast it to int and fail with a 500
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
