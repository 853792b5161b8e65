"""Admin for indicators, targets and figures (the figure grid is in `admin_grid`).

Every write goes through `indicators.services`: `save_model`, `save_formset`, the
actions and the grid call them, and a refusal comes back to the form or as a message,
so the admin holds no rules.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    ServiceErrorsAdmin,
    refusal_shown_on_form,
)
from indicators.admin_grid import FigureGridMixin
from indicators.admin_plans import TargetInline
from indicators.admin_reasons import ReturnReasonsChangeList, return_reasons
from indicators.admin_workflow import WorkflowActionsMixin
from indicators.fields import INDICATOR_FIELDS
from indicators.formatting import format_value
from indicators.forms import MeasurementForm
from indicators.models import Indicator, Measurement, MeasurementStatus, Target
from indicators.services import (
    FigureRefused,
    change_refusal,
    indicator_save,
    measurement_change,
    measurement_delete,
    measurement_save,
    target_delete,
    target_save,
)
from programmes.admin import AreaTreeListFilter, PhaseListFilter
from programmes.models import Area, Objective

PROGRAMME_FILTER = ("indicator__phase__programme", admin.RelatedFieldListFilter)
PHASE_FILTER = ("indicator__phase", PhaseListFilter)


def objective_label(objective: Objective) -> str:
    """Objectives are numbered per phase, so a choice must name the phase too."""
    return f"{objective.phase} · {objective}"


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
    fields = [*INDICATOR_FIELDS, "source", "care_model_kind", "care_model_measure"]
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
        with refusal_shown_on_form():  # an approved plan's targets are locked
            for target in formset.save(commit=False):
                target_save(target=target)
            for target in formset.deleted_objects:
                target_delete(target=target)


@admin.register(Measurement)
class MeasurementAdmin(
    WorkflowActionsMixin,
    FigureGridMixin,
    ServiceErrorsAdmin,
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
):
    index_order = 60  # the admin index in the order of the work
    change_form_template = "admin/indicators/measurement/change_form.html"
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
    # A figure is identified by these; changing one would make it a different figure.
    key_fields = ["indicator", "area", "period", "sex"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def get_readonly_fields(self, request: HttpRequest, obj: Measurement | None = None) -> list:
        if obj is None:
            return self.readonly_fields
        return [*self.key_fields, *self.readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Scoped to the user's areas by the toolkit (core.admin.visible_rows).
        return super().get_queryset(request).select_related("indicator", "area")

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
        return format_value(measurement.value, measurement.indicator)

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
