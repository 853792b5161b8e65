"""Admin for care models, their reports (with children by group), partners and contributions.

Every save goes through `care.services`; the forms run the same checks first, so a
refused record shows its messages on the form and nothing is written.
"""

from django import forms
from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from care.models import (
    OUTCOME_FIELDS,
    CareModel,
    CareModelReport,
    CareModelReportGroup,
    Contribution,
    Partner,
)
from care.services import (
    care_model_clean,
    care_model_create,
    care_model_report_clean,
    care_model_report_create,
    care_model_report_delete,
    care_model_report_update,
    care_model_update,
    contribution_clean,
    contribution_create,
    contribution_update,
    group_errors,
    report_total,
)
from care.services.care_models import CARE_MODEL_FIELDS
from care.services.contributions import CONTRIBUTION_FIELDS
from care.services.reports import REPORT_FIELDS
from core.admin import AccentInsensitiveSearchMixin, AuditTrailAdmin, add_service_errors, adopt
from programmes.admin import AreaTreeListFilter


class CareModelAreaFilter(AreaTreeListFilter):
    """Reports of the models in a province or district."""

    area_path = "care_model__area__path"


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


def save_care_model(obj: CareModel, form: forms.BaseForm) -> None:
    """Create or update `obj` through the services, with the values its form was given."""
    data = {name: form.cleaned_data[name] for name in CARE_MODEL_FIELDS if name in form.fields}
    if obj.pk is None:
        adopt(obj, care_model_create(**data))
    else:
        care_model_update(care_model=obj, **data)


def save_report(obj: CareModelReport, form: forms.BaseForm, groups: dict | None = None) -> None:
    """Create or update a report through the services; `groups` replaces its groups."""
    data = {name: value for name, value in form.cleaned_data.items() if name in REPORT_FIELDS}
    if obj.pk is None:
        adopt(obj, care_model_report_create(**data, groups=groups))
    else:
        care_model_report_update(report=obj, groups=groups, **data)


def save_contribution(obj: Contribution, form: forms.BaseForm) -> None:
    data = {n: v for n, v in form.cleaned_data.items() if n in CONTRIBUTION_FIELDS}
    if obj.pk is None:
        adopt(obj, contribution_create(**data))
    else:
        contribution_update(contribution=obj, **data)


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


class GroupFormSet(forms.BaseInlineFormSet):
    """Counts by group: each at most the children the report reached."""

    def clean(self) -> None:
        super().clean()
        total = report_total(self.instance)
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
        return super().get_queryset(request).annotate(contributed=Sum("contributions__cash_vnd"))

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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A data-entry officer sees only those of the assigned areas, as in the API.
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("cash (VND)"), ordering="cash_vnd")
    def cash(self, contribution: Contribution) -> str:
        return intcomma(contribution.cash_vnd)

    def save_model(self, request: HttpRequest, obj: Contribution, form, change: bool) -> None:
        save_contribution(obj, form)
