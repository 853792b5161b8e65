"""API v1 views of areas, programmes, phases and objectives.

Reads and writes need the model's Django permission (the roles, see `programmes.roles`).
Every write runs the model's own checks (see `CleanedModelSerializer`). The phase
scorecard lives with the indicators (`indicators.api`), which own the rules.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, viewsets
from rest_framework.request import Request

from core.api import CSVListMixin
from programmes.filters import AreaFilter, ObjectiveFilter, PhaseFilter, ProgrammeFilter
from programmes.models import Area, Objective, Phase, Programme
from programmes.roles import area_in_scope
from programmes.serializers import (
    AreaSerializer,
    ObjectiveSerializer,
    PhaseSerializer,
    ProgrammeSerializer,
)
from programmes.services import area_move

AREA_OUT_OF_SCOPE = _("You may only see figures of your assigned areas; %(area)s is not one.")


def check_area_in_scope(request: Request, area: Area | None) -> None:
    """A read model of an area outside the user's areas is refused (403)."""
    if area is not None and not area_in_scope(request.user, area):
        raise exceptions.PermissionDenied(AREA_OUT_OF_SCOPE % {"area": area.name})


class AreaViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Administrative units; `parent` is the parent's code."""

    queryset = Area.objects.select_related("parent").prefetch_related(
        Prefetch("predecessors", queryset=Area.objects.only("id", "code")),
        Prefetch("successors", queryset=Area.objects.only("id", "code")),
    )
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    csv_filename = "areas"

    def perform_update(self, serializer: AreaSerializer) -> None:
        area = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(area, name, value)
        serializer.instance = area_move(area=area, parent=area.parent)  # the areas below follow


class ProgrammeViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Programmes; `area` is the jurisdiction's code."""

    queryset = Programme.objects.select_related("area")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    csv_filename = "programmes"


class PhaseViewSet(CSVListMixin, viewsets.ModelViewSet):
    """A programme's phases; `previous` is the phase it continues."""

    queryset = Phase.objects.all()
    serializer_class = PhaseSerializer
    filterset_class = PhaseFilter
    csv_filename = "phases"


class ObjectiveViewSet(CSVListMixin, viewsets.ModelViewSet):
    """A phase's numbered objectives."""

    queryset = Objective.objects.all()
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    csv_filename = "objectives"
