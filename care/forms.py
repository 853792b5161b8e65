"""The care admin's forms: each runs its record's service check, so a refused record
shows the service's messages on the form and nothing is written; and the saves that hand
what a form was given to the services.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model

from care.models import CareModel, CareModelReport, Contribution
from care.services import (
    care_model_clean,
    care_model_create,
    care_model_report_clean,
    care_model_report_create,
    care_model_report_update,
    care_model_update,
    contribution_clean,
    contribution_create,
    contribution_update,
    group_errors,
    report_total,
)
from care.services.care_models import CARE_MODEL_FIELDS
from care.services.contributions import CONTRIBUTION_FIELDS
from care.services.reports import REPORT_FIELDS
from core.admin import add_service_errors, adopt


class ServiceCheckedForm(forms.ModelForm):
    """A model form that runs a service's check on the instance after the model's own."""

    def service_clean(self, instance: Model) -> None:
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        if any(name != NON_FIELD_ERRORS for name in self.errors):
            return
        try:
            self.service_clean(self.instance)
        except ValidationError as error:
            # The service's messages say what to do; they replace the generic
            # "constraint … is violated" the model's own check may have added.
            self._errors.pop(NON_FIELD_ERRORS, None)
            add_service_errors(self, error)


def save_care_model(obj: CareModel, form: forms.BaseForm) -> None:
    """Create or update `obj` through the services, with the values its form was given."""
    data = {name: form.cleaned_data[name] for name in CARE_MODEL_FIELDS if name in form.fields}
    if obj.pk is None:
        adopt(obj, care_model_create(**data))
    else:
        care_model_update(care_model=obj, **data)


def save_report(obj: CareModelReport, form: forms.BaseForm, groups: dict | None = None) -> None:
    """Create or update a report through the services; `groups` replaces its groups."""
    data = {name: value for name, value in form.cleaned_data.items() if name in REPORT_FIELDS}
    if obj.pk is None:
        adopt(obj, care_model_report_create(**data, groups=groups))
    else:
        care_model_report_update(report=obj, groups=groups, **data)


def save_contribution(obj: Contribution, form: forms.BaseForm) -> None:
    data = {n: v for n, v in form.cleaned_data.items() if n in CONTRIBUTION_FIELDS}
    if obj.pk is None:
        adopt(obj, contribution_create(**data))
    else:
        contribution_update(contribution=obj, **data)


class CareModelForm(ServiceCheckedForm):
    def service_clean(self, instance: CareModel) -> None:
        care_model_clean(instance)


class CareModelReportForm(ServiceCheckedForm):
    def service_clean(self, instance: CareModelReport) -> None:
        if instance.care_model_id is None and getattr(instance, "care_model", None) is None:
            return
        care_model_report_clean(instance)


class ContributionForm(ServiceCheckedForm):
    def service_clean(self, instance: Contribution) -> None:
        contribution_clean(instance)


class GroupFormSet(forms.BaseInlineFormSet):
    """Counts by group: each at most the children the report reached."""

    def clean(self) -> None:
        super().clean()
        total = report_total(self.instance)
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("group"):
                continue
            for message in group_errors({data["group"]: data.get("children")}, total):
                form.add_error("children", message)
