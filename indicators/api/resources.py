"""API v1 resources of indicators and targets; saved by `indicator_save` and `target_save`."""

from django.db import models
from rest_framework import serializers, viewsets

from core.api import CSVListMixin
from indicators.api.read_models import ProgressMixin
from indicators.filters import IndicatorFilter, TargetFilter
from indicators.models import Indicator, Target
from indicators.serializers import IndicatorSerializer, TargetSerializer
from indicators.services import indicator_save, target_delete, target_save


def _with_changes(instance: models.Model, serializer: serializers.Serializer) -> models.Model:
    for name, value in serializer.validated_data.items():
        setattr(instance, name, value)
    return instance


class IndicatorViewSet(ProgressMixin, CSVListMixin, viewsets.ModelViewSet):
    """Indicators; `phase` is read-only, taken from the objective."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    csv_filename = "indicators"

    def get_queryset(self):
        if self.action == "progress":
            return Indicator.objects.select_related("phase__programme__area", "previous__phase")
        return super().get_queryset()

    def perform_create(self, serializer: IndicatorSerializer) -> None:
        serializer.instance = indicator_save(indicator=Indicator(**serializer.validated_data))

    def perform_update(self, serializer: IndicatorSerializer) -> None:
        indicator = _with_changes(serializer.instance, serializer)
        serializer.instance = indicator_save(indicator=indicator)


class TargetViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Targets of an indicator for an area and year; saved through `target_save`.

    The targets of a phase whose plan is approved answer 409 to any change.
    """

    queryset = Target.objects.select_related("area")
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    csv_filename = "targets"

    def perform_create(self, serializer: TargetSerializer) -> None:
        serializer.instance = target_save(target=Target(**serializer.validated_data))

    def perform_update(self, serializer: TargetSerializer) -> None:
        serializer.instance = target_save(target=_with_changes(serializer.instance, serializer))

    def perform_destroy(self, instance: Target) -> None:
        target_delete(target=instance)
