"""Admin forms for targets and figures; every rule they apply comes from the services.

The forms only translate between what a person typed and the services' inputs, and put
the services' messages next to the fields they concern.
"""

from django import forms
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from core.admin import (
    CheckedAutocompleteSelect,
    ServiceErrorsForm,
    add_service_errors,
    preload_autocomplete,
)
from core.number_fields import LocalNumberField, LocalNumberInput
from indicators.fields import TARGET_FIELDS
from indicators.formatting import format_value
from indicators.models import Indicator, Measurement, ReportingFrequency, Sex, Target
from indicators.services import (
    CHANGEABLE,
    FigureInput,
    area_refusal,
    phase_refusal,
    target_clean,
)
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Phase

# Room for a mistyped period, so that "2020S12" gets the service's explanation rather
# than a bare "at most 6 characters".
PERIOD_INPUT_LENGTH = 20


def _cached(instance, name: str):
    """The related object `name` of `instance` if it is already loaded, else None."""
    field = instance._meta.get_field(name)
    return getattr(instance, name) if field.is_cached(instance) else None


class TargetForm(forms.ModelForm):
    """A target, checked by `target_clean` against its phase, area and unit."""

    class Meta:
        model = Target
        fields = TARGET_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        preload_autocomplete(self, "area", _cached(self.instance, "area"))
        preload_autocomplete(self, "indicator", _cached(self.instance, "indicator"))
        if "sex" in self.fields:
            # A target that names no sex is a target for the total (the model's default).
            self.fields["sex"].required = False

    def clean_sex(self) -> str:
        return self.cleaned_data.get("sex") or Sex.TOTAL

    def clean(self) -> dict:
        cleaned = super().clean()
        indicator = cleaned.get("indicator") or _cached(self.instance, "indicator")
        area = cleaned.get("area")
        if indicator is None or area is None:
            return cleaned
        if indicator.phase_id is None:
            # On the indicator's add page the inline sees an unsaved indicator whose
            # phase is only copied from its objective on save.
            if indicator.objective_id is None:
                return cleaned
            indicator.phase = indicator.objective.phase
        candidate = Target(
            indicator=indicator,
            area=area,
            year=cleaned.get("year"),
            sex=cleaned.get("sex") or Sex.TOTAL,
            comparator=cleaned.get("comparator"),
            value=cleaned.get("value"),
            value_max=cleaned.get("value_max"),
            baseline_value=cleaned.get("baseline_value"),
            baseline_year=cleaned.get("baseline_year"),
        )
        try:
            target_clean(candidate)
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned


