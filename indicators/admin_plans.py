"""Admin for targets and for planning phases: the next phase, a plan approved or reopened.

Phases are registered by `programmes.admin`, which may not know indicators; the
planning actions need indicators' services, so the phase admin is extended here and
registered again. Every write goes through `indicators.services`: a target of an
approved plan is read-only here and refused by the service on any path.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    PreloadedAutocompleteSelect,
    ServiceErrorsAdmin,
    plain_number_column,
    refusal_shown_on_form,
)
from core.errors import Conflict
from indicators.fields import TARGET_ADOPTED_FIELDS, TARGET_FIELDS, TARGET_ROW_FIELDS
from indicators.formatting import format_value
from indicators.forms import NextPhaseForm, ReasonForm, TargetForm
from indicators.models import Target
from indicators.rules import target_phrase
from indicators.services import (
    next_phase_create,
    phase_plan_approve,
    phase_plan_reopen,
    target_delete,
    target_save,
)
from programmes.admin import AreaTreeListFilter, PhaseAdmin, PhaseListFilter
from programmes.models import Phase, PlanStatus

PLANNED = _("The phase %(phase)s is planned from %(previous)s; check its targets.")
APPROVED = _("The plan of %(count)s phase(s) is approved; their targets are locked.")
REOPENED = _("The plan of %(count)s phase(s) is reopened.")
NOTHING_CHANGED = _("Nothing was changed: %(error)s")
CHOOSE_ONE_PHASE = _("Choose one phase to plan the next one from.")


def _locked(target: Target | None) -> bool:
    return target is not None and target.indicator.phase.plan_status == PlanStatus.APPROVED


class TargetInline(admin.TabularInline):
    """An indicator's targets: one row per area and year; read-only in an approved plan."""

    model = Target
    form = TargetForm
    fields = TARGET_ROW_FIELDS
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

    def _plan_approved(self, obj) -> bool:
        return obj is not None and obj.phase.plan_status == PlanStatus.APPROVED

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._plan_approved(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._plan_approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._plan_approved(obj) and super().has_delete_permission(request, obj)


@admin.register(Target)
class TargetAdmin(ServiceErrorsAdmin, AccentInsensitiveSearchMixin, AuditTrailAdmin):
    index_order = 50  # the admin index in the order of the work
    form = TargetForm
    list_display = ["indicator_code", "indicator_name", "area", "target_year", "target", "baseline"]
    target_year = plain_number_column("year", _("year"))
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = [
        ("indicator__phase__programme", admin.RelatedFieldListFilter),
        ("indicator__phase", PhaseListFilter),
        AreaTreeListFilter,
        "year",
        "comparator",
    ]
    list_select_related = ["indicator__phase", "area"]
    search_fields = ["indicator__code", "area__code"]
    search_key_fields = ("indicator__search_text", "area__search_text")
    autocomplete_fields = ["indicator", "area"]
    fields = [*TARGET_FIELDS, *TARGET_ADOPTED_FIELDS]
    readonly_fields = TARGET_ADOPTED_FIELDS

    @admin.display(description=_("code"), ordering="indicator__code")
    def indicator_code(self, target: Target) -> str:
        return target.indicator.code

    @admin.display(description=_("indicator"), ordering="indicator__name")
    def indicator_name(self, target: Target) -> str:
        return target.indicator.name

    @admin.display(description=_("target"), ordering="value")
    def target(self, target: Target) -> str:
        return target_phrase(target)

    @admin.display(description=_("baseline"))
    def baseline(self, target: Target) -> str:
        if target.baseline_value is None:
            return "–"
        value = format_value(target.baseline_value, target.indicator)
        provisional = f" {_('provisional')}" if target.baseline_provisional else ""
        return f"{value} ({target.baseline_year}){provisional}"

    def has_change_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        # An approved plan's target opens read-only; the service refuses it anyway.
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Target, form, change: bool) -> None:
        with refusal_shown_on_form():
            target_save(target=obj)

    def delete_model(self, request: HttpRequest, obj: Target) -> None:
        target_delete(target=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # All the chosen targets or none of them.
        try:
            with transaction.atomic():
                for target in queryset.select_related("indicator__phase"):
                    target_delete(target=target)
        except Conflict as error:
            self.message_user(
                request, _("Nothing was deleted: %(error)s") % {"error": error}, messages.ERROR
            )


admin.site.unregister(Phase)


@admin.register(Phase)
class PlanningPhaseAdmin(PhaseAdmin):
    """Phases, with the planning actions: the next phase, approving or reopening a plan."""

    list_display = [*PhaseAdmin.list_display, "plan_status"]
    list_filter = [*PhaseAdmin.list_filter, "plan_status"]
    readonly_fields = ["plan_status"]
    fields = [*PhaseAdmin.fields, "plan_status"]
    actions = ["plan_next_phase", "approve_plans", "reopen_plans"]

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.approve_phase")

    def has_reopen_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.reopen_phase")

    @admin.action(permissions=["add"], description=_("Plan the next phase from this one"))
    def plan_next_phase(self, request: HttpRequest, queryset: QuerySet):
        phases = list(queryset.select_related("programme")[:2])
        if len(phases) != 1:
            self.message_user(request, CHOOSE_ONE_PHASE, messages.ERROR)
            return None
        phase = phases[0]
        length = phase.end_year - phase.start_year + 1
        start, end = phase.end_year + 1, phase.end_year + length
        form = NextPhaseForm(
            request.POST if "planned" in request.POST else None,
            initial={"name": f"{start}–{end}", "start_year": start, "end_year": end},
        )
        if form.is_valid():
            try:
                new = next_phase_create(phase=phase, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, PLANNED % {"phase": new, "previous": phase}, messages.SUCCESS
                )
                return redirect("admin:programmes_phase_change", new.pk)
        return self._ask(request, queryset, form, _("Plan the next phase"), "planned")

    @admin.action(permissions=["approve"], description=_("Approve the plan (lock its targets)"))
    def approve_plans(self, request: HttpRequest, queryset: QuerySet):
        return self._plan_step(
            request,
            queryset,
            lambda phase: phase_plan_approve(phase=phase, user=request.user),
            APPROVED,
        )

    @admin.action(permissions=["reopen"], description=_("Reopen the approved plan"))
    def reopen_plans(self, request: HttpRequest, queryset: QuerySet):
        form = ReasonForm(request.POST if "reason_given" in request.POST else None)
        if not form.is_valid():
            return self._ask(request, queryset, form, _("Reopen the approved plan"), "reason_given")
        reason = form.cleaned_data["reason"]
        return self._plan_step(
            request,
            queryset,
            lambda phase: phase_plan_reopen(phase=phase, user=request.user, reason=reason),
            REOPENED,
        )

    def _plan_step(self, request: HttpRequest, queryset: QuerySet, step, done):
        """The step for every chosen phase, or for none of them."""
        try:
            with transaction.atomic():
                moved = [step(phase) for phase in queryset]
        except (Conflict, PermissionDenied) as error:
            self.message_user(request, NOTHING_CHANGED % {"error": error}, messages.ERROR)
            return None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(request, done % {"count": len(moved)}, messages.SUCCESS)
        return None

    def _ask(self, request: HttpRequest, queryset: QuerySet, form, title, marker: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "phases": queryset.select_related("programme"),
            "action": request.POST.get("action"),
            "marker": marker,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/programmes/phase/plan_step.html", context)
