"""Admin for award forms, decisions and the recipients each decision names.

Decisions and their recipients are written only through `awards.services`: the forms
check with the services, and `save_model` / `save_formset` save with them.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from awards.admin_privacy import RecipientDetailsAdmin
from awards.forms import (
    AwardDecisionForm,
    CommendationInlineForm,
    CommendationInlineFormSet,
    RecipientListConfirmForm,
    RecipientListUploadForm,
    sign_preview,
)
from awards.imports import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    read_recipient_list,
    template_csv,
    template_xlsx,
)
from awards.models import AwardDecision, AwardForm, Commendation
from awards.privacy import PERSONAL_FIELDS, reads_every_recipient
from awards.services import (
    DECISION_FIELDS,
    BatchInvalid,
    ImportedRecipient,
    award_decision_create,
    award_decision_update,
    commendation_create,
    commendations_import,
    commendations_update_many,
)
from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    LocalNumbersMixin,
    PreloadedAutocompleteSelect,
    plain_number_column,
)
from programmes.admin import PhaseListFilter
from programmes.models import Phase


@admin.register(AwardForm)
class AwardFormAdmin(LocalNumbersMixin, admin.ModelAdmin):
    """The forms the law defines: seeded by a migration, not added or removed by hand.

    Names and bonus coefficients may be corrected; who issues a form and whom it may
    be given to are the law's and stay as seeded.
    """

    list_display = [
        "name_vi",
        "name_en",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
        "bonus_coefficient_individual",
        "bonus_coefficient_collective",
        "bonus_coefficient_household",
    ]
    list_filter = ["issuer_level", "kind"]
    search_fields = ["code", "name_vi", "name_en"]
    fields = [
        "code",
        "name_vi",
        "name_en",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
        "bonus_coefficient_individual",
        "bonus_coefficient_collective",
        "bonus_coefficient_household",
    ]
    readonly_fields = [
        "code",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AwardForm | None = None) -> bool:
        return False


class CommendationInline(LocalNumbersMixin, admin.TabularInline):
    """A decision's recipients, one row each; the bonus is computed, never typed."""

    model = Commendation
    form = CommendationInlineForm
    formset = CommendationInlineFormSet
    fields = ["recipient_kind", "name", "sex", "position", "organisation", "area", "bonus"]
    readonly_fields = ["bonus"]
    autocomplete_fields = ["area"]
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("area")

    def get_fields(self, request: HttpRequest, obj=None) -> list:
        # One set of columns for every row: the details only for those who read them all.
        if reads_every_recipient(request.user):
            return self.fields
        return [name for name in self.fields if name not in PERSONAL_FIELDS]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "area":
            # Labels the chosen area from the row already loaded, not a query per row.
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


NOTHING_ADDED = _("Nothing was added; correct the lines listed below and upload the file again.")
RECIPIENTS_ADDED = _("Added %(count)s recipients from %(file)s.")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class LineError:
    """A problem to show on the upload page: its line in the file (None for the file)."""

    line: int | None
    column: str
    message: str


