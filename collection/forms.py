"""The filters of the completeness and data-quality pages: plain GET forms, so every
view has a shareable URL. Only the areas the user may see are offered (and accepted)."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import PERIOD_PATTERN
from programmes.models import Area, AreaLevel, Phase, Programme
from programmes.roles import area_scope


class AreaChoiceField(forms.ModelChoiceField):
    """Areas by code, indented by level so the tree reads in a plain select."""

    INDENT = {AreaLevel.PROVINCE: "", AreaLevel.DISTRICT: "— ", AreaLevel.COMMUNE: "— — "}

    def label_from_instance(self, obj: Area) -> str:
        return f"{self.INDENT.get(obj.level, '')}{obj.name}"


def areas_for(user, root: Area):
    """Provinces and districts of `root`'s tree that `user` may see, and the user's own
    assigned areas (a commune officer's commune among them)."""
    areas = Area.objects.in_tree_of(root).only("id", "code", "name", "level", "path")
    scope = area_scope(user)
    keep = ~Q(level=AreaLevel.COMMUNE)
    if scope is None:
        return areas.filter(keep)
    return areas.filter(keep | Q(path__in=scope)).writable_by(user)


class CompletenessFilter(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.select_related("area"), empty_label=None
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=6,
        validators=[
            RegexValidator(PERIOD_PATTERN, _('A year ("2020") or a half-year ("2020S1").'))
        ],
    )
    area = AreaChoiceField(
        label=_("Area"), queryset=Area.objects.none(), to_field_name="code", required=False
    )

    def __init__(self, *args, programme: Programme, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user, programme.area)
        self.fields["area"].empty_label = None


class DataQualityFilter(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.select_related("programme__area").order_by(
            "programme__code", "start_year"
        ),
        empty_label=None,
    )
    area = AreaChoiceField(
        label=_("Area"), queryset=Area.objects.none(), to_field_name="code", required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, phase: Phase, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user, phase.programme.area)
        self.fields["area"].empty_label = None
        self.fields["year"].choices = [
            (str(year), str(year)) for year in range(phase.start_year, phase.end_year + 1)
        ]