class MeasurementForm(ServiceErrorsForm, forms.ModelForm):
    """One figure as the user typed it; `measurement_save` or `measurement_change` decides.

    The form checks only what its fields say (a number, a known area); every rule of a
    figure is the service's, which the admin calls in `save_model`, and the service's
    refusal comes back here (`ServiceErrorsForm`) next to the field it concerns.
    """

    period = forms.CharField(
        label=Measurement._meta.get_field("period").verbose_name,
        help_text=Measurement._meta.get_field("period").help_text,
        max_length=PERIOD_INPUT_LENGTH,
    )
    # The version of the figure this form was opened on: saving over a newer one is
    # refused with a message instead of silently undoing someone else's change.
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Measurement
        fields = ["indicator", "area", "period", "sex", "value", "numerator", "denominator", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "value" in self.fields:
            # A rate may be given by its numerator and denominator alone.
            self.fields["value"].required = False
            self.fields["value"].help_text = _(
                "For a rate you may leave this empty and give the numerator and denominator."
            )
        preload_autocomplete(self, "area", _cached(self.instance, "area"))
        preload_autocomplete(self, "indicator", _cached(self.instance, "indicator"))
        indicator = _cached(self.instance, "indicator")
        if indicator is not None and isinstance(self.fields.get("value"), LocalNumberField):
            # Shown with the indicator's decimals; sent back unchanged, kept as stored.
            value = self.fields["value"]
            value.set_places(indicator.places)
            value.stored = self.instance.value
            value.whole = indicator.counts
        if self.instance.pk is not None and "read_version" in self.fields:
            self.fields["read_version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The model's checks are the service's, run when the admin saves (one door).
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)

    def new_figure(self) -> FigureInput:
        """A new figure as typed; version 0: the user saw no figure at this key."""
        data = self.cleaned_data
        return FigureInput(
            **{name: data[name] for name in ("indicator", "area", "period", "sex")},
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=data.get("note", ""),
            version=0,
        )

    def changes(self) -> dict:
        """What the user changed of a stored figure's numbers and note."""
        return {name: self.cleaned_data[name] for name in CHANGEABLE if name in self.changed_data}


NO_HALF_YEARLY_INDICATOR = _(
    "No indicator of this phase is reported six-monthly; choose the whole year."
)
HALF_CHOICES = [("", _("whole year")), ("S1", _("first half-year")), ("S2", _("second half-year"))]


class GridSelectionForm(forms.Form):
    """Which phase, area and year the grid shows; read from the query string."""

    phase = forms.ModelChoiceField(
        label=_("phase"), queryset=Phase.objects.select_related("programme")
    )
    area = forms.ModelChoiceField(label=_("area"), queryset=Area.objects.all())
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    half = forms.ChoiceField(label=_("period"), choices=HALF_CHOICES, required=False)

    def __init__(self, *args, admin_site: AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Areas can be 10,000 communes: pick them with the admin's own autocomplete.
        area = self.fields["area"]
        area.widget = CheckedAutocompleteSelect(Measurement._meta.get_field("area"), admin_site)
        area.widget.choices = area.choices  # what ModelChoiceField does for its own widget
        self._half_yearly: bool | None = None

    def half_yearly(self, phase: Phase) -> bool:
        """Whether any indicator of the phase is reported six-monthly (one query, once)."""
        if self._half_yearly is None:
            self._half_yearly = Indicator.objects.filter(
                phase=phase, reporting_frequency=ReportingFrequency.HALF_YEAR
            ).exists()
        return self._half_yearly

    @property
    def period(self) -> str:
        return f"{self.cleaned_data['year']}{self.cleaned_data.get('half') or ''}"

    def clean(self) -> dict:
        cleaned = super().clean()
        phase, area, year = cleaned.get("phase"), cleaned.get("area"), cleaned.get("year")
        if phase is None or year is None:
            return cleaned
        if refusal := phase_refusal(phase, year):
            self.add_error("year", refusal)
        elif cleaned.get("half") and not self.half_yearly(phase):
            self.add_error("half", NO_HALF_YEARLY_INDICATOR)
        elif area is not None and (refusal := area_refusal(area, self.period)):
            self.add_error("area", refusal)
        return cleaned


# The numbers a figure is given by: a rate may have all three, other units only a value.
RATIO_PARTS = ("value", "numerator", "denominator")


def grid_sexes(indicator: Indicator, existing: dict[str, Measurement]) -> list[str]:
    """The sexes an indicator's row takes: the total, and female and male only for an
    indicator reported by sex (or one that already has figures by sex, kept visible)."""
    if indicator.by_sex or any(sex != Sex.TOTAL for sex in existing):
        return list(Sex.values)
    return [Sex.TOTAL]


class GridRowForm(forms.Form):
    """One indicator's row of the grid: value (and ratio, for rates) for each sex.

    Approved figures are shown but disabled, and never sent to the service, so a grid
    save can not trip over them; blank cells are skipped, never deleted.
    """

    def __init__(
        self,
        *args,
        indicator: Indicator,
        existing: dict[str, Measurement],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.existing = existing
        # Shown beside the inputs by the grid: the target for the year, last year's total.
        self.target: Target | None = None
        self.last_year: Measurement | None = None
        parts = RATIO_PARTS if indicator.is_rate else ("value",)
        for sex in grid_sexes(indicator, existing):
            current = existing.get(sex)
            for part in parts:
                stored = getattr(current, part) if current else None
                self.fields[f"{sex}_{part}"] = LocalNumberField(
                    # The column heading names the sex; the label names the part.
                    label=Measurement._meta.get_field(part).verbose_name,
                    required=False,
                    max_digits=20,
                    decimal_places=4,
                    whole=part == "value" and indicator.counts,
                    places=indicator.places if part == "value" else None,
                    stored=stored,
                    # Figures fed by care-model reports are shown, never typed.
                    disabled=bool(current and current.is_locked) or indicator.is_fed,
                    initial=stored,
                    widget=LocalNumberInput(attrs={"size": 8}),
                )
            # Saved with the grid so that a figure changed meanwhile is a conflict; 0 for a
            # cell that was empty, so a figure someone else created meanwhile is one too.
            self.fields[f"{sex}_version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=0,
                initial=current.version if current is not None else 0,
            )

    @property
    def target_text(self) -> str:
        """The target for the grid's year, as the target list writes it: "≥ 35%"."""
        if self.target is None:
            return ""
        value = format_value(self.target.value, self.indicator)
        return f"{self.target.get_comparator_display()} {value}"

    @property
    def last_year_text(self) -> str:
        """Last year's total, with its unit: what the officer compares the new figure with."""
        if self.last_year is None:
            return ""
        return format_value(self.last_year.value, self.indicator)

    def cells(self) -> list[dict]:
        """What the template shows for each sex: its inputs and the figure's status."""
        cells = []
        for sex, sex_label in Sex.choices:
            current = self.existing.get(sex)
            if f"{sex}_version" not in self.fields:
                # Not split by sex: no inputs under the female and male headings.
                cells.append({"sex": sex_label, "fields": [], "hidden": [], "absent": True})
                continue
            cells.append(
                {
                    "sex": sex_label,
                    "fields": [
                        self[name]
                        for name in self.fields
                        if name.startswith(f"{sex}_") and not name.endswith("_version")
                    ],
                    "hidden": [self[f"{sex}_version"]] if f"{sex}_version" in self.fields else [],
                    "status": current.get_status_display() if current else "",
                    "locked": bool(current and current.is_locked),
                }
            )
        return cells

    def figures(self, area: Area, period: str) -> list[tuple[str, FigureInput]]:
        """The filled, unlocked cells of this row as figures for `measurements_save`."""
        result = []
        if self.indicator.is_fed:
            return result
        for sex in Sex.values:
            if f"{sex}_version" not in self.fields:
                continue
            current = self.existing.get(sex)
            if current is not None and current.is_locked:
                continue
            numbers = {
                part: self.cleaned_data.get(f"{sex}_{part}")
                for part in RATIO_PARTS
                if f"{sex}_{part}" in self.fields
            }
            if all(number is None for number in numbers.values()):
                continue
            figure = FigureInput(
                indicator=self.indicator,
                area=area,
                period=period,
                sex=sex,
                version=self.cleaned_data.get(f"{sex}_version"),
                **numbers,
            )
            result.append((sex, figure))
        return result

    def add_figure_errors(self, sex: str, errors: dict[str, list[str]]) -> None:
        """Put a service's messages for one sex of this row next to its inputs."""
        for name, messages in errors.items():
            field_name = f"{sex}_{name}"
            if field_name in self.fields:
                self.add_error(field_name, messages)
            elif name == "sex":
                # The female + male = total check speaks for the whole row: say it once.
                new = [m for m in messages if m not in self.non_field_errors()]
                if new:
                    self.add_error(None, new)
            else:
                self.add_error(None, [f"{Sex(sex).label}: {m}" for m in messages])


class NextPhaseForm(forms.Form):
    """The new phase's name and years, asked for before it is planned from the chosen one."""

    name = forms.CharField(label=_("name"), max_length=100)
    start_year = forms.IntegerField(label=_("start year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    end_year = forms.IntegerField(label=_("end year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class ReasonForm(forms.Form):
    """The reason asked for before figures are returned or reopened."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in each figure's history; the data-entry officer reads it."),
    )
