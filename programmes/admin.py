"""Admin for the frame: areas, programmes, phases and objectives, and assigned areas.

Also holds the list filters other apps' admins share because they know the frame: an
area filter that works on a tree of 10,000 communes, and phases named with their
programme. The domain-free toolkit (audit trail, search, autocomplete) is `core.admin`.
"""

from django.contrib import admin
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core.admin import AccentInsensitiveSearchMixin, AuditTrailAdmin, plain_number_column, row_id
from core.tokens import token_expires
from core.tree import subtree_q
from programmes.models import Area, AreaAssignment, AreaLevel, Objective, Phase, Programme
from programmes.owners import ProgrammeOwner
from programmes.reorganisation_admin import reorganise
from programmes.services import area_move

admin.site.site_header = _("Programme tracker")
admin.site.site_title = _("Programme tracker")
admin.site.index_title = _("Programmes, targets and figures")


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
        pk = row_id(self.value())
        if pk is None:
            return queryset.none()  # a hand-typed or garbled ?area=: no area, no rows
        area = Area.objects.filter(pk=pk).only("path").first()
        if area is None:
            return queryset.none()
        return queryset.filter(subtree_q(self.area_path, area.path))


class WithinAreaListFilter(AreaTreeListFilter):
    """On the area list itself: a province or district and the units below it."""

    title = _("within")
    parameter_name = "within"
    area_path = "path"


class PhaseListFilter(admin.RelatedFieldListFilter):
    """Phases named with their programme's code, loaded in one query."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(phase.pk, str(phase)) for phase in Phase.objects.select_related("programme")]


@admin.register(Area)
class AreaAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    list_display = [
        "name",
        "code",
        "official_code",
        "level",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["level", "kind", WithinAreaListFilter]
    list_select_related = ["parent"]
    search_fields = ["code", "official_code"]
    search_key_fields = ("search_text",)
    autocomplete_fields = ["parent"]
    fields = [
        "code",
        "official_code",
        "name",
        "level",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
    ]
    list_per_page = 100
    actions = ["record_reorganisation"]

    @admin.action(permissions=["change"], description=_("Record a merger or split"))
    def record_reorganisation(self, request: HttpRequest, queryset: QuerySet):
        return reorganise(self, request, queryset)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # An autocomplete choosing an area for another model's field (a figure's area)
        # offers a user bound to some areas only those areas and the ones below them.
        if request.GET.get("field_name") and request.GET.get("model_name") != "area":
            queryset = queryset.filter(pk__in=Area.objects.writable_by(request.user))
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request: HttpRequest, obj: Area, form, change: bool) -> None:
        if change:
            area_move(area=obj, parent=obj.parent)  # the areas below follow it
        else:
            super().save_model(request, obj, form, change)


class PhaseInline(admin.TabularInline):
    """Phases on their programme's page; `previous` is set on the phase's own page."""

    model = Phase
    fields = ["name", "start_year", "end_year"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The change link names each phase with its programme's code.
        return super().get_queryset(request).select_related("programme")


class ProgrammeOwnerInline(admin.TabularInline):
    """The department that owns the programme, by date; documents of a period name it."""

    model = ProgrammeOwner
    fields = ["department", "valid_from", "valid_to"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    index_order = 10  # the admin index in the order of the work
    list_display = ["code", "name", "sector", "area", "legal_basis"]
    list_filter = ["sector"]
    list_select_related = ["area"]
    search_fields = ["code", "legal_basis"]
    search_key_fields = ("search_text",)
    autocomplete_fields = ["area"]
    fields = ["code", "name", "sector", "area", "legal_basis", "description"]
    inlines = [PhaseInline, ProgrammeOwnerInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    index_order = 20  # the admin index in the order of the work
    list_display = ["name", "programme", "first_year", "last_year", "previous", "objective_count"]
    first_year = plain_number_column("start_year", _("start year"))
    last_year = plain_number_column("end_year", _("end year"))
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
    index_order = 30  # the admin index in the order of the work
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


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(TokenAdmin):
    """API tokens: whose, since when, until when; revoked by deleting them.

    Administrators see and revoke every token, any other staff user their own. The key is
    never shown (it is a password); tokens are issued only by signing in to the API.
    """

    list_display = ["user", "created", "expires"]
    fields = ["user", "created", "expires"]
    readonly_fields = ["user", "created", "expires"]

    @admin.display(description=_("expires"))
    def expires(self, token: TokenProxy):
        return token_expires(token)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def _own_or_administrator(self, request: HttpRequest, obj: Model | None) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        return user.is_active and user.is_staff and (obj is None or obj.user_id == user.pk)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._own_or_administrator(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._own_or_administrator(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._own_or_administrator(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