def _column_label(field: str | None) -> str:
    if not field:
        return ""
    if field == "area_code":
        field = "area"
    try:
        return str(Commendation._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _batch_errors(rows: list[ImportedRecipient], error: BatchInvalid) -> list[LineError]:
    return [
        LineError(rows[index].line, _column_label(field), message)
        for index, fields in error.row_errors.items()
        for field, items in fields.items()
        for message in items
    ]


@admin.register(AwardDecision)
class AwardDecisionAdmin(AccentInsensitiveSearchMixin, AuditTrailAdmin):
    form = AwardDecisionForm
    change_form_template = "admin/awards/awarddecision/change_form.html"
    list_display = [
        "number",
        "signed_on",
        "issuer_level",
        "form",
        "programme",
        "phase",
        "recipients",
        "legal_regime",
    ]
    list_filter = [
        "issuer_level",
        "form",
        "year",
        ("programme", admin.RelatedFieldListFilter),
        ("phase", PhaseListFilter),
        "occasion",
        "legal_regime",
    ]
    list_select_related = ["form", "programme", "phase__programme"]
    date_hierarchy = "signed_on"
    search_fields = ["number", "issuer_name"]
    # Finds a decision by any of its recipients, "Nguyen Thi Lan" for "Nguyễn Thị Lan".
    search_key_fields = ("commendations__search_text",)
    fieldsets = [
        (None, {"fields": ["number", "signed_on", "issuer_level", "issuer_name", "form"]}),
        (_("Signature"), {"fields": ["signer_name", "signer_capacity"]}),
        (
            _("Context"),
            {"fields": ["reason", "occasion", "programme", "phase", "base_salary"]},
        ),
        (_("Derived"), {"fields": ["signed_year", "legal_regime"]}),
    ]
    readonly_fields = ["signed_year", "legal_regime"]
    signed_year = plain_number_column("year", _("year"))
    inlines = [CommendationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(recipient_count=Count("commendations"))

    def get_urls(self) -> list[URLPattern]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "recipient-list-template.xlsx",
                wrap(self.template_xlsx_view),
                name=f"{info}_recipient_template_xlsx",
            ),
            path(
                "recipient-list-template.csv",
                wrap(self.template_csv_view),
                name=f"{info}_recipient_template_csv",
            ),
            path(
                "<path:object_id>/recipient-list/",
                wrap(self.upload_recipients_view),
                name=f"{info}_upload_recipients",
            ),
            *super().get_urls(),
        ]

    def template_xlsx_view(self, request: HttpRequest) -> HttpResponse:
        """The recipient-list template as an Excel workbook."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="danh-sach-khen-thuong.xlsx"'
        return response

    def template_csv_view(self, request: HttpRequest) -> HttpResponse:
        """The recipient-list template as CSV (UTF-8 with a byte-order mark)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="danh-sach-khen-thuong.csv"'
        return response

    def upload_recipients_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Add a decision's attached recipient list from a file, after a preview.

        Uploading checks every row through `commendations_import` with `dry_run` and
        shows either every bad line with its reason or the recipients as they would be
        saved; only the confirmation, which carries the previewed rows signed, writes,
        and it writes every row or none.
        """
        decision = self.get_object(request, unquote(object_id))
        if decision is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (
            self.has_change_permission(request, decision)
            and request.user.has_perm("awards.add_commendation")
        ):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[decision.pk],
            current_app=self.admin_site.name,
        )
        upload_form = RecipientListUploadForm()
        errors: list[LineError] = []
        preview = None
        if request.method == "POST" and "payload" in request.POST:
            confirm = RecipientListConfirmForm(request.POST, decision=decision)
            if confirm.is_valid():
                rows = confirm.cleaned_data["payload"]["rows"]
                file_name = confirm.cleaned_data["payload"]["file"]
                try:
                    created = commendations_import(decision=decision, rows=rows)
                except BatchInvalid as error:
                    errors = _batch_errors(rows, error)
                else:
                    message = RECIPIENTS_ADDED % {"count": len(created), "file": file_name}
                    self.log_change(request, decision, str(message))
                    self.message_user(request, message, messages.SUCCESS)
                    return redirect(change_url)
            else:
                errors = [LineError(None, "", m) for m in confirm.errors.get("payload", [])]
        elif request.method == "POST":
            upload_form = RecipientListUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                uploaded = upload_form.cleaned_data["file"]
                errors, preview = self._preview(decision, uploaded.name, uploaded.read())
        if errors:
            self.message_user(request, NOTHING_ADDED, messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": decision,
            "title": _("Upload the recipient list"),
            "change_url": change_url,
            "upload_form": upload_form,
            "errors": sorted(errors, key=lambda e: (e.line is not None, e.line or 0)),
            "preview": preview,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "max_kilobytes": MAX_FILE_BYTES // 1024,
        }
        return TemplateResponse(
            request, "admin/awards/awarddecision/upload_recipients.html", context
        )

    def _preview(
        self, decision: AwardDecision, file_name: str, content: bytes
    ) -> tuple[list[LineError], dict | None]:
        """Every problem of the file, or the recipients it would add and the signed rows."""
        parsed = read_recipient_list(file_name, content)
        errors = [LineError(e.line, _column_label(e.field), e.message) for e in parsed.errors]
        if any(error.line is None for error in errors) or not parsed.rows:
            return errors, None
        try:
            commendations = commendations_import(decision=decision, rows=parsed.rows, dry_run=True)
        except BatchInvalid as error:
            return errors + _batch_errors(parsed.rows, error), None
        if errors:
            return errors, None
        bonuses = [c.bonus for c in commendations if c.bonus is not None]
        return [], {
            "file": file_name,
            "rows": list(zip(parsed.rows, commendations, strict=True)),
            "count": len(commendations),
            "by_kind": {
                str(label): sum(1 for c in commendations if c.recipient_kind == kind)
                for kind, label in Commendation._meta.get_field("recipient_kind").choices
            },
            "total_bonus": sum(bonuses) if bonuses else None,
            "confirm_form": RecipientListConfirmForm(
                initial={"payload": sign_preview(decision, file_name, parsed.rows)},
                decision=decision,
            ),
        }

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A decision matches once per recipient that matches: ask for distinct rows.
        return matched, may_have_duplicates or bool(search_term.strip())

    @admin.display(description=_("recipients"), ordering="recipient_count")
    def recipients(self, decision: AwardDecision) -> int:
        return decision.recipient_count

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "phase":
            # A phase is named with its programme's code: load both in one query.
            kwargs["queryset"] = Phase.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: AwardDecision, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in DECISION_FIELDS}
        if change:
            saved = award_decision_update(decision=obj, **data)
        else:
            saved = award_decision_create(**data)
        # The admin logs, saves the inlines and redirects with `obj`: make it the row
        # the service wrote.
        for field in AwardDecision._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Commendation:
            super().save_formset(request, form, formset, change)
            return
        decision = form.instance
        # Lets the formset list what is new, changed and deleted for the admin's log;
        # with commit=False it writes nothing.
        formset.save(commit=False)
        for commendation in formset.deleted_objects:
            commendation.delete()
        rows = [
            row for row in formset.forms if row not in formset.deleted_forms and row.has_changed()
        ]
        for row in rows:
            row.instance.decision = decision
        # The changed rows together, so that two recipients may swap names in one save;
        # then the new rows, against the decision as it now stands.
        commendations_update_many(
            decision=decision,
            changes=[(row.instance, row.recipient()) for row in rows if row.instance.pk],
        )
        for row in rows:
            if row.instance.pk is None:
                created = commendation_create(decision=decision, **vars(row.recipient()))
                for field in Commendation._meta.concrete_fields:
                    setattr(row.instance, field.attname, getattr(created, field.attname))
                row.instance._state.adding = False


@admin.register(Commendation)
class CommendationAdmin(RecipientDetailsAdmin, AccentInsensitiveSearchMixin, AuditTrailAdmin):
    """Every recipient across decisions, to look one up; edited on its decision's page."""

    list_display = [
        "name",
        "recipient_kind",
        "sex",
        "position",
        "organisation",
        "area",
        "decision",
        "form_name",
        "bonus",
    ]
    list_filter = [
        "recipient_kind",
        "sex",
        "decision__issuer_level",
        "decision__form",
        "decision__year",
        ("decision__phase", PhaseListFilter),
    ]
    list_select_related = ["decision__form", "area"]
    search_fields = ["decision__number"]
    search_key_fields = ("search_text",)
    fields = [
        "decision",
        "recipient_kind",
        "name",
        "sex",
        "position",
        "organisation",
        "area",
        "bonus",
    ]

    @admin.display(description=_("award form"), ordering="decision__form__name_vi")
    def form_name(self, commendation: Commendation) -> str:
        return commendation.decision.form.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Commendation | None = None) -> bool:
        return False
