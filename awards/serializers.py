"""The API's shape of award forms, decisions, recipients and the statistics (DESIGN.md §6).

Serializers describe shape only: a decision or a recipient is checked and saved by
`awards.services` (see `awards.api`), so the API refuses what the admin refuses, with
the same messages. The award form is given and returned by its `code`, areas by their
code, other foreign keys by id.
"""

from rest_framework import serializers

from awards.models import AwardDecision, AwardForm, Commendation
from awards.privacy import PERSONAL_FIELDS, details_visible
from core.api import ModelSerializer, PlainDecimalField
from programmes.models import MAX_YEAR, MIN_YEAR, Area, Phase, Programme


class AwardFormSerializer(ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language of the request.")
    # Plain strings: the same choice set as a commendation's `recipient_kind`, which
    # the schema already names.
    recipient_kinds = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Which of collective, individual, household the form may be given to.",
    )

    class Meta:
        model = AwardForm
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "recipient_kinds",
            "issuer_level",
            "name_vi",
            "name_en",
            "bonus_coefficient_individual",
            "bonus_coefficient_collective",
            "bonus_coefficient_household",
        ]


class AwardDecisionSerializer(ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", queryset=AwardForm.objects.all())
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    phase = serializers.PrimaryKeyRelatedField(
        queryset=Phase.objects.all(), required=False, allow_null=True
    )
    base_salary = PlainDecimalField(
        max_digits=12,
        decimal_places=0,
        required=False,
        help_text="VND; when left out, the base salary in force on the signing date.",
    )
    # Annotated by the viewset's queryset (`awards.selectors.decisions_with_totals`).
    recipients_count = serializers.IntegerField(read_only=True)
    total_bonus_vnd = PlainDecimalField(
        source="total_bonus", max_digits=18, decimal_places=0, read_only=True
    )

    class Meta:
        model = AwardDecision
        fields = [
            "id",
            "number",
            "signed_on",
            "issuer_level",
            "form",
            "reason",
            "programme",
            "phase",
            "recipients_count",
            "year",
            "issuer_name",
            "signer_name",
            "signer_capacity",
            "occasion",
            "legal_regime",
            "base_salary",
            "total_bonus_vnd",
        ]
        read_only_fields = ["year", "legal_regime"]
        # The number is unique per issuer and year: `award_decision_create` says so, with
        # the service's message, rather than a generic validator.
        validators = []


class CommendationSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )
    bonus_vnd = PlainDecimalField(
        source="bonus", max_digits=14, decimal_places=0, read_only=True, allow_null=True
    )
    decision_number = serializers.CharField(source="decision.number", read_only=True)
    form = serializers.CharField(source="decision.form.code", read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "decision",
            "recipient_kind",
            "name",
            "sex",
            "position",
            "organisation",
            "area",
            "bonus_vnd",
            "decision_number",
            "form",
        ]

    def to_representation(self, instance: Commendation) -> dict:
        """An individual's sex, position and organisation are null for a reader who may not
        see them (`awards.privacy`)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not details_visible(request.user, instance):
            data.update(dict.fromkeys(PERSONAL_FIELDS))
        return data


class StatsQuerySerializer(serializers.Serializer):
    phase = serializers.PrimaryKeyRelatedField(queryset=Phase.objects.all(), required=False)
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all(), required=False)


class FormStatsSerializer(serializers.Serializer):
    form = serializers.CharField()
    decisions = serializers.IntegerField()
    recipients = serializers.IntegerField()


class YearStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    decisions = serializers.IntegerField()
    recipients = serializers.IntegerField()


class RecipientKindStatsSerializer(serializers.Serializer):
    collective = serializers.IntegerField()
    individual = serializers.IntegerField()
    household = serializers.IntegerField()


class AwardStatsSerializer(serializers.Serializer):
    decisions = serializers.IntegerField()
    recipients = serializers.IntegerField()
    by_form = FormStatsSerializer(many=True)
    by_year = YearStatsSerializer(many=True)
    by_recipient_kind = RecipientKindStatsSerializer()
    individuals_female = serializers.IntegerField()
    individuals_male = serializers.IntegerField()
    female_share_percent = PlainDecimalField(max_digits=4, decimal_places=1, allow_null=True)
    total_bonus_vnd = PlainDecimalField(max_digits=18, decimal_places=0)
