"""Admin of the reporting calendars, validation rules and plausible ranges, and the page
that imports a filled entry form: preview first (what will be created, changed and left
alone, or every error by sheet and row), then import.

The file previewed is kept in the session (bounded by `collection.imports.LIMITS`) so that
"Import" writes exactly the file that was previewed, checked again as it is written.
"""

import base64
import hashlib
from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from collection.calendar import check_period
from collection.entry_form import entry_form, entry_form_xlsx
from collection.imports import MAX_FILE_BYTES
from collection.models import (
    FigureImport,
    ReportingAssignment,
    ReportingCalendar,
    ReportingDeadline,
    ValidationRule,
    ValueBounds,
)
from collection.services import IMPORT_PERMISSIONS, ImportRefused, figures_import
from core.admin import AuditTrailAdmin, plain_number_column
from indicators.services import FigureRefused
from programmes.models import Area, Phase
from programmes.roles import area_in_scope

SESSION_KEY = "collection_import"
IMPORTED = _("Imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
PREVIEW_EXPIRED = _("The previewed file is no longer held; upload it again.")


class ReportingDeadlineInline(admin.TabularInline):
    model = ReportingDeadline
    extra = 0


class ReportingAssignmentInline(admin.TabularInline):
    model = ReportingAssignment
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "frequency", "level", "by_sex", "first_year", "last_year"]


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(AuditTrailAdmin):
    list_display = ["programme", "from_year", "to_year", "half_year_due_days", "year_due_days"]
    from_year = plain_number_column("first_year", _("first year"))
    to_year = plain_number_column("last_year", _("last year"))
    list_select_related = ["programme"]
    autocomplete_fields = ["programme"]
    inlines = [ReportingAssignmentInline, ReportingDeadlineInline]


@admin.register(ValidationRule)
class ValidationRuleAdmin(AuditTrailAdmin):
    list_display = ["name", "phase", "left", "operator", "right", "importance"]
    list_filter = ["phase", "importance"]
    list_select_related = ["phase__programme"]
    search_fields = ["name", "left", "right"]
    autocomplete_fields = ["phase"]


@admin.register(ValueBounds)
class ValueBoundsAdmin(AuditTrailAdmin):
    list_display = ["indicator", "minimum", "maximum"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    search_fields = ["indicator__code"]


class EntryFormForm(forms.Form):
    phase = forms.ModelChoiceField(Phase.objects.select_related("programme"), label=_("phase"))
    area = forms.CharField(label=_("area code"), max_length=20)
    period = forms.CharField(label=_("period"), max_length=6, help_text=_("2020, 2020S1 or 2020S2"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_area(self) -> Area:
        area = Area.objects.filter(code=self.cleaned_data["area"].strip()).first()
        if area is None or not area_in_scope(self.user, area):
            raise forms.ValidationError(_("No area with this code among yours."))
        return area

    def clean_period(self) -> str:
        try:
            return check_period(self.cleaned_data["period"].strip())
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["period"]) from None


class UploadForm(forms.Form):
    file = forms.FileField(label=_("filled form (.xlsx) or CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s KB.") % {"max": MAX_FILE_BYTES // 1024}
            )
        return upload


@admin.register(FigureImport)
class FigureImportAdmin(admin.ModelAdmin):
    """The imports done, read-only; "add" is the import page."""

    list_display = ["file_name", "imported_at", "user", "created", "updated", "unchanged"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in FigureImport._meta.fields]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def may_import(self, request: HttpRequest) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "form/",
                self.admin_site.admin_view(self.entry_form_view),
                name="collection_figureimport_form",
            ),
            *super().get_urls(),
        ]

    def entry_form_view(self, request: HttpRequest) -> HttpResponse:
        """The entry form for the phase, area and period asked for, as a download."""
        if not request.user.has_perm("indicators.view_measurement"):
            raise PermissionDenied
        form = EntryFormForm(request.GET or None, user=request.user)
        if not form.is_valid():
            return redirect(
                reverse("admin:collection_figureimport_add") + "?" + request.GET.urlencode()
            )
        data = form.cleaned_data
        content = entry_form_xlsx(
            entry_form(phase=data["phase"], area=data["area"], period=data["period"])
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"bieu-nhap-{data['area'].code}-{data['period']}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Download a form; upload it filled, see what it does, then import it."""
        if not self.may_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import figures from Excel"),
            "download": EntryFormForm(request.GET or None, user=request.user),
            "upload": UploadForm(),
        }
        if request.method == "POST":
            response = self._post(request, context)
            if response is not None:
                return response
        return TemplateResponse(request, "admin/collection/figureimport/import.html", context)

    def _post(self, request: HttpRequest, context: dict) -> HttpResponse | None:
        if "import" in request.POST:
            held = request.session.get(SESSION_KEY)
            if not held or held["sha256"] != request.POST.get("sha256"):
                messages.error(request, PREVIEW_EXPIRED)
                return None
            name, content = held["name"], base64.b64decode(held["content"])
            dry_run = False
        else:
            upload = UploadForm(request.POST, request.FILES)
            context["upload"] = upload
            if not upload.is_valid():
                return None
            name, content = upload.cleaned_data["file"].name, upload.cleaned_data["file"].read()
            dry_run = True
        context["file_name"] = name
        try:
            outcome = figures_import(name=name, content=content, user=request.user, dry_run=dry_run)
        except ImportRefused as refused:
            context["errors_by_sheet"] = [
                (sheet, list(problems))
                for sheet, problems in groupby(refused.problems, key=lambda p: p.sheet or "")
            ]
            request.session.pop(SESSION_KEY, None)
            return None
        except FigureRefused as refused:
            context["refused"] = str(refused)
            request.session.pop(SESSION_KEY, None)
            return None
        if not dry_run:
            request.session.pop(SESSION_KEY, None)
            counts = {
                "created": outcome.created,
                "changed": outcome.updated,
                "unchanged": outcome.unchanged,
            }
            messages.success(request, IMPORTED % counts)
            return redirect("admin:collection_figureimport_changelist")
        sha256 = hashlib.sha256(content).hexdigest()
        request.session[SESSION_KEY] = {
            "name": name,
            "sha256": sha256,
            "content": base64.b64encode(content).decode("ascii"),
        }
        context.update({"outcome": outcome, "sha256": sha256})
        return None
