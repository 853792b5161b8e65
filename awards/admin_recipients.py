"""The award decision admin's recipient-list upload: the templates, the upload, its preview
and its confirmation. Mixed into `AwardDecisionAdmin`."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from awards.forms import (
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
from awards.models import AwardDecision, Commendation
from awards.services import (
    BatchInvalid,
    ImportedRecipient,
    commendations_import,
)

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


class RecipientListUploadMixin:
    """The recipient-list templates and upload pages of a decision's admin."""

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
            refused = self._confirm(request, decision)
            if refused is None:
                return redirect(change_url)
            errors = refused
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

    def _confirm(self, request: HttpRequest, decision: AwardDecision) -> list[LineError] | None:
        """Write the previewed rows the confirmation carries: None, or why nothing was."""
        confirm = RecipientListConfirmForm(request.POST, decision=decision)
        if not confirm.is_valid():
            return [LineError(None, "", m) for m in confirm.errors.get("payload", [])]
        rows = confirm.cleaned_data["payload"]["rows"]
        file_name = confirm.cleaned_data["payload"]["file"]
        try:
            created = commendations_import(decision=decision, rows=rows)
        except BatchInvalid as error:
            return _batch_errors(rows, error)
        message = RECIPIENTS_ADDED % {"count": len(created), "file": file_name}
        self.log_change(request, decision, str(message))
        self.message_user(request, message, messages.SUCCESS)
        return None

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
