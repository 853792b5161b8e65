"""Admin forms for decisions and their recipients; every rule they apply is a service's.

The forms translate what a person typed into the services' inputs and put the
services' messages next to the fields they concern, before anything is written.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError

from awards.models import AwardDecision, Commendation
from awards.services import (
    DECISION_FIELDS,
    RecipientInput,
    award_decision_clean,
    commendation_clean,
)
from programmes.admin import add_service_errors, preload_autocomplete

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
    """Gives every row the decision being edited, so no row loads it again."""

    def _construct_form(self, i: int, **kwargs) -> forms.ModelForm:
        form = super()._construct_form(i, **kwargs)
        form.instance.decision = self.instance
        return form
