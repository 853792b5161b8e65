"""API v1 views of award forms, decisions and recipients, and the award statistics.

Views stay thin: decisions are written by `award_decision_create` /
`award_decision_update` and recipients by `commendation_create` /
`commendation_update`, the functions the admin calls, so a rule refused in the admin is
refused here with the same message (400 `{"field": [...]}`). The statistics are
`awards.selectors.award_stats`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from awards.filters import AwardDecisionFilter, AwardFormFilter, CommendationFilter
from awards.models import AwardDecision, AwardForm, Commendation
from awards.privacy import details_visible_q
from awards.selectors import award_stats, decisions_with_totals
from awards.serializers import (
    AwardDecisionSerializer,
    AwardFormSerializer,
    AwardStatsSerializer,
    CommendationSerializer,
    StatsQuerySerializer,
)
from awards.services import (
    RecipientInput,
    award_decision_create,
    award_decision_update,
    commendation_create,
    commendation_update,
)
from core.api import CSVListMixin, json_action

RECIPIENT_CANNOT_MOVE = _(
    "A recipient cannot move to another decision; delete it here and add it to the other one."
)


class AwardFormViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """The forms of commendation and emulation titles the law defines (read-only)."""

    queryset = AwardForm.objects.all()
    serializer_class = AwardFormSerializer
    filterset_class = AwardFormFilter
    csv_filename = "award-forms"

    def _csv_rows(self, queryset):
        for row in super()._csv_rows(queryset):
            # One cell per form: "collective, individual", not a Python list.
            yield {**row, "recipient_kinds": ", ".join(row["recipient_kinds"])}


class AwardDecisionViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Award decisions; `form` is the award form's code. Saved through the services."""

    # The totals group rows, and Django drops Meta.ordering from grouped queries.
    queryset = decisions_with_totals(AwardDecision.objects.select_related("form")).order_by(
        "-signed_on", "number", "pk"
    )
    serializer_class = AwardDecisionSerializer
    filterset_class = AwardDecisionFilter
    csv_filename = "award-decisions"

    def perform_create(self, serializer: AwardDecisionSerializer) -> None:
        decision = award_decision_create(**serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=decision.pk)

    def perform_update(self, serializer: AwardDecisionSerializer) -> None:
        decision = award_decision_update(decision=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=decision.pk)

    @extend_schema(
        parameters=[StatsQuerySerializer],
        responses={200: AwardStatsSerializer, 400: OpenApiTypes.OBJECT},
    )
    @json_action(detail=False)
    def stats(self, request: Request) -> Response:
        """Decisions and recipients by form, by recipient kind and by sex, and total bonus.

        Filters combine: the decisions' `phase` and `programme` (ids) and the `year`
        they were signed.
        """
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = award_stats(**query.validated_data)
        return Response(AwardStatsSerializer(stats).data)


class CommendationViewSet(CSVListMixin, viewsets.ModelViewSet):
    """The recipients named in decisions; `area` is the area's code. Saved through the services."""

    queryset = Commendation.objects.select_related("decision__form", "area")
    serializer_class = CommendationSerializer
    filterset_class = CommendationFilter
    csv_filename = "commendations"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "sex" in self.request.query_params:
            # Filtering by sex must not reveal the sex of those whose details are hidden.
            queryset = queryset.filter(details_visible_q(self.request.user))
        return queryset

    def perform_create(self, serializer: CommendationSerializer) -> None:
        serializer.instance = commendation_create(**serializer.validated_data)

    def perform_update(self, serializer: CommendationSerializer) -> None:
        current, data = serializer.instance, serializer.validated_data
        if "decision" in data and data["decision"].pk != current.decision_id:
            raise exceptions.ValidationError({"decision": [RECIPIENT_CANNOT_MOVE]})
        recipient = RecipientInput(
            recipient_kind=data.get("recipient_kind", current.recipient_kind),
            name=data.get("name", current.name),
            sex=data.get("sex", current.sex),
            position=data.get("position", current.position),
            organisation=data.get("organisation", current.organisation),
            area=data.get("area", current.area),
        )
        serializer.instance = commendation_update(commendation=current, recipient=recipient)
