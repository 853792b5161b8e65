"""Admin for the frame: areas, programmes, phases and objectives, and the care models.

Also holds the list filters other apps' admins share because they know the frame: an
area filter that works on a tree of 10,000 communes, and phases named with their
programme. The domain-free toolkit (audit trail, search, autocomplete) is `core.admin`.
"""

from django import forms
from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, Model, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    add_service_errors,
)
from core.tree import subtree_q
from programmes.models import (
    OUTCOME_FIELDS,
    Area,
    AreaAssignment,
    AreaLevel,
    CareModel,
    CareModelReport,
    CareModelReportGroup,
    Contribution,
    Objective,
    Partner,
    Phase,
    Programme,
)
from programmes.reorganisation_admin import reorganise
from programmes.services import (
    care_model_clean,
    care_model_delete,
    care_model_report_clean,
    care_model_report_delete,
    care_model_report_save,
    care_model_save,
    contribution_clean,
    contribution_save,
    group_errors,
    partner_save,
)

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
        area = Area.objects.filter(pk=self.value()).only("path").first()
        if area is None:
            return queryset.none()
        return queryset.filter(subtree_q(self.area_path, area.path))


class CareModelAreaFilter(AreaTreeListFilter):
    """Reports of the models in a province or district."""

    area_path = "care_model__area__path"


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


# Care models, their reports, partners and contributions. Every save goes through
# `programmes.services`; the forms run the same checks first, so a refused record shows
# its messages on the form and nothing is written.


class ServiceCheckedForm(forms.ModelForm):
    """A model form that runs a service's check on the instance after the model's own."""

    def service_clean(self, instance: Model) -> None:
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        if any(name != NON_FIELD_ERRORS for name in self.errors):
            return
        try:
            self.service_clean(self.instance)
        except ValidationError as error:
            # The service's messages say what to do; they replace the generic
            # "constraint … is violated" the model's own check may have added.
            self._errors.pop(NON_FIELD_ERRORS, None)
            add_service_errors(self, error)


class CareModelForm(ServiceCheckedForm):
    def service_clean(self, instance: CareModel) -> None:
        care_model_clean(instance)


class CareModelReportForm(ServiceCheckedForm):
    def service_clean(self, instance: CareModelReport) -> None:
        if instance.care_model_id is None and getattr(instance, "care_model", None) is None:
            return
        care_model_report_clean(instance)


class ContributionForm(ServiceCheckedForm):
    def service_clean(self, instance: Contribution) -> None:
        contribution_clean(instance)


REPORT_COLUMNS = [
    "period",
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    "state_budget_vnd",
    "mobilised_vnd",
]


class CareModelReportInline(admin.TabularInline):
    """A model's reports on its page; outcomes and groups on each report's own page."""

    model = CareModelReport
    form = CareModelReportForm
    fields = REPORT_COLUMNS
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("care_model")


class ContributionInline(admin.TabularInline):
    model = Contribution
    form = ContributionForm
    fields = ["partner", "date", "cash_vnd", "in_kind_description"]
    autocomplete_fields = ["partner"]
    extra = 0
    fk_name = "care_model"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("partner")


