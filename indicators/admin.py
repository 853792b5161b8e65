"""Admin for indicators, targets and figures (the figure grid is in `admin_grid`).

Every write goes through `indicators.services`: `save_model`, `save_formset`, the
actions and the grid call them, and a refusal comes back to the form or as a message,
so the admin holds no rules.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    LocalNumbersMixin,
    PreloadedAutocompleteSelect,
    ServiceErrorsAdmin,
    plain_number_column,
    refusal_shown_on_form,
)
from indicators.admin_grid import FigureGridMixin
from indicators.admin_reasons import ReturnReasonsChangeList, return_reasons
from indicators.formatting import format_value
from indicators.forms import MeasurementForm, ReasonForm, TargetForm
from indicators.models import Indicator, Measurement, MeasurementStatus, Target
from indicators.services import (
    APPROVE,
    REOPEN,
    RETURN,
    SUBMIT,
    FigureRefused,
    Transition,
    change_refusal,
    indicator_save,
    measurement_change,
    measurement_delete,
    measurement_save,
    measurements_transition,
    target_save,
)
from programmes.admin import AreaTreeListFilter, PhaseListFilter
from programmes.models import Area, Objective
from programmes.roles import area_in_scope

PROGRAMME_FILTER = ("indicator__phase__programme", admin.RelatedFieldListFilter)
TRANSITION_TITLES = {
    "return": _("Return figures for correction"),
    "reopen": _("Reopen approved figures"),
}
TRANSITION_DONE = {
    "submit": _("%(count)s figure(s) submitted for review."),
    "approve": _("%(count)s figure(s) approved."),
    "return": _("%(count)s figure(s) returned for correction."),
    "reopen": _("%(count)s figure(s) reopened."),
}
PHASE_FILTER = ("indicator__phase", PhaseListFilter)


def objective_label(objective: Objective) -> str:
    """Objectives are numbered per phase, so a choice must name the phase too."""
    return f"{objective.phase} · {objective}"


class TargetInline(LocalNumbersMixin, admin.TabularInline):
    """An indicator's targets: one row per area and year."""

    model = Target
    form = TargetForm
    fields = ["area", "year", "comparator", "value", "baseline_value", "baseline_year"]
    autocomplete_fields = ["area"]
    extra = 1
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The change link names each target with its indicator's code.
        return super().get_queryset(request).select_related("area", "indicator")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "area":
            # Labels the chosen area from the row already loaded, not a query per row.
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(ServiceErrorsAdmin, AccentInsensitiveSearchMixin, AuditTrailAdmin):
    index_order = 40  # the admin index in the order of the work
    list_display = ["code", "name", "objective_number", "phase", "unit", "direction"]
    list_display_links = ["code", "name"]
    list_filter = [
        ("phase__programme", admin.RelatedFieldListFilter),
        ("phase", PhaseListFilter),
        "unit",
        "direction",
        "accumulation",
    ]
    list_select_related = ["objective", "phase__programme"]
    search_fields = ["code"]
    search_key_fields = ("search_text",)
    autocomplete_fields = ["previous"]
    fields = [
        "objective",
        "phase",
        "code",
        "name",
        "unit",
        "decimals",
        "direction",
        "accumulation",
        "previous",
        "definition",
        "data_source",
        "source",
        "care_model_kind",
        "care_model_measure",
    ]
    readonly_fields = ["phase"]
    inlines = [TargetInline]

    @admin.display(description=_("objective"), ordering="objective__number")
    def objective_number(self, indicator: Indicator) -> int:
        return indicator.objective.number

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "objective":
            kwargs["queryset"] = Objective.objects.select_related("phase__programme")
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = objective_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Indicator, form, change: bool) -> None:
        with refusal_shown_on_form():  # a fed indicator's figures may refuse to follow
            indicator_save(indicator=obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Target:
            super().save_formset(request, form, formset, change)
            return
        for target in formset.save(commit=False):
            target_save(target=target)
        for target in formset.deleted_objects:
            target.delete()


@admin.register(Target)
class TargetAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    index_order = 50  # the admin index in the order of the work
    form = TargetForm
    list_display = ["indicator_code", "indicator_name", "area", "target_year", "target", "baseline"]
    target_year = plain_number_column("year", _("year"))
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = [PROGRAMME_FILTER, PHASE_FILTER, AreaTreeListFilter, "year", "comparator"]
    list_select_related = ["indicator", "area"]
    search_fields = ["indicator__code", "area__code"]
    search_key_fields = ("indicator__search_text", "area__search_text")
    autocomplete_fields = ["indicator", "area"]
    fields = [
        "indicator",
        "area",
        "year",
        "comparator",
        "value",
        "baseline_value",
        "baseline_year",
        "source_text",
    ]

    @admin.display(description=_("code"), ordering="indicator__code")
    def indicator_code(self, target: Target) -> str:
        return target.indicator.code

    @admin.display(description=_("indicator"), ordering="indicator__name")
    def indicator_name(self, target: Target) -> str:
        return target.indicator.name

    @admin.display(description=_("target"), ordering="value")
    def target(self, target: Target) -> str:
        value = format_value(target.value, target.indicator.unit, target.indicator.places)
        return f"{target.get_comparator_display()} {value}"

    @admin.display(description=_("baseline"))
    def baseline(self, target: Target) -> str:
        if target.baseline_value is None:
            return "–"
        value = format_value(target.baseline_value, target.indicator.unit, target.indicator.places)
        return f"{value} ({target.baseline_year})"

    def save_model(self, request: HttpRequest, obj: Target, form, change: bool) -> None:
        target_save(target=obj)


@admin.register(Measurement)
class MeasurementAdmin(
    FigureGridMixin, ServiceErrorsAdmin, AccentInsensitiveSearchMixin, AuditTrailAdmin
):
    index_order = 60  # the admin index in the order of the work
    form = MeasurementForm
    list_display = [
        "indicator_code",
        "indicator_name",
        "area",
        "period",
        "sex",
        "figure",
        "status",
        "returned_because",
        "updated_at",
    ]
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = [PROGRAMME_FILTER, PHASE_FILTER, AreaTreeListFilter, "year", "sex", "status"]
    list_select_related = ["indicator", "area"]
    search_fields = ["indicator__code", "area__code", "period"]
    search_key_fields = ("indicator__search_text", "area__search_text")
    autocomplete_fields = ["indicator", "area"]
    fields = [
        "indicator",
        "area",
        "period",
        "sex",
        "value",
        "numerator",
        "denominator",
        "note",
        "status",
        "returned_because",
        "read_version",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    # Status moves only through the review workflow, never by hand.
    # `read_version` is a hidden input carrying the version the form was opened on.
    readonly_fields = [
        "status",
        "returned_because",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    actions = ["submit_figures", "approve_figures", "return_figures", "reopen_figures"]
    # A figure is identified by these; changing one would make it a different figure.
    key_fields = ["indicator", "area", "period", "sex"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def get_readonly_fields(self, request: HttpRequest, obj: Measurement | None = None) -> list:
        if obj is None:
            return self.readonly_fields
        return [*self.key_fields, *self.readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A data-entry officer sees only the figures of the assigned areas, here as
        # everywhere (programmes.roles.area_scope).
        return (
            super()
            .get_queryset(request)
            .select_related("indicator", "area")
            .visible_to(request.user)
        )

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = Area.objects.writable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changelist(self, request: HttpRequest, **kwargs):
        return ReturnReasonsChangeList

    @admin.display(description=_("reason returned"))
    def returned_because(self, measurement: Measurement) -> str:
        """Why a returned figure was sent back: the reason kept in its history."""
        if measurement.status != MeasurementStatus.RETURNED:
            return ""
        if not hasattr(measurement, "return_reason"):
            measurement.return_reason = return_reasons([measurement.pk]).get(measurement.pk, "")
        return measurement.return_reason or ""

    def history_visible(self, request: HttpRequest, obj: Measurement) -> bool:
        return area_in_scope(request.user, obj.area)

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(SUBMIT.permission)

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(APPROVE.permission)

    def has_return_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(RETURN.permission)

    def has_reopen_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REOPEN.permission)

    @admin.action(permissions=["submit"], description=_("Submit the selected figures for review"))
    def submit_figures(self, request: HttpRequest, queryset: QuerySet):
        return self._transition(request, queryset, SUBMIT)

    @admin.action(permissions=["approve"], description=_("Approve the selected figures"))
    def approve_figures(self, request: HttpRequest, queryset: QuerySet):
        return self._transition(request, queryset, APPROVE)

    @admin.action(
        permissions=["return"], description=_("Return the selected figures for correction")
    )
    def return_figures(self, request: HttpRequest, queryset: QuerySet):
        return self._transition(request, queryset, RETURN)

    @admin.action(permissions=["reopen"], description=_("Reopen the selected approved figures"))
    def reopen_figures(self, request: HttpRequest, queryset: QuerySet):
        return self._transition(request, queryset, REOPEN)

    def _transition(self, request: HttpRequest, queryset: QuerySet, transition: Transition):
        """Take one workflow step for every selected figure, or for none of them.

        Returning and reopening need a reason, asked for on an intermediate page.
        """
        form = ReasonForm(request.POST if "reason_given" in request.POST else None)
        if transition.reason_required and not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": TRANSITION_TITLES[transition.name],
                "form": form,
                "figures": queryset,
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/indicators/measurement/transition_reason.html", context
            )
        reason = form.cleaned_data["reason"] if form.is_bound and form.is_valid() else ""
        try:
            moved = measurements_transition(
                measurements=queryset, user=request.user, transition=transition, reason=reason
            )
        except (FigureRefused, PermissionDenied) as error:
            self.message_user(
                request, _("Nothing was changed: %(error)s") % {"error": error}, messages.ERROR
            )
            return None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(
            request, TRANSITION_DONE[transition.name] % {"count": len(moved)}, messages.SUCCESS
        )
        return None

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                MeasurementAdmin.delete_unlocked,
                "delete_selected",
                actions["delete_selected"][2],
            )
        return actions

    def delete_unlocked(self, request: HttpRequest, queryset: QuerySet):
        """Django's bulk delete, refused whole when the service refuses one of the figures."""
        for measurement in queryset.select_related("area"):
            if refusal := change_refusal(measurement, user=request.user):
                self._nothing_deleted(request, refusal)
                return None
        return django_delete_selected(self, request, queryset)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The bulk action deletes all the chosen figures or none of them.
        try:
            with transaction.atomic():
                for measurement in queryset:
                    measurement_delete(measurement=measurement, user=request.user)
        except (FigureRefused, ValidationError, PermissionDenied) as error:
            self._nothing_deleted(request, error)

    def _nothing_deleted(self, request: HttpRequest, error: Exception) -> None:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        self.message_user(
            request, _("Nothing was deleted: %(error)s") % {"error": message}, messages.ERROR
        )

    def has_delete_permission(self, request: HttpRequest, obj: Measurement | None = None) -> bool:
        # What the service would refuse (an approved figure...) has no delete button.
        if obj is not None and change_refusal(obj, user=request.user) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Measurement) -> None:
        measurement_delete(measurement=obj, user=request.user)

    @admin.display(description=_("code"), ordering="indicator__code")
    def indicator_code(self, measurement: Measurement) -> str:
        return measurement.indicator.code

    @admin.display(description=_("indicator"), ordering="indicator__name")
    def indicator_name(self, measurement: Measurement) -> str:
        return measurement.indicator.name

    @admin.display(description=_("value"), ordering="value")
    def figure(self, measurement: Measurement) -> str:
        return format_value(
            measurement.value, measurement.indicator.unit, measurement.indicator.places
        )

    def save_model(self, request: HttpRequest, obj: Measurement, form, change: bool) -> None:
        with refusal_shown_on_form():
            if change:
                saved = measurement_change(
                    measurement=obj,
                    user=request.user,
                    version=form.cleaned_data.get("read_version"),
                    changes=form.changes(),
                )
            else:
                saved = measurement_save(figure=form.new_figure(), user=request.user)
        # The admin logs and redirects with `obj`: make it the row the service wrote.
        for field in Measurement._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db
