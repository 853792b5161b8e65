"""The API's shape of care models, their reports, partners and contributions (DESIGN.md §6).

Areas are given and returned by their `code`; other foreign keys by id. The rules run in
`care.services`, which the views call; these describe shape only.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from care.choices import COUNT_FIELDS, OUTCOME_FIELDS, CareModelKind
from care.models import CareModel, CareModelReport, Contribution, Partner
from care.services.care_models import CARE_MODEL_FIELDS
from core.api import CleanedModelSerializer, ModelSerializer
from programmes.models import Area
from programmes.serializers import YEAR_RANGE

COUNT_MAX = {"max_value": 2**31 - 1}
MONEY_MAX = {"max_value": 10**15}


class CareModelSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())

    class Meta:
        model = CareModel
        fields = ["id", *CARE_MODEL_FIELDS]


class GroupsField(serializers.DictField):
    """Children reached per group of special circumstances: {"disability": 12, ...}."""

    def __init__(self, **kwargs) -> None:
        super().__init__(child=serializers.IntegerField(**COUNT_MAX), **kwargs)

    def to_representation(self, value) -> dict:
        return {row.group: row.children for row in value.all()}


class CareModelReportSerializer(ModelSerializer):
    kind = serializers.CharField(source="care_model.kind", read_only=True)
    beneficiaries_total = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("Girls + boys; computed when left out."),
        **COUNT_MAX,
    )
    groups = GroupsField(
        required=False,
        help_text=_(
            "Children reached per group of special circumstances (Law on Children 2016, "
            "Art. 10), by group code; a group left out has none."
        ),
    )

    class Meta:
        model = CareModelReport
        fields = [
            "id",
            "care_model",
            "kind",
            "period",
            "year",
            "beneficiaries_female",
            "beneficiaries_male",
            "beneficiaries_total",
            *OUTCOME_FIELDS,
            "state_budget_vnd",
            "mobilised_vnd",
            "groups",
            "note",
        ]
        read_only_fields = ["year"]
        extra_kwargs = {
            **{name: COUNT_MAX for name in COUNT_FIELDS if name != "beneficiaries_total"},
            "state_budget_vnd": MONEY_MAX,
            "mobilised_vnd": MONEY_MAX,
            # The service checks the period and gives the message officers know.
            "period": {"validators": []},
        }
        # (care_model, period) is checked by the service with its message, and so is a
        # report moved to another model.
        validators = []


class PartnerSerializer(CleanedModelSerializer):
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "area", "note"]


class ContributionSerializer(ModelSerializer):
    class Meta:
        model = Contribution
        fields = [
            "id",
            "partner",
            "care_model",
            "programme",
            "date",
            "cash_vnd",
            "in_kind_description",
        ]
        extra_kwargs = {"cash_vnd": {"required": False, **MONEY_MAX}}


class CareModelSummaryQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEAR_RANGE)
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        help_text=_("The area's code; the area and every area below it. All areas if left out."),
    )


class CareModelKindSummarySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CareModelKind.choices)
    models_running = serializers.IntegerField()
    reports = serializers.IntegerField()
    beneficiaries_female = serializers.IntegerField()
    beneficiaries_male = serializers.IntegerField()
    beneficiaries_total = serializers.IntegerField()
    state_budget_vnd = serializers.IntegerField()
    mobilised_vnd = serializers.IntegerField()
    contributions_vnd = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class CareModelSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    area = serializers.CharField(allow_null=True)
    kinds = CareModelKindSummarySerializer(many=True)
