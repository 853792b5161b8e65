"""The review workflow in the figures' admin: submit, approve, return and reopen actions.

A mixin of `MeasurementAdmin`. Every step goes through `measurements_transition`, all
the selected figures or none. Returning and reopening ask for a reason first; approving
figures that break a validation rule asks for the approver's comment (DESIGN.md §4 rule
10), showing what they break. Whoever submits or approves is shown the rules broken and
the outlying values of those figures; nothing blocks the step but the comment.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from core.four_eyes import self_approval_allowed
from indicators.forms import ReasonForm
from indicators.services import (
    APPROVE,
    REOPEN,
    RETURN,
    SUBMIT,
    TRANSITIONS,
    FigureRefused,
    Transition,
    measurements_transition,
)
from indicators.services.quality import QualityWarnings, quality_warnings

TRANSITION_TITLES = {
    "return": _("Return figures for correction"),
    "reopen": _("Reopen approved figures"),
    "approve": _("Approve figures that break validation rules"),
}
TRANSITION_DONE = {
    "submit": _("%(count)s figure(s) submitted for review."),
    "approve": _("%(count)s figure(s) approved."),
    "return": _("%(count)s figure(s) returned for correction."),
    "reopen": _("%(count)s figure(s) reopened."),
}
CHECK_WARNING = _("Check: %(warning)s")
# The buttons of a figure's change form, in the order of the work.
STEP_BUTTONS = {
    "submit": _("Submit for review"),
    "approve": _("Approve"),
    "return": _("Return for correction"),
    "reopen": _("Reopen"),
}


class ApprovalCommentForm(ReasonForm):
    """The comment an approver gives for figures that break a validation rule."""

    reason = forms.CharField(
        label=_("comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you approve these figures although they break the rules above; kept in "
            "each figure's history."
        ),
    )


def show_warnings(modeladmin, request: HttpRequest, warnings: QualityWarnings) -> None:
    """One warning message per rule broken and per outlying value (rule 10)."""
    for warning in warnings.messages:
        modeladmin.message_user(request, CHECK_WARNING % {"warning": warning}, messages.WARNING)


class WorkflowActionsMixin:
    """The four workflow actions of the figures' admin."""

    actions = ["submit_figures", "approve_figures", "return_figures", "reopen_figures"]

    def get_urls(self) -> list[URLPattern]:
        step = path(
            "<path:object_id>/step/<str:step>/",
            self.admin_site.admin_view(self.step_view),
            name="indicators_measurement_step",
        )
        return [step, *super().get_urls()]

    def offered_steps(self, request: HttpRequest, figure) -> list[tuple[str, str]]:
        """The workflow steps `request.user` may take on `figure` now: its status allows
        them, the user holds the permission, and approving is not their own figure
        (four eyes, unless self-approval is allowed). No query."""
        user = request.user
        own = user.pk in {figure.created_by_id, figure.updated_by_id}
        steps = []
        for name, label in STEP_BUTTONS.items():
            transition = TRANSITIONS[name]
            if figure.status not in transition.sources or not user.has_perm(transition.permission):
                continue
            if transition is APPROVE and own and not self_approval_allowed():
                continue
            steps.append((name, label))
        return steps

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_steps"] = self.offered_steps(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def step_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        """One workflow step on one figure, from the buttons of its change form.

        Returning and reopening ask for the reason first (the page posts back here);
        the step goes through the same services as the list's actions.
        """
        transition = TRANSITIONS.get(step)
        figure = self.get_object(request, unquote(object_id))
        if transition is None or figure is None:
            raise Http404
        change_url = reverse("admin:indicators_measurement_change", args=[figure.pk])
        if request.method != "POST":
            return redirect(change_url)
        queryset = self.get_queryset(request).filter(pk=figure.pk)
        return self._transition(request, queryset, transition) or redirect(change_url)

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

        Returning and reopening need a reason, and approving figures that break a
        validation rule a comment, asked for on an intermediate page.
        """
        figures = list(queryset)
        warnings = quality_warnings(figures) if transition is APPROVE else QualityWarnings()
        form_class = ApprovalCommentForm if warnings.needs_comment else ReasonForm
        form = form_class(request.POST if "reason_given" in request.POST else None)
        asks = transition.reason_required or warnings.needs_comment
        if asks and not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": TRANSITION_TITLES[transition.name],
                "form": form,
                "figures": figures,
                "warnings": warnings,
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/indicators/measurement/transition_reason.html", context
            )
        reason = form.cleaned_data["reason"] if form.is_bound and form.is_valid() else ""
        try:
            moved = measurements_transition(
                measurements=figures, user=request.user, transition=transition, reason=reason
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
        if transition is SUBMIT:
            warnings = quality_warnings(moved)
        show_warnings(self, request, warnings)
        return None
