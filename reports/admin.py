"""The admin of review reports: the officer's words beside the parts the system writes.

Saving, deleting and issuing go through `reports.services`. An issued report is shown
read-only (no change or delete permission on it), so nothing about it can change here
either; issuing is an action on the list, refused with the service's message when the
report is not ready to sign.
"""

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import AuditTrailAdmin, plain_number_column
from programmes.models import Phase
from reports import wording
from reports.forms import FRAME_AND_HEADER, ReviewReportForm
from reports.models import SECTION_KEYS, SECTION_LABELS, ReviewReport
from reports.services import (
    ReportConflict,
    review_report_create,
    review_report_delete,
    review_report_issue,
    review_report_update,
)
from reports.snapshot import DOCUMENT_LANGUAGE, report_snapshot


def _text_display(name: str, label) -> callable:
    """A read-only rendering of one of the form's own fields (shown once issued)."""

    @admin.display(description=label)
    def display(self, report: ReviewReport) -> str:
        if name in ("addressees", "copies"):
            lines = report.recipients.get("to" if name == "addressees" else "copies", [])
        else:
            lines = report.sections.get(name, "").splitlines()
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines if line.strip()))

    return display


def _field_label(name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return str(ReviewReport._meta.verbose_name)
    return str(ReviewReport._meta.get_field(name).verbose_name)


@admin.register(ReviewReport)
class ReviewReportAdmin(AuditTrailAdmin):
    form = ReviewReportForm
    change_form_template = "admin/reports/reviewreport/change_form.html"
    list_display = ["__str__", "report_year", "number", "issued_on", "status"]
    report_year = plain_number_column("year", _("year"))
    list_filter = ["status", "phase__programme", "year"]
    list_select_related = ["phase__programme", "area"]
    search_fields = ["number", "issuing_body"]
    autocomplete_fields = ["area"]
    readonly_fields = ["status", "issued_at", "issued_by"]
    actions = ["issue_reports"]
    fieldsets = [
        (
            None,
            {"fields": ["phase", "area", "year", "figures", "status", "issued_at", "issued_by"]},
        ),
        (
            _("Header"),
            {"fields": ["parent_body", "issuing_body", "number", "place", "issued_on"]},
        ),
        (
            _("Recipients and signer"),
            {"fields": ["addressees", "copies", "signer_name", "signer_title"]},
        ),
        (_("What the officer writes"), {"fields": list(SECTION_KEYS)}),
    ]

    addressees = _text_display("addressees", _("To (Kính gửi)"))
    copies = _text_display("copies", _("Other recipients (Nơi nhận)"))
    achievements = _text_display("achievements", SECTION_LABELS["achievements"])
    limitations = _text_display("limitations", SECTION_LABELS["limitations"])
    causes = _text_display("causes", SECTION_LABELS["causes"])
    lessons = _text_display("lessons", SECTION_LABELS["lessons"])
    directions = _text_display("directions", SECTION_LABELS["directions"])
    recommendations = _text_display("recommendations", SECTION_LABELS["recommendations"])

    class Media:
        css = {"all": ["reports/admin.css"]}

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "phase":
            kwargs["queryset"] = Phase.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: ReviewReport | None = None) -> bool:
        if obj is not None and obj.is_issued:
            return False  # issued: read-only, its numbers frozen
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ReviewReport | None = None) -> bool:
        if obj is not None and obj.is_issued:
            return False
        return super().has_delete_permission(request, obj)

    def has_issue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reports.issue_reviewreport")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        generated = None
        if obj is not None:
            with translation.override(DOCUMENT_LANGUAGE):
                generated = wording.generated_parts(report_snapshot(obj))
        context["generated"] = generated
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: ReviewReport, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in FRAME_AND_HEADER}
        data.update(
            recipients=form.cleaned_data["recipients"], sections=form.cleaned_data["sections"]
        )
        saved = review_report_update(report=obj, **data) if change else review_report_create(**data)
        # The admin logs and redirects with `obj`: make it the row the service wrote.
        for field in ReviewReport._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def delete_model(self, request: HttpRequest, obj: ReviewReport) -> None:
        review_report_delete(report=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for report in queryset:
            try:
                review_report_delete(report=report)
            except ReportConflict as error:
                self.message_user(request, str(error), messages.ERROR)

    @admin.action(
        description=_("Issue the selected reports (freezes their numbers)"), permissions=["issue"]
    )
    def issue_reports(self, request: HttpRequest, queryset: QuerySet) -> None:
        issued = 0
        for report in queryset:
            try:
                review_report_issue(report=report, user=request.user)
            except ReportConflict as error:
                self.message_user(request, str(error), messages.WARNING)
            except ValidationError as error:
                problems = "; ".join(
                    f"{_field_label(name)}: {' '.join(texts)}"
                    for name, texts in error.message_dict.items()
                )
                self.message_user(request, f"{report}: {problems}", messages.ERROR)
            else:
                issued += 1
        if issued:
            self.message_user(
                request,
                ngettext("%(count)d report issued.", "%(count)d reports issued.", issued)
                % {"count": issued},
                messages.SUCCESS,
            )
