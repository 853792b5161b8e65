"""The filters of the dashboard pages: plain GET forms, so every view has a shareable URL."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dashboards.access import areas_offered, sees_every_area
from programmes.models import Area, AreaLevel, Phase, Programme


class AreaChoiceField(forms.ModelChoiceField):
    """Areas by code, indented by level so the tree reads in a plain select."""

    INDENT = {AreaLevel.PROVINCE: "", AreaLevel.DISTRICT: "— ", AreaLevel.COMMUNE: "— — "}

    def label_from_instance(self, obj: Area) -> str:
        return f"{self.INDENT.get(obj.level, '')}{obj.name}"


def _year_choices(first: int, last: int) -> list[tuple[str, str]]:
    """Years as text, so the language's thousands separator never splits them."""
    return [(str(year), str(year)) for year in range(first, last + 1)]


class AreaYearFilter(forms.Form):
    """An area of the programme's tree (valid during the phase) and a year of the phase.

    Only the areas `user` may see are offered (and accepted): a data-entry officer's
    assigned subtrees.
    """

    area = AreaChoiceField(
        label=_("Area"), queryset=Area.objects.none(), to_field_name="code", required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, phase: Phase, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_offered(
            user,
            Area.objects.in_tree_of(phase.programme.area)
            .valid_between(
                datetime.date(phase.start_year, 1, 1), datetime.date(phase.end_year, 12, 31)
            )
            .only("id", "code", "name", "level", "path"),
        )
        self.fields["area"].empty_label = None
        self.fields["year"].choices = _year_choices(phase.start_year, phase.end_year)


class CareModelFilter(forms.Form):
    """A year and an area: districts and the province, or every area for those who may
    see them all; a data-entry officer gets only the assigned subtrees (their own
    communes included) and no "All areas"."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All areas"),
    )

    def __init__(self, *args, today: datetime.date, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(2011, today.year)[::-1]
        area = self.fields["area"]
        area.queryset = areas_offered(
            user,
            Area.objects.only("id", "code", "name", "level", "path"),
            keep=~Q(level=AreaLevel.COMMUNE),
        )
        if not sees_every_area(user):
            area.empty_label = None


class CommendationFilter(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.only("id", "code", "name"),
        required=False,
        empty_label=_("All programmes"),
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.select_related("programme").only("id", "name", "programme__code"),
        required=False,
        empty_label=_("All phases"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *_year_choices(2011, today.year)[::-1]]
