"""The admin's page for recording a reorganisation of the units selected on the area list:
a merger, a split, a renaming or a move, with its date and reason, through
`programmes.reorganisations` (whose refusals come back on the form, nothing written)."""

from collections.abc import Sequence

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import add_service_errors
from programmes.models import Area, AreaKind, AreaLevel
from programmes.reorganisations import (
    NewUnit,
    area_merge,
    area_rename,
    area_reparent,
    area_split,
)

MERGE, SPLIT, RENAME, MOVE = "merge", "split", "rename", "move"
OPERATIONS = [
    (MERGE, _("Merge the selected units into a new one")),
    (SPLIT, _("Split the selected unit")),
    (RENAME, _("Rename the selected unit")),
    (MOVE, _("Move the selected unit under another parent")),
]
ONE_UNIT = _("Select exactly one unit for a split, a renaming or a move.")
REQUIRED_FOR = _("Required for this kind of reorganisation.")
UNKNOWN_CODE = _("No unit has the code %(code)s.")
DONE = _("Recorded: %(units)s.")


class ReorganisationForm(forms.Form):
    operation = forms.ChoiceField(label=_("reorganisation"), choices=OPERATIONS)
    on = forms.DateField(
        label=_("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The first day of the new arrangement; the units that end close the day before."
        ),
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision that ordered it; kept in the history of every unit changed."),
    )
    code = forms.CharField(
        label=_("code"),
        max_length=20,
        required=False,
        help_text=_(
            "Merger: the new unit's code. Renaming: a code for a new unit succeeding "
            "the old one, or empty to rename in place."
        ),
    )
    official_code = forms.CharField(label=_("official code"), max_length=10, required=False)
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", "---------"), *AreaKind.choices], required=False
    )
    parent = forms.ModelChoiceField(
        label=_("parent area"),
        queryset=Area.objects.exclude(level=AreaLevel.COMMUNE),
        to_field_name="code",
        widget=forms.TextInput,
        required=False,
        help_text=_("By code: the new unit's parent (merger, split) or the new parent (move)."),
    )
    successors = forms.CharField(
        label=_("successors"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Split: one unit a line, “code; name” for a new unit or the code of an "
            "existing unit taking over a part."
        ),
    )
    principal = forms.CharField(
        label=_("principal successor"),
        max_length=20,
        required=False,
        help_text=_("Split: the code of the successor the unit's figures pass to."),
    )

    def __init__(self, *args, areas: Sequence[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)

    def clean(self) -> dict:
        data = super().clean()
        operation = data.get("operation")
        if operation != MERGE and len(self.areas) != 1:
            self.add_error(None, ONE_UNIT)
        needed = {MERGE: ["code", "name"], SPLIT: ["successors"], RENAME: ["name"]}
        for name in needed.get(operation, []):
            if not data.get(name):
                self.add_error(name, REQUIRED_FOR)
        if operation == SPLIT and data.get("successors"):
            data["into"] = self._successors(data["successors"], data)
        return data

    def _successors(self, text: str, data: dict) -> list[NewUnit | Area]:
        lines = [line.split(";", 1) for line in text.splitlines() if line.strip()]
        existing = Area.objects.in_bulk(
            [line[0].strip() for line in lines if len(line) == 1], field_name="code"
        )
        split = self.areas[0] if self.areas else None
        into: list[NewUnit | Area] = []
        for line in lines:
            code = line[0].strip()
            if len(line) == 2:
                into.append(
                    NewUnit(
                        code=code,
                        name=line[1].strip(),
                        kind=data.get("kind") or (split.kind if split else ""),
                        parent=data.get("parent") or (split.parent if split else None),
                    )
                )
            elif code in existing:
                into.append(existing[code])
            else:
                self.add_error("successors", UNKNOWN_CODE % {"code": code})
        if into and not data.get("principal"):
            data["principal"] = into[0].code
        return into


def _record(form: ReorganisationForm, user) -> list[Area]:
    """Call the service the form names; its ValidationError goes back to the caller."""
    data, areas = form.cleaned_data, form.areas
    common = {"on": data["on"], "user": user, "reason": data["reason"]}
    operation = data["operation"]
    if operation == MERGE:
        merged = area_merge(
            areas=areas,
            into_code=data["code"],
            into_name=data["name"],
            into_official_code=data["official_code"],
            kind=data["kind"],
            parent=data["parent"],
            **common,
        )
        return [merged]
    if operation == SPLIT:
        return area_split(area=areas[0], into=data["into"], principal=data["principal"], **common)
    if operation == RENAME:
        renamed = area_rename(
            area=areas[0],
            name=data["name"],
            code=data["code"],
            kind=data["kind"] or None,
            official_code=data["official_code"] or None,
            **common,
        )
        return [renamed]
    return [area_reparent(area=areas[0], parent=data["parent"], **common)]


def reorganise(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset
) -> HttpResponse | None:
    """The action: ask on an intermediate page, record through the service, say what."""
    areas = list(queryset.select_related("parent").order_by("code"))
    given = "reorganisation_given" in request.POST
    form = ReorganisationForm(request.POST if given else None, areas=areas)
    if form.is_valid():
        try:
            units = _record(form, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = ", ".join(f"{unit.name} ({unit.code})" for unit in units)
            model_admin.message_user(request, DONE % {"units": names}, messages.SUCCESS)
            return None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Record a merger or split"),
        "form": form,
        "areas": areas,
        "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/programmes/area/reorganise.html", context)
