"""Admin forms for decisions and their recipients; every rule they apply is a service's.

The forms translate what a person typed into the services' inputs and put the
services' messages next to the fields they concern, before anything is written.
"""

import copy

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.imports import FILE_TOO_LARGE, MAX_FILE_BYTES, MAX_ROWS
from awards.models import AwardDecision, Commendation
from awards.services import (
    DECISION_FIELDS,
    ImportedRecipient,
    RecipientInput,
    award_decision_clean,
    commendation_clean,
    repeated_recipients,
)
from core.admin import add_service_errors, preload_autocomplete
from core.numbers import kilobytes

REQUIRED_TO_CHECK = ("number", "signed_on", "issuer_level", "form")


class AwardDecisionForm(forms.ModelForm):
    """A decision, checked by `award_decision_clean` on a copy, so nothing is written."""

    class Meta:
        model = AwardDecision
        fields = list(DECISION_FIELDS)

    def clean(self) -> dict:
        cleaned = super().clean()
        if any(cleaned.get(name) in (None, "") for name in REQUIRED_TO_CHECK):
            return cleaned  # a missing field already carries its own error
        candidate = copy.copy(self.instance)
        for name in DECISION_FIELDS:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        try:
            award_decision_clean(candidate)
        except ValidationError as error:
            add_service_errors(self, error)
        else:
            cleaned["number"] = candidate.number
            cleaned["programme"] = candidate.programme
        return cleaned


class CommendationInlineForm(forms.ModelForm):
    """One recipient row, checked by `commendation_clean` against the decision above it."""

    class Meta:
        model = Commendation
        fields = ["recipient_kind", "name", "sex", "position", "organisation", "area"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        area = self.instance.area if self.instance.area_id else None
        preload_autocomplete(self, "area", area)

    def recipient(self) -> RecipientInput:
        """The row as the services take it."""
        data = self.cleaned_data
        return RecipientInput(
            recipient_kind=data.get("recipient_kind") or "",
            name=data.get("name") or "",
            sex=data.get("sex") or "",
            position=data.get("position") or "",
            organisation=data.get("organisation") or "",
            area=data.get("area"),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE") or not cleaned.get("recipient_kind"):
            return cleaned
        try:
            commendation_clean(decision=self.instance.decision, recipient=self.recipient())
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned


class CommendationInlineFormSet(forms.BaseInlineFormSet):
    """The decision's recipients; a recipient named twice is refused, as in the upload.

    Gives every row the decision being edited, so no row loads it again.
    """

    def _construct_form(self, i: int, **kwargs) -> forms.ModelForm:
        form = super()._construct_form(i, **kwargs)
        form.instance.decision = self.instance
        return form

    def clean(self) -> None:
        super().clean()
        # New and changed rows are checked against each other and against the
        # recipients the decision keeps: its unchanged rows and any not on this page.
        # Changed and deleted rows stand for what they replace.
        rows, lines, replacing = [], [], []
        for line, form in enumerate(self.forms, start=1):
            # `deleted_forms` would be empty while any row has an error.
            deleted = self.can_delete and self._should_delete_form(form)
            if form.instance.pk is not None and (deleted or form.has_changed()):
                replacing.append(form.instance.pk)
            if deleted or not form.has_changed() or not form.cleaned_data.get("recipient_kind"):
                continue
            rows.append(form)
            lines.append(line)
        repeated = repeated_recipients(
            decision=self.instance,
            rows=[form.recipient() for form in rows],
            lines=lines,
            replacing=replacing,
        )
        for index, message in repeated.items():
            rows[index].add_error("name", message)


UPLOAD_LIMITS = _("At most %(rows)s recipients and %(size)s KB.")


class RecipientListUploadForm(forms.Form):
    """The file attached to a decision, refused before it is read if it is too large."""

    file = forms.FileField(label=_("Recipient list (.xlsx or .csv)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = UPLOAD_LIMITS % {
            "rows": MAX_ROWS,
            "size": kilobytes(MAX_FILE_BYTES),
        }

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_FILE_BYTES:
            raise ValidationError(
                FILE_TOO_LARGE
                % {"size": kilobytes(uploaded.size), "max": kilobytes(MAX_FILE_BYTES)}
            )
        return uploaded


# Rows carried from the preview to the confirmation are signed, so they cannot be
# altered on the way, and expire, so an old preview is not confirmed by mistake.
PREVIEW_MAX_AGE_SECONDS = 60 * 60
PREVIEW_EXPIRED = _("The preview has expired; upload the file again.")
PREVIEW_UNREADABLE = _("The preview could not be read; upload the file again.")
PREVIEW_FIELDS = ("line", "recipient_kind", "name", "sex", "position", "organisation", "area_code")


def _preview_salt(decision: AwardDecision) -> str:
    return f"awards.recipient-list.{decision.pk}"


def sign_preview(decision: AwardDecision, file_name: str, rows: list[ImportedRecipient]) -> str:
    """The checked rows as a signed, compressed token for the confirmation form."""
    payload = {
        "file": file_name,
        "rows": [[getattr(row, name) for name in PREVIEW_FIELDS] for row in rows],
    }
    return signing.dumps(payload, salt=_preview_salt(decision), compress=True)


class RecipientListConfirmForm(forms.Form):
    """Confirms a previewed list: the signed rows come back exactly as they were shown."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, decision: AwardDecision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean_payload(self) -> dict:
        try:
            payload = signing.loads(
                self.cleaned_data["payload"],
                salt=_preview_salt(self.decision),
                max_age=PREVIEW_MAX_AGE_SECONDS,
            )
        except signing.SignatureExpired:
            raise ValidationError(PREVIEW_EXPIRED) from None
        except signing.BadSignature:
            raise ValidationError(PREVIEW_UNREADABLE) from None
        rows = [
            ImportedRecipient(**dict(zip(PREVIEW_FIELDS, row, strict=True)))
            for row in payload["rows"]
        ]
        return {"file": payload["file"], "rows": rows}
