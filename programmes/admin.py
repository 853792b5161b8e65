"""Admin for the frame: areas, programmes, phases and objectives.

Also holds the small pieces every admin of the project shares: accent-insensitive
search, an area filter that works on a tree of 10,000 communes, and an autocomplete
widget that does not query once per inline row.
"""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import Area, AreaAssignment, AreaLevel, Objective, Phase, Programme
from programmes.text import search_key

admin.site.site_header = _("Programme tracker")
admin.site.site_title = _("Programme tracker")
admin.site.index_title = _("Programmes, targets and figures")


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


class AreaTreeListFilter(admin.SimpleListFilter):
    """Filter by a province or district and everything below it.

    Listing all 10,000 communes in the sidebar would be useless, so only provinces and
    districts are offered; a commune can still be given in the URL or found by search.
    """

    title = _("area")
    parameter_name = "area"
    area_path = "area__path"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        areas = Area.objects.exclude(level=AreaLevel.COMMUNE).only("pk", "name", "level")
        return [(str(area.pk), area.name) for area in areas]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if not self.value():
            return None
        area = Area.objects.filter(pk=self.value()).only("path").first()
        if area is None:
            return queryset.none()
        return queryset.filter(**{f"{self.area_path}__startswith": area.path})


class WithinAreaListFilter(AreaTreeListFilter):
    """On the area list itself: a province or district and the units below it."""

    title = _("within")
    parameter_name = "within"
    area_path = "path"


class PhaseListFilter(admin.RelatedFieldListFilter):
    """Phases named with their programme's code, loaded in one query."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(phase.pk, str(phase)) for phase in Phase.objects.select_related("programme")]


class PreloadedAutocompleteSelect(AutocompleteSelect):
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
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


@admin.register(Area)
class AreaAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", WithinAreaListFilter]
    list_select_related = ["parent"]
    search_fields = ["code"]
    search_key_fields = ("search_text",)
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_per_page = 100

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # An autocomplete choosing an area for another model's field (a figure's area)
        # offers a user bound to some areas only those areas and the ones below them.
        if request.GET.get("field_name") and request.GET.get("model_name") != "area":
            queryset = queryset.filter(pk__in=Area.objects.writable_by(request.user))
        return super().get_search_results(request, queryset, search_term)


class PhaseInline(admin.TabularInline):
    """Phases on their programme's page; `previous` is set on the phase's own page."""

    model = Phase
    fields = ["name", "start_year", "end_year"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The change link names each phase with its programme's code.
        return super().get_queryset(request).select_related("programme")


@admin.register(Programme)
class ProgrammeAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    list_display = ["code", "name", "sector", "area", "legal_basis"]
    list_filter = ["sector"]
    list_select_related = ["area"]
    search_fields = ["code", "legal_basis"]
    search_key_fields = ("search_text",)
    autocomplete_fields = ["area"]
    fields = ["code", "name", "sector", "area", "legal_basis", "description"]
    inlines = [PhaseInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    list_display = ["name", "programme", "start_year", "end_year", "previous", "objective_count"]
    list_filter = ["programme", "start_year"]
    list_select_related = ["programme", "previous__programme"]
    search_fields = ["name", "programme__code"]
    search_key_fields = ("programme__search_text",)
    fields = ["programme", "name", "start_year", "end_year", "previous"]
    inlines = [ObjectiveInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(objective_count=Count("objectives"))

    @admin.display(description=_("objectives"), ordering="objective_count")
    def objective_count(self, phase: Phase) -> int:
        return phase.objective_count

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "previous":
            # A phase is named with its programme's code: load both in one query.
            kwargs["queryset"] = Phase.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Objective)
class ObjectiveAdmin(AuditTrailAdmin):
    list_display = ["number", "title", "phase"]
    list_display_links = ["number", "title"]
    list_filter = [("phase__programme", admin.RelatedFieldListFilter), ("phase", PhaseListFilter)]
    list_select_related = ["phase__programme"]
    search_fields = ["title", "phase__name", "phase__programme__code"]
    fields = ["phase", "number", "title"]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "phase":
            kwargs["queryset"] = Phase.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AreaAssignment)
class AreaAssignmentAdmin(AuditTrailAdmin):
    """Who may enter figures for which areas; only administrators hold its permissions."""

    list_display = ["user", "area"]
    list_select_related = ["user", "area"]
    search_fields = ["user__username", "area__code"]
    autocomplete_fields = ["area"]
    raw_id_fields = ["user"]
