"""The filters of the dashboard pages: plain GET forms, so every view has a shareable URL."""

import datetime

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.tree import subtree_q
from dashboards.access import areas_offered, sees_every_area
from programmes.lineage import predecessor_paths
from programmes.models import Area, AreaLevel, Phase, Programme

TOOK_OVER = _("%(name)s (includes: %(names)s)")


class QuickSelect(forms.Select):
    """A select written in one pass, the same HTML as Django's: the form renderer's two
    templates for every option took some 0.1 ms each, 11 ms of every page of a province
    with a hundred communes."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for _group, options, _index in widget["optgroups"]:
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
        parts.append("</select>")
        return mark_safe("".join(parts))


class AreaChoiceField(forms.ModelChoiceField):
    """Areas by code, indented by level so the tree reads in a plain select."""

    INDENT = {AreaLevel.PROVINCE: "", AreaLevel.DISTRICT: "— ", AreaLevel.COMMUNE: "— — "}

    def label_from_instance(self, obj: Area) -> str:
        return f"{self.INDENT.get(obj.level, '')}{obj.name}"


class _WithPredecessors(ModelChoiceIterator):
    """The choices with each unit's predecessors, in one more query; validating a choice
    (`queryset.get`) does without them."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        super().__init__(field)
        # By the accent-free name, which sorts alike on every database.
        names = Area.objects.only("id", "name").order_by("search_text", "code")
        self.queryset = self.queryset.prefetch_related(Prefetch("predecessors", queryset=names))


class SuccessionAreaChoiceField(AreaChoiceField):
    """A unit that took over others says so: "Xã Mới (includes: Xã A, Xã B)"."""

    iterator = _WithPredecessors

    def label_from_instance(self, obj: Area) -> str:
        label = super().label_from_instance(obj)
        earlier = [area.name for area in obj.predecessors.all()]
        return TOOK_OVER % {"name": label, "names": ", ".join(earlier)} if earlier else label


def _year_choices(first: int, last: int) -> list[tuple[str, str]]:
    """Years as text, so the language's thousands separator never splits them."""
    return [(str(year), str(year)) for year in range(first, last + 1)]


class AreaYearFilter(forms.Form):
    """An area of the programme's tree and a year of the phase.

    For a chosen year, the units valid on its last day (DESIGN §4 rule 8) in the trees of
    the programme's area and of the units it took over, and the programme's area itself
    (summed from its predecessors for a year before it existed); with no year, the units
    valid at some point of the phase. Only the areas `user` may see are offered (and
    accepted): a data-entry officer's assigned subtrees and their predecessors'.
    """

    area = SuccessionAreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        widget=QuickSelect,
    )
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )

    def __init__(self, *args, phase: Phase, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas, keep = self._areas(phase)
        self.fields["area"].queryset = areas_offered(
            user, areas.only("id", "code", "name", "level", "path"), keep=keep
        )
        self.fields["area"].empty_label = None
        self.fields["year"].choices = _year_choices(phase.start_year, phase.end_year)

    def _year(self, phase: Phase) -> int | None:
        """The year asked for (or shown by default), if it is one of the phase's."""
        try:
            year = int(self.data.get("year") if self.is_bound else self.initial.get("year"))
        except (TypeError, ValueError):
            return None
        return year if phase.start_year <= year <= phase.end_year else None

    def _areas(self, phase: Phase) -> tuple[QuerySet, Q | None]:
        """The areas to offer, and which of them to keep (a user's own are kept anyway)."""
        root = phase.programme.area
        year = self._year(phase)
        if year is None:
            phase_span = (
                datetime.date(phase.start_year, 1, 1),
                datetime.date(phase.end_year, 12, 31),
            )
            return Area.objects.in_tree_of(root).valid_between(*phase_span), None
        trees = Area.objects.filter(subtree_q("path", [root.path, *predecessor_paths([root.pk])]))
        last_day = datetime.date(year, 12, 31)
        valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=last_day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=last_day)
        )
        return trees, valid | Q(pk=root.pk)


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