class RunningInYearListFilter(admin.SimpleListFilter):
    """Models that ran at some point of a year."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        years = CareModelReport.objects.order_by("-year").values_list("year", flat=True)
        return [(str(year), str(year)) for year in dict.fromkeys(years)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if not self.value():
            return None
        try:
            year = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.running_in_year(year)


class PartnerListFilter(admin.SimpleListFilter):
    """Models a partner contributed to."""

    title = _("partner")
    parameter_name = "partner"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(str(p.pk), p.name) for p in Partner.objects.only("pk", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if not self.value():
            return None
        return queryset.filter(
            pk__in=Contribution.objects.filter(partner_id=self.value()).values("care_model_id")
        )


@admin.register(CareModel)
class CareModelAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    form = CareModelForm
    list_display = [
        "name",
        "kind",
        "area",
        "started_on",
        "ended_on",
        "implementing_agency",
        "children_reached",
        "state_budget",
        "mobilised",
    ]
    list_filter = ["kind", AreaTreeListFilter, RunningInYearListFilter, PartnerListFilter]
    list_select_related = ["area"]
    search_fields = ["name", "implementing_agency", "area__code"]
    search_key_fields = ("area__search_text",)
    autocomplete_fields = ["area", "programme"]
    fields = [
        "kind",
        "name",
        "area",
        "programme",
        "started_on",
        "ended_on",
        "implementing_agency",
        "description",
    ]
    inlines = [CareModelReportInline, ContributionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                children_reached=Sum("reports__beneficiaries_total"),
                state_budget=Sum("reports__state_budget_vnd"),
                mobilised=Sum("reports__mobilised_vnd"),
            )
        )

    @admin.display(description=_("children reached (all reports)"), ordering="children_reached")
    def children_reached(self, care_model: CareModel) -> int:
        return care_model.children_reached or 0

    @admin.display(description=_("state budget (VND)"), ordering="state_budget")
    def state_budget(self, care_model: CareModel) -> str:
        return intcomma(care_model.state_budget or 0)

    @admin.display(description=_("mobilised funds (VND)"), ordering="mobilised")
    def mobilised(self, care_model: CareModel) -> str:
        return intcomma(care_model.mobilised or 0)

    def save_model(self, request: HttpRequest, obj: CareModel, form, change: bool) -> None:
        care_model_save(care_model=obj)

    def delete_model(self, request: HttpRequest, obj: CareModel) -> None:
        care_model_delete(care_model=obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, CareModelReport):
                care_model_report_delete(report=obj)
            else:
                obj.delete()
        for obj in instances:
            if isinstance(obj, CareModelReport):
                care_model_report_save(report=obj)
            else:
                contribution_save(contribution=obj)


class GroupFormSet(forms.BaseInlineFormSet):
    """Counts by group: each at most the children the report reached."""

    def clean(self) -> None:
        super().clean()
        total = self.instance.beneficiaries_total
        if total is None and None not in (
            self.instance.beneficiaries_female,
            self.instance.beneficiaries_male,
        ):
            total = self.instance.beneficiaries_female + self.instance.beneficiaries_male
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("group"):
                continue
            for message in group_errors({data["group"]: data.get("children")}, total):
                form.add_error("children", message)


class CareModelReportGroupInline(admin.TabularInline):
    model = CareModelReportGroup
    formset = GroupFormSet
    fields = ["group", "children"]
    extra = 0


@admin.register(CareModelReport)
class CareModelReportAdmin(AuditTrailAdmin):
    """One report with its outcomes, funding and children by group of special circumstances."""

    form = CareModelReportForm

    list_display = [
        "care_model",
        "kind",
        "period",
        "beneficiaries_female",
        "beneficiaries_male",
        "beneficiaries_total",
        "state_budget",
        "mobilised",
    ]
    list_filter = [("care_model__kind", admin.ChoicesFieldListFilter), "year", CareModelAreaFilter]
    list_select_related = ["care_model"]
    search_fields = ["care_model__name", "period"]
    autocomplete_fields = ["care_model"]
    fieldsets = [
        (None, {"fields": ["care_model", "period"]}),
        (
            _("Children reached"),
            {"fields": ["beneficiaries_female", "beneficiaries_male", "beneficiaries_total"]},
        ),
        (_("Outcomes"), {"fields": list(OUTCOME_FIELDS)}),
        (_("Funding"), {"fields": ["state_budget_vnd", "mobilised_vnd"]}),
        (None, {"fields": ["note"]}),
    ]
    inlines = [CareModelReportGroupInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A data-entry officer sees only those of the assigned areas, as in the API.
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: CareModelReport | None = None):
        # A report stays with its model: figures fed by it are keyed on the model's area.
        return ["care_model"] if obj is not None else []

    @admin.display(description=_("kind"), ordering="care_model__kind")
    def kind(self, report: CareModelReport) -> str:
        return report.care_model.get_kind_display()

    @admin.display(description=_("state budget (VND)"), ordering="state_budget_vnd")
    def state_budget(self, report: CareModelReport) -> str:
        return intcomma(report.state_budget_vnd)

    @admin.display(description=_("mobilised funds (VND)"), ordering="mobilised_vnd")
    def mobilised(self, report: CareModelReport) -> str:
        return intcomma(report.mobilised_vnd)

    def save_model(self, request: HttpRequest, obj: CareModelReport, form, change: bool) -> None:
        # Saved with its groups in save_related, in one service call.
        pass

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        groups = {}
        if obj_pk := form.instance.pk:
            groups = dict(
                CareModelReportGroup.objects.filter(report_id=obj_pk).values_list(
                    "group", "children"
                )
            )
        for formset in formsets:
            for group_form in formset.forms:
                data = getattr(group_form, "cleaned_data", {})
                if not data or not data.get("group"):
                    continue
                original = group_form.instance.group if group_form.instance.pk else None
                if original and original != data["group"]:
                    groups.pop(original, None)
                if data.get("DELETE"):
                    groups.pop(data["group"], None)
                else:
                    groups[data["group"]] = data["children"]
        care_model_report_save(report=form.instance, groups=groups)
        for formset in formsets:
            # Saved by the service above; the change message lists no rows of its own.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: CareModelReport) -> None:
        care_model_report_delete(report=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for report in queryset:
            care_model_report_delete(report=report)


@admin.register(Partner)
class PartnerAdmin(AuditTrailAdmin):
    list_display = ["name", "kind", "area", "contributed_cash"]
    list_filter = ["kind"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]
    fields = ["name", "kind", "area", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(contributed=Sum("contributions__cash_vnd"))

    @admin.display(description=_("cash contributed (VND)"), ordering="contributed")
    def contributed_cash(self, partner: Partner) -> str:
        return intcomma(partner.contributed or 0)

    def save_model(self, request: HttpRequest, obj: Partner, form, change: bool) -> None:
        partner_save(partner=obj)


@admin.register(Contribution)
class ContributionAdmin(AuditTrailAdmin):
    form = ContributionForm
    list_display = ["partner", "date", "care_model", "programme", "cash", "in_kind_description"]
    list_filter = ["partner__kind", "partner", ("date", admin.DateFieldListFilter)]
    list_select_related = ["partner", "care_model", "programme"]
    search_fields = ["partner__name", "care_model__name", "programme__code"]
    autocomplete_fields = ["partner", "care_model", "programme"]
    fields = ["partner", "care_model", "programme", "date", "cash_vnd", "in_kind_description"]
    date_hierarchy = "date"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A data-entry officer sees only those of the assigned areas, as in the API.
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("cash (VND)"), ordering="cash_vnd")
    def cash(self, contribution: Contribution) -> str:
        return intcomma(contribution.cash_vnd)

    def save_model(self, request: HttpRequest, obj: Contribution, form, change: bool) -> None:
        contribution_save(contribution=obj)


@admin.register(AreaAssignment)
class AreaAssignmentAdmin(AuditTrailAdmin):
    """Who may enter figures for which areas; only administrators hold its permissions."""

    list_display = ["user", "area"]
    list_select_related = ["user", "area"]
    search_fields = ["user__username", "area__code"]
    autocomplete_fields = ["area"]
    raw_id_fields = ["user"]
