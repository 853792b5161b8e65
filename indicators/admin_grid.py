"""The figure grid of the admin: every indicator of a phase for one area and period, on one page.

A mixin of `MeasurementAdmin`. The whole grid is saved by one call to `measurements_save`,
so either every filled cell lands or none does, and the service's messages are put
next to the cells they concern.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tree import in_subtree
from indicators.admin_workflow import show_warnings
from indicators.forms import GridRowForm, GridSelectionForm
from indicators.models import Indicator, Measurement, ReportingFrequency, Sex, Target
from indicators.services import (
    SUBMIT,
    BatchInvalid,
    FigureInput,
    FigureRefused,
    measurements_save,
    measurements_transition,
)
from indicators.services.quality import quality_warnings
from programmes.models import Area, Phase
from programmes.roles import area_scope

# The name of the grid's second button: submit its drafts for review instead of saving.
SUBMIT_ALL = "submit_all"


class FigureGridMixin:
    """The grid's URL, page and save, for the figures' admin."""

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "can_use_grid": self._may_use_grid(request)}
        return super().changelist_view(request, extra_context)

    def _may_use_grid(self, request: HttpRequest) -> bool:
        """The grid both creates and updates figures, so it needs both permissions."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self) -> list[URLPattern]:
        grid = path(
            "grid/",
            self.admin_site.admin_view(self.grid_view),
            name="indicators_measurement_grid",
        )
        return [grid, *super().get_urls()]

    def grid_view(self, request: HttpRequest) -> HttpResponse:
        """Enter every indicator of a phase for one area and one year on one page.

        The phase, area and year come from the query string so the page can be
        bookmarked and shared. The whole grid is saved by one call to
        `measurements_save`: either every filled cell lands or none does.
        """
        if not self._may_use_grid(request):
            raise PermissionDenied
        if request.method == "GET" and not request.GET and (url := self._preselected(request)):
            return redirect(url)
        selection = GridSelectionForm(request.GET or None, admin_site=self.admin_site)
        selection.fields["area"].queryset = Area.objects.writable_by(request.user)
        rows: list[GridRowForm] = []
        if selection.is_valid():
            if request.method == "POST" and SUBMIT_ALL in request.POST:
                self._grid_submit(request, selection)
                return redirect(request.get_full_path())
            rows = self._grid_rows(request, selection)
            if request.method == "POST" and self._grid_save(request, selection, rows):
                return redirect(request.get_full_path())
        self._offer_half_years(selection)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Enter figures for one area and period"),
            "selection": selection,
            "rows": rows,
            "may_submit": request.user.has_perm(SUBMIT.permission),
            "media": self.media + selection.media,
        }
        return TemplateResponse(request, "admin/indicators/measurement/grid.html", context)

    def _offer_half_years(self, selection: GridSelectionForm) -> None:
        """Offer half-years only once a phase with indicators reported six-monthly is
        chosen (`reporting_frequency`); a refused half-year stays shown with its error."""
        phase = getattr(selection, "cleaned_data", {}).get("phase")
        if selection["half"].errors or (phase is not None and selection.half_yearly(phase)):
            return
        selection.fields["half"].widget = forms.HiddenInput()

    def _preselected(self, request: HttpRequest) -> str | None:
        """For an officer bound to one area: the grid of that area, in the latest phase of
        a programme covering it that has begun, for its last full year (a URL to keep)."""
        paths = area_scope(request.user)
        if not paths or len(paths) != 1:
            return None
        area = Area.objects.filter(path=paths[0]).first()
        last_year = timezone.localdate().year - 1
        phases = Phase.objects.filter(start_year__lte=last_year).select_related("programme__area")
        covering = [
            phase
            for phase in phases.order_by("-start_year", "pk")
            if area is not None and in_subtree(area.path, phase.programme.area.path)
        ]
        if not covering:
            return None
        phase = covering[0]
        query = {"phase": phase.pk, "area": area.pk, "year": min(phase.end_year, last_year)}
        return f"{request.path}?{urlencode(query)}"

    def _grid_rows(self, request: HttpRequest, selection: GridSelectionForm) -> list[GridRowForm]:
        """One form per indicator of the phase, prefilled with the figures that exist."""
        phase: Phase = selection.cleaned_data["phase"]
        area = selection.cleaned_data["area"]
        indicators = (
            Indicator.objects.filter(phase=phase)
            .select_related("objective", "phase")
            .order_by("objective__number", "code")
        )
        if selection.cleaned_data.get("half"):
            # A half-year is entered only for the indicators reported six-monthly.
            indicators = indicators.filter(reporting_frequency=ReportingFrequency.HALF_YEAR)
        existing: dict[int, dict[str, Measurement]] = defaultdict(dict)
        figures = Measurement.objects.visible_to(request.user).filter(
            indicator__phase=phase, area=area, period=selection.period
        )
        for measurement in figures:
            existing[measurement.indicator_id][measurement.sex] = measurement
        data = request.POST if request.method == "POST" else None
        rows = [
            GridRowForm(
                data,
                indicator=indicator,
                existing=existing[indicator.pk],
                prefix=f"indicator-{indicator.pk}",
            )
            for indicator in indicators
        ]
        self._grid_context(request, rows, phase, area, selection.cleaned_data["year"])
        return rows

    def _grid_context(self, request: HttpRequest, rows: list, phase: Phase, area, year: int):
        """Beside each row: the target for the year and last year's total (two queries)."""
        targets = {
            target.indicator_id: target
            for target in Target.objects.filter(
                indicator__phase=phase, area=area, year=year
            ).order_by()
        }
        last_year = {
            figure.indicator_id: figure
            for figure in Measurement.objects.visible_to(request.user)
            .filter(indicator__phase=phase, area=area, period=str(year - 1), sex=Sex.TOTAL)
            .order_by()
        }
        for row in rows:
            row.target = targets.get(row.indicator.pk)
            row.last_year = last_year.get(row.indicator.pk)

    def _grid_submit(self, request: HttpRequest, selection: GridSelectionForm) -> None:
        """Submit for review every draft or returned figure the grid shows, all or none."""
        figures = (
            Measurement.objects.visible_to(request.user)
            .filter(
                indicator__phase=selection.cleaned_data["phase"],
                area=selection.cleaned_data["area"],
                period=selection.period,
                status__in=SUBMIT.sources,
            )
            .select_related("indicator", "area")
            .order_by("indicator__code", "sex")
        )
        try:
            moved = measurements_transition(
                measurements=list(figures), user=request.user, transition=SUBMIT
            )
        except (FigureRefused, PermissionDenied) as error:
            self.message_user(
                request, _("Nothing was changed: %(error)s") % {"error": error}, messages.ERROR
            )
            return
        self.message_user(
            request,
            _("%(count)s figure(s) submitted for review.") % {"count": len(moved)},
            messages.SUCCESS if moved else messages.WARNING,
        )

    def _grid_save(
        self, request: HttpRequest, selection: GridSelectionForm, rows: list[GridRowForm]
    ) -> bool:
        """Save the filled cells of every row at once; say what happened; True if saved."""
        # Validate every row, not just up to the first bad one, so all errors show.
        valid = [row.is_valid() for row in rows]
        if not all(valid):
            self.message_user(
                request, _("Nothing was saved; correct the rows marked below."), messages.ERROR
            )
            return False
        area, period = selection.cleaned_data["area"], selection.period
        figures: list[FigureInput] = []
        owners: list[tuple[GridRowForm, str]] = []
        for row in rows:
            for sex, figure in row.figures(area, period):
                figures.append(figure)
                owners.append((row, sex))
        if not figures:
            self.message_user(request, _("There was nothing to save."), messages.WARNING)
            return False
        try:
            result = measurements_save(figures=figures, user=request.user)
        except BatchInvalid as error:
            for index, row_errors in error.row_errors.items():
                row, sex = owners[index]
                row.add_figure_errors(sex, row_errors)
            self.message_user(
                request, _("Nothing was saved; correct the rows marked below."), messages.ERROR
            )
            return False
        except FigureRefused as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            _("Saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
            messages.SUCCESS,
        )
        # Rule 10: nothing blocks entry, but whoever enters sees what the figures break.
        show_warnings(self, request, quality_warnings(result.measurements))
        return True
