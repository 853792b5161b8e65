"""Admin for care models, their reports (with children by group), partners and contributions.

Every save goes through `care.services` (see `care.forms`); the forms run the same checks
first, so a refused record shows its messages on the form and nothing is written.
"""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from care.choices import OUTCOME_FIELDS
from care.forms import (
    CareModelForm,
    CareModelReportForm,
    ContributionForm,
    GroupFormSet,
    save_care_model,
    save_contribution,
    save_report,
)
from care.models import CareModel, CareModelReport, CareModelReportGroup, Contribution, Partner
from care.services import care_model_report_delete
from care.services.care_models import CARE_MODEL_FIELDS
from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    LocalNumbersMixin,
    RefusedDeletesAdmin,
    row_id,
    visible_total,
)
from core.periods import MAX_YEAR, MIN_YEAR
from programmes.admin import AreaTreeListFilter


class CareModelAreaFilter(AreaTreeListFilter):
    """Reports of the models in a province or district."""

    area_path = "care_model__area__path"


REPORT_COLUMNS = [
    "period",
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_total",
    "state_budget_vnd",
    "mobilised_vnd",
]


class CareModelReportInline(LocalNumbersMixin, admin.TabularInline):
    """A model's reports on its page; outcomes and groups on each report's own page."""

    model = CareModelReport
    form = CareModelReportForm
    fields = REPORT_COLUMNS
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("care_model")


class ContributionInline(LocalNumbersMixin, admin.TabularInline):
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
        if not MIN_YEAR <= year <= MAX_YEAR:
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
        partner = row_id(self.value())
        if partner is None:
            return queryset.none()
        return queryset.filter(
            pk__in=Contribution.objects.filter(partner_id=partner).values("care_model_id")
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
    fields = CARE_MODEL_FIELDS
    inlines = [CareModelReportInline, ContributionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Totals of the reports the user may read: another district's stay out of them.
        user = request.user
        return (
            super()
            .get_queryset(request)
            .annotate(
                children_reached=visible_total(
                    user, CareModelReport, "care_model", "beneficiaries_total"
                ),
                state_budget=visible_total(user, CareModelReport, "care_model", "state_budget_vnd"),
                mobilised=visible_total(user, CareModelReport, "care_model", "mobilised_vnd"),
            )
        )

    @admin.display(description=_("children reached (all reports)"), ordering="children_reached")
    def children_reached(self, care_model: CareModel) -> int | None:
        # None (shown "-"): no report the user may read, not "no child reached".
        return care_model.children_reached

    @admin.display(description=_("state budget (VND)"), ordering="state_budget")
    def state_budget(self, care_model: CareModel) -> str | None:
        return None if care_model.state_budget is None else intcomma(care_model.state_budget)

    @admin.display(description=_("mobilised funds (VND)"), ordering="mobilised")
    def mobilised(self, care_model: CareModel) -> str | None:
        return None if care_model.mobilised is None else intcomma(care_model.mobilised)

    def save_model(self, request: HttpRequest, obj: CareModel, form, change: bool) -> None:
        save_care_model(obj, form)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)  # the new and changed rows, unsaved
        form_of = {id(row.instance): row for row in formset.forms}
        for obj in formset.deleted_objects:
            if isinstance(obj, CareModelReport):
                care_model_report_delete(report=obj)
            else:
                obj.delete()
        for obj in instances:
            if isinstance(obj, CareModelReport):
                save_report(obj, form_of[id(obj)])
            else:
                save_contribution(obj, form_of[id(obj)])


class CareModelReportGroupInline(LocalNumbersMixin, admin.TabularInline):
    model = CareModelReportGroup
    formset = GroupFormSet
    fields = ["group", "children"]
    extra = 0


@admin.register(CareModelReport)
class CareModelReportAdmin(RefusedDeletesAdmin, AuditTrailAdmin):
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
        save_report(form.instance, form, groups)
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
        # Only the contributions the user may read count (core.admin.visible_total).
        contributed = visible_total(request.user, Contribution, "partner", "cash_vnd")
        return super().get_queryset(request).annotate(contributed=contributed)

    @admin.display(description=_("cash contributed (VND)"), ordering="contributed")
    def contributed_cash(self, partner: Partner) -> str:
        return intcomma(partner.contributed or 0)


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

    @admin.display(description=_("cash (VND)"), ordering="cash_vnd")
    def cash(self, contribution: Contribution) -> str:
        return intcomma(contribution.cash_vnd)

    def save_model(self, request: HttpRequest, obj: Contribution, form, change: bool) -> None:
        save_contribution(obj, form)
