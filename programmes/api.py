"""API v1 views of areas, programmes, phases and objectives.

Each is a plain CRUD viewset: any signed-in user reads, writes need the model's Django
permission, and every write runs the model's own checks (see `CleanedModelSerializer`).
The phase scorecard lives with the indicators (`indicators.api`), which own the rules.
"""

from rest_framework import viewsets

from config.api import CSVListMixin
from programmes.filters import AreaFilter, ObjectiveFilter, PhaseFilter, ProgrammeFilter
from programmes.models import Area, Objective, Phase, Programme
from programmes.serializers import (
    AreaSerializer,
    ObjectiveSerializer,
    PhaseSerializer,
    ProgrammeSerializer,
)


class AreaViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Administrative units; `parent` is the parent's code."""

    queryset = Area.objects.select_related("parent")
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    csv_filename = "areas"


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
